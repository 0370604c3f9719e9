import Foundation

/// A PDF object as read from an existing file, kept in a form that writes back to the same tokens.
///
/// Strings, names and numbers keep their source bytes. An incremental update rewrites the catalog and
/// a page under their own object numbers, so a string copied unchanged stays correctly encrypted in an
/// encrypted file (ISO 32000-1 §7.6.2: a string's key depends only on the file key and its object
/// number; for AES-256, ISO 32000-2 §7.6.3.3, on the file key alone).
indirect enum PDFObject: Equatable, Sendable {
    case null
    case bool(Bool)
    /// The number's source text ("612", "-0.5").
    case number(String)
    /// A name without its slash, as written (any `#xx` escapes kept).
    case name(String)
    /// A string with its delimiters: `(…)` or `<…>`, bytes as in the file.
    case string([UInt8])
    case array([PDFObject])
    case dictionary(PDFDictionary)
    case reference(PDFReference)

    var integer: Int? {
        if case .number(let text) = self { return Int(text) }
        return nil
    }

    var real: Double? {
        if case .number(let text) = self { return Double(text) ?? (text.hasPrefix(".") ? Double("0" + text) : nil) }
        return nil
    }

    var reference: PDFReference? {
        if case .reference(let ref) = self { return ref }
        return nil
    }

    var dictionary: PDFDictionary? {
        if case .dictionary(let dict) = self { return dict }
        return nil
    }

    var array: [PDFObject]? {
        if case .array(let items) = self { return items }
        return nil
    }

    var nameValue: String? {
        if case .name(let name) = self { return name }
        return nil
    }
}

/// An indirect reference `N G R` (ISO 32000-1 §7.3.10).
struct PDFReference: Hashable, Sendable, CustomStringConvertible {
    var number: Int
    var generation: Int
    var description: String { "\(number) \(generation) R" }
}

/// A dictionary with its keys in file order, so a rewritten object differs from its source only where
/// the signer changed it.
struct PDFDictionary: Equatable, Sendable {
    private(set) var entries: [(key: String, value: PDFObject)] = []

    init(_ entries: [(key: String, value: PDFObject)] = []) { self.entries = entries }

    subscript(key: String) -> PDFObject? {
        get { entries.first { $0.key == key }?.value }
        set {
            if let index = entries.firstIndex(where: { $0.key == key }) {
                if let newValue { entries[index].value = newValue } else { entries.remove(at: index) }
            } else if let newValue {
                entries.append((key, newValue))
            }
        }
    }

    static func == (lhs: PDFDictionary, rhs: PDFDictionary) -> Bool {
        lhs.entries.count == rhs.entries.count && zip(lhs.entries, rhs.entries).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }
}

extension PDFObject {
    /// Writes the object in PDF syntax, one space between tokens.
    func write(to out: inout [UInt8]) {
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let value): out.append(contentsOf: (value ? "true" : "false").utf8)
        case .number(let text): out.append(contentsOf: text.utf8)
        case .name(let name): out.append(0x2F); out.append(contentsOf: name.utf8)
        case .string(let bytes): out.append(contentsOf: bytes)
        case .reference(let ref): out.append(contentsOf: "\(ref.number) \(ref.generation) R".utf8)
        case .array(let items):
            out.append(0x5B)
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(0x20) }
                item.write(to: &out)
            }
            out.append(0x5D)
        case .dictionary(let dict):
            dict.write(to: &out)
        }
    }

    static func integer(_ value: Int) -> PDFObject { .number(String(value)) }

    /// A number for a coordinate: integral values without a fraction, others with up to four decimals.
    static func real(_ value: Double) -> PDFObject {
        if value == value.rounded(), abs(value) < 1e9 { return .number(String(Int(value))) }
        var text = String(format: "%.4f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return .number(text)
    }

    /// A hex string `<…>` of raw bytes.
    static func hexString(_ bytes: [UInt8]) -> PDFObject {
        let digits: [UInt8] = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = [0x3C]
        for byte in bytes { out.append(digits[Int(byte >> 4)]); out.append(digits[Int(byte & 0x0F)]) }
        out.append(0x3E)
        return .string(out)
    }
}

extension PDFDictionary {
    func write(to out: inout [UInt8]) {
        out.append(contentsOf: "<<".utf8)
        for (index, entry) in entries.enumerated() {
            if index > 0 { out.append(0x20) }
            out.append(0x2F)
            out.append(contentsOf: entry.key.utf8)
            out.append(0x20)
            entry.value.write(to: &out)
        }
        out.append(contentsOf: ">>".utf8)
    }
}
