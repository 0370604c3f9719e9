import Foundation
import Testing
import WenshuDiagnostics
import WenshuDocument
@testable import WenshuTemplates

@Suite struct EPolicyTests {
    @Test func fortyRowSampleGivesFortyBodyRowsUnderOneHeader() throws {
        let (doc, _) = try render("epolicy", "epolicy-40rows")
        let tables = flatten(doc.body).compactMap { b -> Table? in if case .table(let t) = b.content { t } else { nil } }
        let coverage = try #require(tables.first { $0.rows.count == 40 })
        #expect(coverage.header.count == 1)
        #expect(coverage.columns.count == 4)
        #expect(allText(doc.body).contains("人民币壹万陆仟肆佰零玖元零贰分"))
        #expect(doc.watermark == nil)
    }

    @Test func specimenPolicyMasksIDsAndNumbersPages() throws {
        let (doc, _) = try render("epolicy", "epolicy")
        let text = allText(doc.body)
        #expect(text.contains("310***********001X"))
        #expect(text.contains("138****0001"))
        #expect(!text.contains("31010519850312001X"))
        #expect(text.contains("¥1,004.50"))
        #expect(text.contains("人民币壹仟零肆元伍角"))
        #expect(text.contains("2025年04月01日00时"))
        #expect(doc.watermark?.text == "样本 SPECIMEN")
        #expect(doc.metadata.creationDate == "2025-03-01T10:15:00+08:00")
        let footerSpans = flatten(doc.footer).flatMap { b -> [Span] in if case .paragraph(let p) = b.content { p.spans } else { [] } }
        #expect(footerSpans.filter { $0.kind == .pageNumber }.count == 2)
        #expect(footerSpans.filter { $0.kind == .pageCount }.count == 2)
        let overlays = flatten(doc.body).filter { if case .overlay = $0.content { true } else { false } }
        #expect(overlays.count == 1)
        #expect(doc.page.width == PageSetup.a4.width)
    }

    @Test func dataThatLooksLikeTemplateSyntaxPrintsLiterally() throws {
        let (doc, _) = try render("epolicy", "epolicy")
        #expect(allText(doc.body).contains("{{ policyNumber }} 与 key: [value] 均不会被当作模板语法"))
        var json = String(decoding: sample("epolicy"), as: UTF8.self)
        json = json.replacingOccurrences(of: "\"name\": \"张伟\"", with: "\"name\": \"{{ insurer.uscc }}: - [x]\"")
        let t = try loader.load("epolicy")
        let result = try t.render(data: Array(json.utf8))
        #expect(allText(result.document.body).contains("{{ insurer.uscc }}: - [x]"))
    }

    @Test func spansCarryTheirJSONPath() throws {
        let (doc, _) = try render("epolicy", "epolicy-40rows")
        let spans = flatten(doc.body).flatMap { b -> [Span] in
            if case .paragraph(let p) = b.content { p.spans } else { [] }
        }
        #expect(spans.contains { $0.location.dataPath == "$.coverages[39].nameZh" })
        #expect(spans.allSatisfy { $0.location.line > 0 })
    }

    @Test func outputKeyIsThePolicyNumber() throws {
        let t = try loader.load("epolicy")
        #expect(t.outputKey(data: sample("epolicy")) == "P2025310100000123")
        #expect(t.samples.contains { $0.hasSuffix("samples/epolicy-40rows.json") })
        #expect(t.dataSchema.contains("$.insured[].idNumber: string (identity)"))
    }
}

@Suite struct VisaCertificateTests {
    @Test func passportNameIsPrintedUppercaseBesideTheChineseName() throws {
        let (doc, warnings) = try render("visa-certificate", "visa-certificate")
        let text = allText(doc.body)
        #expect(text.contains("OUYANG / LELE"))
        #expect(text.contains("欧阳乐乐"))
        #expect(text.contains("EA1234567"))
        #expect(text.contains("EUR 50,000.00"))
        #expect(text.contains("All Schengen States"))
        #expect(warnings.isEmpty, "\(warnings)")
    }

    @Test func rareNameCharactersSurvive() throws {
        let (doc, _) = try render("visa-certificate", "visa-certificate-rare-name")
        #expect(allText(doc.body).contains("王䶮𠇔"))
        #expect(allText(doc.body).contains("WANG / YANXIAO"))
    }

    @Test func coverBelowThirtyThousandEurosIsRefused() throws {
        let json = String(decoding: sample("visa-certificate"), as: UTF8.self)
            .replacingOccurrences(of: "\"sumInsured\": \"50000\"", with: "\"sumInsured\": \"20000\"")
        let t = try loader.load("visa-certificate")
        let error = try #require(throws: DiagnosticError.self) { try t.render(data: Array(json.utf8)) }
        // The medical benefit is the first row: the error points at its own sum, with a stable code.
        #expect(error.errors.map { "\($0.location) \($0.code)" } == ["$.cover.benefits[0].sumInsured SCHENGEN_COVER"])
    }

    @Test func missingFieldAndMalformedPassportAreReportedTogether() throws {
        let json = String(decoding: sample("visa-certificate"), as: UTF8.self)
            .replacingOccurrences(of: "\"birthDate\": \"1990-07-15\",", with: "")
            .replacingOccurrences(of: "\"EA1234567\"", with: "\"EA12345678\"")
        let t = try loader.load("visa-certificate")
        let error = try #require(throws: DiagnosticError.self) { try t.render(data: Array(json.utf8)) }
        let locations = Set(error.errors.map(\.location))
        #expect(locations.contains("$.insured.birthDate"))
        #expect(locations.contains("$.insured.passportNumber"))
        #expect(error.errors.first { $0.location == "$.insured.birthDate" }?.message == "required")
    }

    @Test func pinyinMismatchIsAWarningNotAnError() throws {
        let json = String(decoding: sample("visa-certificate"), as: UTF8.self).replacingOccurrences(of: "\"LELE\"", with: "\"LELI\"")
        let t = try loader.load("visa-certificate")
        let result = try t.render(data: Array(json.utf8))
        #expect(result.warnings.contains { $0.location.hasPrefix("$.insured.passportName") })
    }
}

@Suite struct InvoiceTests {
    @Test func uppercaseTotalUsesYuanOfTaxInvoices() throws {
        let (doc, _) = try render("invoice", "invoice")
        let text = allText(doc.body)
        #expect(text.contains("壹仟零肆圆伍角"))
        #expect(text.contains("947.64"))
        #expect(text.contains("56.86"))
        #expect(text.contains("*保险服务*"))
        let qr = flatten(doc.body).compactMap { b -> String? in if case .qrCode(let q) = b.content { q.payload } else { nil } }
        #expect(qr == ["01,32,,25312000000136634917,1004.50,20250301,,1DD6"])
    }

    @Test func exemptItemShowsMianShuiAndStars() throws {
        let (doc, _) = try render("invoice", "invoice-exempt")
        let text = allText(doc.body)
        #expect(text.contains("免税"))
        #expect(text.contains("***"))
        #expect(text.contains("6%"))
    }

    @Test func amountsThatDoNotAddUpAreRefused() throws {
        let json = String(decoding: sample("invoice"), as: UTF8.self).replacingOccurrences(of: "\"56.86\"", with: "\"56.87\"")
        let t = try loader.load("invoice")
        let error = try #require(throws: DiagnosticError.self) { try t.render(data: Array(json.utf8)) }
        #expect(error.errors.contains { $0.location == "$.items[0].tax" })
    }
}

@Suite struct ClaimFormTests {
    @Test func signatureIsDrawnFromStrokes() throws {
        let (doc, _) = try render("claim-form", "claim-form")
        let sig = flatten(doc.body).compactMap { b -> SignatureBlock? in if case .signature(let s) = b.content { s } else { nil } }
        #expect(sig.count == 1)
        #expect(sig.first?.strokes.count == 4)
        #expect(sig.first?.canvasWidth == 640)
        let text = allText(doc.body)
        #expect(text.contains("2025-04-15 20:05:33 +08:00"))
        #expect(text.contains("621226*********4004"))
        #expect(!text.contains("监护人姓名"))
    }

    @Test func minorClaimantShowsGuardian() throws {
        let (doc, _) = try render("claim-form", "claim-form-minor")
        let text = allText(doc.body)
        #expect(text.contains("监护人姓名 Guardian 张伟"))
        #expect(text.contains("EA1***567") || text.contains("EA1**4567"))
    }
}
