import Foundation
import Testing
import Wenshu
import WenshuDiagnostics

/// Documents as insurers issue them (issue 14), read back from the PDF with pdftotext: currencies,
/// every benefit's own sum, beneficiaries, company holders, pinyin, 24:00 period ends, exempt
/// invoices, figures that never break. Text is compared with whitespace removed, since the
/// CJK–Latin gaps read as spaces and table cells wrap.
@Suite struct ContentDocumentTests {
    static func text(_ template: String, _ data: [UInt8]) throws -> (text: String, warnings: [Diagnostic]) {
        let result = try Support.service.render(template: template, data: data)
        let path = Support.temporaryDirectory() + "/doc.pdf"
        try #require(FileManager.default.createFile(atPath: path, contents: Data(result.files[0])))
        let out = try Support.run("pdftotext", [path, "-"])
        try #require(out.status == 0, "\(out.stderr)")
        return (out.stdout.filter { !$0.isWhitespace }, result.warnings)
    }

    static func compact(_ s: String) -> String { s.filter { !$0.isWhitespace } }

    static func errors(_ template: String, _ record: String) -> [Diagnostic] {
        do {
            _ = try Support.service.render(template: template, data: Array(record.utf8))
            return []
        } catch {
            return error.errors
        }
    }

    // MARK: currencies

    @Test func schengenEPolicyPrintsEachCoverageInItsOwnCurrency() throws {
        let text = try Self.text("epolicy", Support.sample("epolicy-schengen")).text
        for figure in ["EUR50,000.00", "EUR40,000.00", "EUR30,000.00", "¥200,000.00", "Unlimited/不限额", "Included/含"] {
            #expect(text.contains(figure), "missing \(figure)")
        }
        #expect(!text.contains("¥50,000.00") && !text.contains("¥40,000.00"), "EUR sums printed as ¥")
        #expect(text.contains("¥1,260.00") && text.contains("人民币壹仟贰佰陆拾元整"), "premium in CNY")
    }

    @Test func unknownCurrencyIsAnErrorAtItsPath() {
        let record = Support.record(from: "epolicy-schengen") { object in
            var coverages = object["coverages"] as! [[String: Any]]
            coverages[4]["currency"] = "XYZ"
            object["coverages"] = coverages
        }
        let found = Self.errors("epolicy", record).map { "\($0.location) \($0.code)" }
        #expect(found == ["$.coverages[4].currency CURRENCY"], "\(found)")
    }

    @Test func amountWithoutCurrencyIsAnErrorAtItsPath() {
        let record = Support.record(from: "epolicy-schengen") { object in object["currency"] = nil }
        let found = Set(Self.errors("epolicy", record).map { "\($0.location) \($0.code)" })
        #expect(found.contains("$.currency REQUIRED"))
        #expect(found.contains("$.coverages[0].sumInsured CURRENCY"), "\(found)")
        #expect(!found.contains("$.coverages[3].sumInsured CURRENCY"), "EUR 30000 states its own")
        #expect(!found.contains("$.coverages[4].sumInsured CURRENCY"), "the CNY row states its own")
    }

    // MARK: visa certificate

    @Test func certificatePrintsEachBenefitsOwnSum() throws {
        let text = try Self.text("visa-certificate", Support.sample("visa-certificate")).text
        for row in ["Medicalexpensesandurgentmedicalattention医疗费用及紧急医疗EUR50,000.00",
                    "Emergencyhospitaltreatment紧急住院治疗EUR40,000.00",
                    "Repatriationformedicalreasons医疗转运回国EUR35,000.00",
                    "Repatriationofremains遗体送返EUR30,000.00",
                    "24-hourworldwideemergencyassistance24小时全球紧急救援Included/含"] {
            #expect(text.contains(row), "missing row \(row)")
        }
    }

    @Test func certificateRefusesTerritoryTextThatContradictsTheFlag() {
        let limited = Support.record(from: "visa-certificate") { object in
            object["territory"] = ["allSchengen": true, "text": "France only 仅法国"]
        }
        #expect(Self.errors("visa-certificate", limited).map { "\($0.location) \($0.code)" } == ["$.territory.allSchengen SCHENGEN_TERRITORY"])
        let unflagged = Support.record(from: "visa-certificate") { object in
            object["territory"] = ["allSchengen": false, "text": "All Schengen States 全体申根国家"]
        }
        let found = Self.errors("visa-certificate", unflagged)
        #expect(!found.isEmpty && found.allSatisfy { $0.location == "$.territory.allSchengen" && $0.code == "SCHENGEN_TERRITORY" }, "\(found)")
    }

    @Test func certificateRefusesACoverBelowTheMinimumAtItsRow() {
        let record = Support.record(from: "visa-certificate") { object in
            var cover = object["cover"] as! [String: Any]
            var benefits = cover["benefits"] as! [[String: Any]]
            benefits[1]["sumInsured"] = "20000"
            cover["benefits"] = benefits
            object["cover"] = cover
        }
        #expect(Self.errors("visa-certificate", record).map { "\($0.location) \($0.code)" } == ["$.cover.benefits[1].sumInsured SCHENGEN_COVER"])
    }

    // MARK: beneficiaries, company holders, pinyin

    @Test func beneficiariesPrintOnPolicyAndCertificate() throws {
        let policy = try Self.text("epolicy", Support.sample("epolicy")).text
        #expect(policy.contains("法定LegalHeirs") || policy.contains("法定Legalheirs"))
        #expect(policy.contains("张伟（配偶Spouse）60%；张思源（子女Child）40%"))
        let certificate = try Self.text("visa-certificate", Support.sample("visa-certificate-hong-kong")).text
        #expect(certificate.contains("罗美薇（配偶Spouse）70%；张瑶华（子女Child）30%"))
    }

    @Test func companyPolicyholderShowsItsCreditCodeAndNoMobile() throws {
        let text = try Self.text("epolicy", Support.sample("epolicy-schengen")).text
        #expect(text.contains("统一社会信用代码USCC91310115MA1H7X2B0C"))
        #expect(!text.contains("手机Mobile"))
        let wrong = Support.record(from: "epolicy-schengen") { object in
            var holder = object["policyholder"] as! [String: Any]
            holder["uscc"] = "91310115MA1H7X2B0D"
            object["policyholder"] = holder
        }
        #expect(Self.errors("epolicy", wrong).map { "\($0.location) \($0.code)" } == ["$.policyholder.uscc CHECK_DIGIT"])
    }

    @Test func passportPinyinStandsNextToTheChineseName() throws {
        let (text, warnings) = try Self.text("epolicy", Support.sample("epolicy-schengen"))
        #expect(text.contains("欧阳乐乐OUYANGLELE"))
        #expect(text.contains("陈大文CHANTAIMAN"))
        // 陈大文 CHAN TAI MAN holds a Hong Kong permit: a note, never a Mandarin "correction".
        let notes = warnings.map { "\($0.severity.rawValue) \($0.location) \($0.code)" }
        #expect(notes == ["note $.insured[1].passportName PINYIN_REGIONAL_SPELLING"], "\(notes)")
        #expect(warnings.allSatisfy { !$0.hints.contains { $0.contains("expected") } })
    }

    @Test func pinyinThatMatchesNoReadingWarnsAtTheInsured() throws {
        let record = Support.record(from: "epolicy") { object in
            var insured = object["insured"] as! [[String: Any]]
            insured[2]["passportName"] = ["surname": "ZHANG", "givenNames": "SIYAUN"]
            insured[0]["passportName"] = ["surname": "ZHANG", "givenNames": "WEI"]
            object["insured"] = insured
        }
        let result = try Support.service.render(template: "epolicy", data: Array(record.utf8))
        let found = result.warnings.map { "\($0.location) \($0.code) \($0.hints.first ?? "")" }
        #expect(found == ["$.insured[2].passportName PINYIN_MISMATCH expected 'ZHANG SIYUAN'"], "\(found)")
    }

    // MARK: dates, invoices, figures

    @Test func periodEndsAtTwentyFourHundredOnPolicyAndCertificate() throws {
        let policy = try Self.text("epolicy", Support.sample("epolicy")).text
        #expect(policy.contains("2025年04月20日24时止"))
        #expect(policy.contains("20Apr202524:00"))
        #expect(!policy.contains("23时") && !policy.contains("23:59"))
        let certificate = try Self.text("visa-certificate", Support.sample("visa-certificate")).text
        #expect(certificate.contains("21May202524:00"))
        #expect(certificate.contains("2025年05月21日24时止"))
        // The same end written as the next day's 00:00 prints the same.
        let nextDay = Support.record(from: "epolicy") { object in
            object["period"] = ["start": "2025-04-01T00:00:00+08:00", "end": "2025-04-21T00:00:00+08:00", "timeZone": "北京时间 Beijing time"]
        }
        #expect(try Self.text("epolicy", Array(nextDay.utf8)).text.contains("2025年04月20日24时止"))
    }

    @Test func exemptInvoiceTotalsPrintStarsForTax() throws {
        let all = try Self.text("invoice", Support.sample("invoice-all-exempt")).text
        #expect(all.components(separatedBy: "***").count - 1 == 3, "two items and the totals row")
        #expect(!all.contains("¥0.00"))
        let mixed = try Self.text("invoice", Support.sample("invoice-exempt")).text
        #expect(mixed.contains("¥10.78"), "a mixed invoice totals its real tax")
    }

    @Test func hugeAmountShrinksInItsCellAndStaysOneFigure() throws {
        let result = try Support.service.render(template: "epolicy", data: Support.sample("epolicy-huge-amount"))
        let path = Support.temporaryDirectory() + "/huge.pdf"
        try #require(FileManager.default.createFile(atPath: path, contents: Data(result.files[0])))
        let html = try Support.run("pdftotext", ["-bbox", path, "-"]).stdout
        let words = ChineseTypesettingTests.Word.parse(html)
        let figure = try #require(words.first { $0.text == "¥999,999,999,999.99" }, "the figure is one word on one line")
        let normal = try #require(words.first { $0.text == "¥1,000,000.00" })
        let height = figure.yMax - figure.yMin, normalHeight = normal.yMax - normal.yMin
        #expect(height < normalHeight - 0.1, "shrunk: \(height) pt vs \(normalHeight) pt")
    }

    @Test func figureTooWideEvenAtTheFloorFailsNamingTheCell() throws {
        let root = Support.temporaryDirectory()
        try FileManager.default.createDirectory(atPath: root + "/narrow", withIntermediateDirectories: true)
        Support.write("""
        data:
          amount: { type: money, currency: CNY }
        body:
          - table:
              columns: [12mm, 1fr]
              rows:
                - ["{{ amount | money }}", "text"]
        """, to: root + "/narrow/template.yaml")
        let service = RenderService(fonts: Support.service.fonts, templateSearchPaths: [root])
        do {
            _ = try service.render(template: "narrow", data: Array(#"{"amount": "999999999999.99"}"#.utf8))
            Issue.record("rendered a figure wider than its cell")
        } catch {
            let d = try #require(error.errors.first)
            #expect(d.code == "LAYOUT_OVERFLOW")
            #expect(d.location.contains("template.yaml:7") && d.location.contains("$.amount"), "\(d.location)")
            #expect(d.message.contains("¥999,999,999,999.99"))
        }
    }
}
