/// Turns a record's key (a policy number, usually) into a file name that cannot escape the output
/// folder or upset a file system: letters and digits of any script, `-`, `_` and `.` are kept, every
/// other character becomes `_`, leading dots are dropped (no `..`, no hidden files), and the name is cut
/// to 120 UTF-8 bytes on a character boundary. An empty result falls back to `record-<n>`.
public enum SafeFileName {
    public static let maximumBytes = 120

    public static func make(_ key: String?, record: Int) -> String {
        var name = ""
        for scalar in (key ?? "").unicodeScalars {
            let p = scalar.properties
            let keep = (p.isAlphabetic || p.numericType != nil) && !p.isWhitespace && scalar.value >= 0x30
            let c: Character = keep || scalar == "-" || scalar == "_" || scalar == "." ? Character(scalar) : "_"
            if name.utf8.count + String(c).utf8.count > maximumBytes { break }
            name.append(c)
        }
        while name.hasPrefix(".") { name.removeFirst() }
        if name.allSatisfy({ $0 == "_" || $0 == "." }) { name = "" }
        return name.isEmpty ? "record-\(record)" : name
    }
}
