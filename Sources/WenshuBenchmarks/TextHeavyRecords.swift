import Foundation

/// Distinct records for the text-heavy e-policy (issue 16): the fixture's terms stay identical in
/// every record, while the insured, the policyholder, the policy number, the dates and the amounts
/// change, and every fifth record carries a rare name character (CJK Extension A or B), so each
/// document has its own glyph set as real batches do.
enum TextHeavyRecords {
    /// The fixture template (under `Tests/Fixtures`, beside its base record).
    static let template = "textheavy-epolicy"
    static let fixture = "Tests/Fixtures/textheavy-epolicy/record.json"
    /// Rare given-name characters seen in real registers: 䶮 and 𠇔 lie outside the BMP's main block.
    static let rare = Array("䶮堃喆淼犇昇赟玥珺翀彧婳𠇔")

    static func make(repository: String, count: Int) -> [[UInt8]] {
        let path = repository + "/" + fixture
        let base = try! JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as! [String: Any]
        return (0..<count).map { i in
            var o = base
            o["policyNumber"] = String(format: "P2025%012d", 320_100_000_000 + i)
            var holder = o["policyholder"] as! [String: Any]
            holder["name"] = name(i, 1)
            holder["mobile"] = String(format: "138%08d", 10_000 + i)
            o["policyholder"] = holder
            var insured = o["insured"] as! [[String: Any]]
            for k in insured.indices { insured[k]["name"] = name(i, k + 2) }
            o["insured"] = insured
            // Dates: issue day and period move with the record (within 2025, always valid days).
            let day = i % 28 + 1, month = i / 28 % 9 + 1
            o["issuedAt"] = String(format: "2025-%02d-%02dT10:%02d:00+08:00", month, day, i % 60)
            var period = o["period"] as! [String: Any]
            period["start"] = String(format: "2025-%02d-%02dT00:00:00+08:00", month + 1, day)
            period["end"] = String(format: "2025-%02d-%02dT23:59:59+08:00", month + 2, day)
            o["period"] = period
            // Amounts: the premium and the first four sums insured.
            o["premium"] = String(format: "%.2f", 1_640.9 + Double(i) * 3.17)
            var coverages = o["coverages"] as! [[String: Any]]
            for k in 0..<4 { coverages[k]["sumInsured"] = String(100_000 + (i * 37 + k * 1_000) % 400_000) }
            o["coverages"] = coverages
            return Array(try! JSONSerialization.data(withJSONObject: o, options: [.sortedKeys]))
        }
    }

    /// A three-character name; every fifth record puts a rare character last.
    static func name(_ i: Int, _ salt: Int) -> String {
        var name = Records.name(i, salt)
        if i % 5 == 0 { name = String(name.dropLast()) + String(rare[(i / 5 + salt) % rare.count]) }
        return name
    }
}
