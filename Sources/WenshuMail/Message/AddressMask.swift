/// Shortens an address for logs and audit records so that it identifies a case to a person who
/// already knows it, but never discloses the full address.
public enum AddressMask {
    /// `"zhang.san@example.com"` → `"z***@e***.com"`; `"root"` → `"r***"`; `""` → `"***"`.
    ///
    /// Keeps the first character of the local part and of the domain, and the last domain label
    /// when the domain has more than one.
    public static func mask(_ address: String) -> String {
        guard let at = address.lastIndex(of: "@") else { return masked(Substring(address)) }
        let local = address[..<at], domain = address[address.index(after: at)...]
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        var result = masked(local) + "@" + masked(domain)
        if labels.count > 1, let top = labels.last, !top.isEmpty, top.count <= 10 {
            result += "." + top
        }
        return result
    }

    /// Masks every `@`-bearing word of a server reply, which often echoes an address back.
    static func maskAddresses(inText text: String) -> String {
        guard text.contains("@") else { return text }
        var output = "", word = ""
        func flush() {
            output += word.contains("@") ? mask(word) : word
            word = ""
        }
        for character in text {
            if character == " " || character == "<" || character == ">" || character == ":" || character == "," {
                flush()
                output.append(character)
            } else {
                word.append(character)
            }
        }
        flush()
        return output
    }

    private static func masked(_ part: Substring) -> String {
        guard let first = part.first else { return "***" }
        return String(first) + "***"
    }
}
