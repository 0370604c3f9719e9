import Testing
@testable import WenshuDomain

@Suite struct PassportNameTests {
    @Test func uppercasePinyinNamePasses() {
        #expect(PassportName(surname: "ZHUGE", givenNames: "KONGMING").validate(field: "name").isEmpty)
        #expect(PassportName(surname: "ERIKSSON", givenNames: "ANNA MARIA").validate(field: "name").isEmpty)
        #expect(PassportName(surname: "ZHANG", givenNames: "").validate(field: "name").isEmpty)
    }

    @Test func emptySurnameLowercaseAndDoubleSpacesAreErrors() {
        #expect(PassportName(surname: "", givenNames: "WEI").validate(field: "name").map(\.rule) == ["icao9303.surname-empty"])
        let lower = PassportName(surname: "Zhang", givenNames: "WEI").validate(field: "name")
        #expect(lower.map(\.rule) == ["icao9303.name-charset"])
        #expect(lower.first?.field == "name.surname")
        #expect(lower.first?.suggestion == "ZHANG")
        let spaced = PassportName(surname: "ZHANG", givenNames: "ANNA  MARIA ").validate(field: "name")
        #expect(spaced.map(\.rule) == ["icao9303.name-spacing"])
        #expect(spaced.first?.suggestion == "ANNA MARIA")
        #expect(PassportName(surname: "LÜ", givenNames: "O'NEIL").validate(field: "n").count == 2)
    }

    @Test func mrzNameSeparatesPartsWithDoubleFillerAndPadsTo39() {
        let name = PassportName(surname: "ERIKSSON", givenNames: "ANNA MARIA").mrzName()
        #expect(name == "ERIKSSON<<ANNA<MARIA" + String(repeating: "<", count: 19))
        #expect(name.count == 39)
        #expect(PassportName(surname: "OUYANG", givenNames: "LELE").mrzName(width: 12) == "OUYANG<<LELE")
        #expect(PassportName(surname: "ZHANG", givenNames: "").mrzName(width: 8) == "ZHANG<<<")
        #expect(PassportName(surname: "ABCDEFGHIJ", givenNames: "KLMNOP").mrzName(width: 12) == "ABCDEFGHIJ<<")
        // Found by FuzzExpression: a width of 6.2e14 asked for 621 TB of filler, and a negative one trapped.
        #expect(PassportName(surname: "ZHANG", givenNames: "SAN").mrzName(width: 621_111_111_111_111).count == 88)
        #expect(PassportName(surname: "ZHANG", givenNames: "SAN").mrzName(width: -5) == "Z")
    }

    @Test func icaoSpecimenCheckDigitsMatch() {
        // L898902C36UTO7408122F1204159ZE184226B<<<<<10 (domain.md §2.1)
        #expect(MRZ.checkDigit("L898902C3") == 6)
        #expect(MRZ.checkDigit("740812") == 2)
        #expect(MRZ.checkDigit("120415") == 9)
        #expect(MRZ.checkDigit("ZE184226B<<<<<") == 1)
        #expect(MRZ.checkDigit("L898902C36" + "7408122" + "1204159ZE184226B<<<<<1") == 0)
        #expect(MRZ.validateTD3SecondLine("L898902C36UTO7408122F1204159ZE184226B<<<<<10", field: "mrz").isEmpty)
        #expect(MRZ.checkDigit("l898902c3") == nil)
    }

    @Test func alteredSpecimenLineReportsEachBrokenCheckDigit() {
        let issues = MRZ.validateTD3SecondLine("L898902C35UTO7408122F1204159ZE184226B<<<<<10", field: "mrz")
        // Document number check wrong (5 vs 6); composite covers it so it also fails.
        #expect(issues.map(\.rule) == ["icao9303.check-digit", "icao9303.check-digit"])
        #expect(MRZ.validateTD3SecondLine("SHORT", field: "mrz").map(\.rule) == ["icao9303.td3-length"])
    }
}
