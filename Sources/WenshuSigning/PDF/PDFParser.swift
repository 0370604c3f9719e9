internal import WenshuDiagnostics
/// Reads PDF objects from bytes (ISO 32000-1 §7.2 lexical conventions, §7.3 objects).
///
/// Only what an incremental update needs: the trailer, the catalog, the page tree and the objects they
/// point at. Streams are not decoded; a stream object's dictionary is read and its data skipped.
struct PDFParser {
    let bytes: [UInt8]
    var position: Int

    init(bytes: [UInt8], position: Int = 0) {
        self.bytes = bytes
        self.position = position
    }

    struct Failure: DiagnosticConvertible {
        var message: String
        var offset: Int
    }

    // §7.2.2: white-space characters and delimiters.
    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 || byte == 0x0C || byte == 0x00
    }

    static func isDelimiter(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x28, 0x29, 0x3C, 0x3E, 0x5B, 0x5D, 0x7B, 0x7D, 0x2F, 0x25: return true
        default: return false
        }
    }

    static func isRegular(_ byte: UInt8) -> Bool { !isWhitespace(byte) && !isDelimiter(byte) }

    /// Skips white space and comments (§7.2.3).
    mutating func skipWhitespace() {
        while position < bytes.count {
            let byte = bytes[position]
            if PDFParser.isWhitespace(byte) {
                position += 1
            } else if byte == 0x25 {
                while position < bytes.count, bytes[position] != 0x0A, bytes[position] != 0x0D { position += 1 }
            } else {
                return
            }
        }
    }

    /// A run of regular characters: a keyword, number or the tail of a name.
    mutating func regularToken() -> String {
        let start = position
        while position < bytes.count, PDFParser.isRegular(bytes[position]) { position += 1 }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    func fail(_ message: String) -> Failure { Failure(message: message, offset: position) }

    /// Reads `keyword` after optional white space, or fails.
    mutating func expect(_ keyword: String) throws(Failure) {
        skipWhitespace()
        let start = position
        let token = regularToken()
        guard token == keyword else {
            position = start
            throw fail("expected '\(keyword)', found '\(token.isEmpty ? String(decoding: bytes[start..<min(start + 1, bytes.count)], as: UTF8.self) : token)'")
        }
    }

    /// Reads one object; `N G R` is read as a reference.
    mutating func parseObject(depth: Int = 0) throws(Failure) -> PDFObject {
        guard depth < 64 else { throw fail("objects nested more than 64 deep") }
        skipWhitespace()
        guard position < bytes.count else { throw fail("unexpected end of file") }
        let byte = bytes[position]
        switch byte {
        case 0x2F:  // /Name
            position += 1
            return .name(regularToken())
        case 0x28:
            return .string(try literalString())
        case 0x3C:
            if position + 1 < bytes.count, bytes[position + 1] == 0x3C {
                return .dictionary(try dictionary(depth: depth))
            }
            return .string(try hexString())
        case 0x5B:
            position += 1
            var items: [PDFObject] = []
            while true {
                skipWhitespace()
                guard position < bytes.count else { throw fail("unterminated array") }
                if bytes[position] == 0x5D { position += 1; return .array(items) }
                items.append(try parseObject(depth: depth + 1))
            }
        default:
            let start = position
            let token = regularToken()
            switch token {
            case "": throw fail("unexpected character '\(String(decoding: [byte], as: UTF8.self))'")
            case "null": return .null
            case "true": return .bool(true)
            case "false": return .bool(false)
            default:
                guard PDFParser.isNumber(token) else { position = start; throw fail("unexpected token '\(token)'") }
                // `N G R`: look ahead for a generation and `R`, else it is a plain number.
                if let number = Int(token), number >= 0 {
                    let afterNumber = position
                    skipWhitespace()
                    let generationToken = regularToken()
                    if let generation = Int(generationToken), generation >= 0 {
                        skipWhitespace()
                        if position < bytes.count, bytes[position] == 0x52,
                           position + 1 == bytes.count || !PDFParser.isRegular(bytes[position + 1]) {
                            position += 1
                            return .reference(PDFReference(number: number, generation: generation))
                        }
                    }
                    position = afterNumber
                }
                return .number(token)
            }
        }
    }

    static func isNumber(_ token: String) -> Bool {
        var digits = 0, dots = 0
        for (index, ch) in token.utf8.enumerated() {
            switch ch {
            case 0x30...0x39: digits += 1
            case 0x2E: dots += 1
            case 0x2B, 0x2D: if index != 0 { return false }
            default: return false
            }
        }
        return digits > 0 && dots <= 1
    }

    mutating func dictionary(depth: Int) throws(Failure) -> PDFDictionary {
        position += 2
        var dict = PDFDictionary()
        while true {
            skipWhitespace()
            guard position + 1 < bytes.count else { throw fail("unterminated dictionary") }
            if bytes[position] == 0x3E && bytes[position + 1] == 0x3E { position += 2; return dict }
            guard bytes[position] == 0x2F else { throw fail("dictionary key must be a name") }
            position += 1
            let key = regularToken()
            let value = try parseObject(depth: depth + 1)
            dict[key] = value
        }
    }

    /// A literal string with its parentheses, balanced as §7.3.4.2 allows, escapes left as written.
    mutating func literalString() throws(Failure) -> [UInt8] {
        let start = position
        var nesting = 0
        while position < bytes.count {
            let byte = bytes[position]
            position += 1
            switch byte {
            case 0x5C: position += 1  // backslash: the next byte is escaped
            case 0x28: nesting += 1
            case 0x29:
                nesting -= 1
                if nesting == 0 { return Array(bytes[start..<position]) }
            default: break
            }
        }
        position = start
        throw fail("unterminated literal string")
    }

    mutating func hexString() throws(Failure) -> [UInt8] {
        let start = position
        position += 1
        while position < bytes.count {
            let byte = bytes[position]
            position += 1
            if byte == 0x3E { return Array(bytes[start..<position]) }
            let isHex = (0x30...0x39).contains(byte) || (0x41...0x46).contains(byte) || (0x61...0x66).contains(byte)
            guard isHex || PDFParser.isWhitespace(byte) else { position -= 1; throw fail("bad character in hex string") }
        }
        position = start
        throw fail("unterminated hex string")
    }

    /// Reads `N G obj <object>` at the current position and returns the object (a stream's dictionary
    /// for a stream object).
    mutating func indirectObject(expecting ref: PDFReference) throws(Failure) -> PDFObject {
        skipWhitespace()
        let number = regularToken()
        skipWhitespace()
        let generation = regularToken()
        guard Int(number) == ref.number, Int(generation) == ref.generation else {
            throw fail("expected object \(ref.number) \(ref.generation), found '\(number) \(generation)'")
        }
        try expect("obj")
        return try parseObject()
    }
}

extension [UInt8] {
    /// The last offset at which `needle` starts, searching from the end back to `lowerBound`.
    func lastRange(of needle: String, from lowerBound: Int = 0) -> Int? {
        let pattern = Array(needle.utf8)
        guard count >= pattern.count else { return nil }
        var index = count - pattern.count
        while index >= lowerBound {
            if self[index] == pattern[0], self[index..<index + pattern.count].elementsEqual(pattern) { return index }
            index -= 1
        }
        return nil
    }
}
