/// The "relaxed" canonicalizations of RFC 6376 §3.4.2 (headers) and §3.4.4 (body).
enum RelaxedCanonicalization {
    /// One header field as sent (`Name: value`, possibly folded, with or without its CRLF) to
    /// `name:value` with no CRLF: lowercase name, unfolded, runs of space and tab reduced to one
    /// space, none around the colon or at the end.
    ///
    /// Example: `"Subject:  Hello\r\n\tWorld \r\n"` → `"subject:Hello World"`.
    static func header(_ field: String) -> String {
        let bytes = Array(field.utf8)
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")) else { return field }
        let name = String(decoding: bytes[..<colon], as: UTF8.self)
            .lowercased().trimmingWhitespace()
        var value: [UInt8] = []
        var pendingSpace = false
        for byte in bytes[(colon + 1)...] {
            switch byte {
            case 0x0D, 0x0A: continue
            case 0x20, 0x09: pendingSpace = true
            default:
                if pendingSpace, !value.isEmpty { value.append(0x20) }
                pendingSpace = false
                value.append(byte)
            }
        }
        return name + ":" + String(decoding: value, as: UTF8.self)
    }

    /// A CRLF body: trailing space and tab removed from each line, inner runs reduced to one
    /// space, empty lines at the end removed; a non-empty result ends with CRLF and an empty body
    /// stays empty.
    static func body(_ bytes: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var line: [UInt8] = []
        var pendingSpace = false
        var emptyLines = 0
        var index = 0
        func endLine() {
            if line.isEmpty {
                emptyLines += 1
            } else {
                for _ in 0..<emptyLines { output += [0x0D, 0x0A] }
                emptyLines = 0
                output += line
                output += [0x0D, 0x0A]
            }
            line.removeAll(keepingCapacity: true)
            pendingSpace = false
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x0D, index + 1 < bytes.count, bytes[index + 1] == 0x0A {
                endLine()
                index += 2
                continue
            }
            if byte == 0x20 || byte == 0x09 {
                pendingSpace = true
            } else {
                if pendingSpace { line.append(0x20) }
                pendingSpace = false
                line.append(byte)
            }
            index += 1
        }
        if !line.isEmpty { endLine() }
        return output
    }
}

extension String {
    fileprivate func trimmingWhitespace() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
        while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
        return String(scalars)
    }
}
