/// The names records' files get in one output folder: every name has one owner record, so no record
/// writes over another's file.
///
/// Worked example (PDF): records keyed `DUP-3`, `DUP`, `DUP` get `DUP-3`, `DUP` and, since `DUP-3`
/// (the usual `<key>-<record>`) is already record 1's, `DUP-3-2`.
///
/// A multi-page PNG record writes `<name>-1.png`, `<name>-2.png`, ...; in PNG runs a name `X-<digits>`
/// is therefore also kept apart from a name `X`.
struct FileNames {
    let pagedPNG: Bool
    private var owners: [String: Int] = [:]
    /// PNG runs: `X` for every name `X-<digits>` taken, with its owner.
    private var stems: [String: Int] = [:]

    init(pagedPNG: Bool) { self.pagedPNG = pagedPNG }

    /// Marks names as taken by `record` (a resumed run's names; record 0 for names of inputs).
    mutating func reserve(_ names: [String], record: Int) {
        for name in names { take(name, record: record) }
    }

    /// `base` if it is free for `record`, else the first free of `base-<record>`, `base-<record>-2`, ...
    mutating func claim(_ base: String, record: Int) -> String {
        var candidate = base
        var attempt = 1
        while !isFree(candidate, for: record) {
            attempt += 1
            candidate = attempt == 2 ? "\(base)-\(record)" : "\(base)-\(record)-\(attempt - 1)"
        }
        take(candidate, record: record)
        return candidate
    }

    func isFree(_ name: String, for record: Int) -> Bool {
        if let owner = owners[name], owner != record { return false }
        if pagedPNG {
            if let stem = FileNames.stem(name), let owner = owners[stem], owner != record { return false }
            if let owner = stems[name], owner != record { return false }
        }
        return true
    }

    private mutating func take(_ name: String, record: Int) {
        owners[name] = record
        if let stem = FileNames.stem(name) { stems[stem] = record }
    }

    /// `X` for `X-<digits>`, else nil.
    static func stem(_ name: String) -> String? {
        guard let dash = name.lastIndex(of: "-") else { return nil }
        let digits = name[name.index(after: dash)...]
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return String(name[..<dash])
    }
}
