internal import WenshuDiagnostics
import SwiftASN1

/// Walks parsed ASN.1 nodes with errors that say which structure broke, instead of declaring a Swift
/// type for each of the dozen structures read only once (PKCS#12 bags, TSA replies, certificates).
struct ASN1Reader {
    /// What is being read, for error messages: "PKCS#12 file 'signer.p12'".
    let context: String

    struct Failure: DiagnosticConvertible { var message: String }

    func fail(_ message: String) -> Failure { Failure(message: "\(context): \(message)") }

    /// The children of a constructed node with the given tag.
    func children(_ node: ASN1Node, _ identifier: ASN1Identifier = .sequence, _ what: String) throws(Failure) -> [ASN1Node] {
        guard node.identifier == identifier, case .constructed(let nodes) = node.content else {
            throw fail("\(what) is not a \(identifier == .sequence ? "SEQUENCE" : identifier == .set ? "SET" : "constructed [\(identifier.tagNumber)]")")
        }
        return Array(nodes)
    }

    /// The children of a SEQUENCE, at least `count` of them.
    func sequence(_ node: ASN1Node, _ what: String, atLeast count: Int) throws(Failure) -> [ASN1Node] {
        let nodes = try children(node, .sequence, what)
        guard nodes.count >= count else { throw fail("\(what) has \(nodes.count) fields, expected at least \(count)") }
        return nodes
    }

    func oid(_ node: ASN1Node, _ what: String) throws(Failure) -> ASN1ObjectIdentifier {
        do { return try ASN1ObjectIdentifier(derEncoded: node) } catch { throw fail("\(what) is not an OBJECT IDENTIFIER") }
    }

    func integer(_ node: ASN1Node, _ what: String) throws(Failure) -> Int {
        do { return try Int(derEncoded: node) } catch { throw fail("\(what) is not a small INTEGER") }
    }

    /// An INTEGER's content bytes (big-endian two's complement), for serial numbers and nonces.
    func integerBytes(_ node: ASN1Node, _ what: String) throws(Failure) -> ArraySlice<UInt8> {
        guard node.identifier == .integer, case .primitive(let bytes) = node.content, !bytes.isEmpty else {
            throw fail("\(what) is not an INTEGER")
        }
        return bytes
    }

    /// An OCTET STRING's bytes, primitive or BER-constructed, with any implicit tag.
    func octets(_ node: ASN1Node, _ what: String, tag: ASN1Identifier = .octetString) throws(Failure) -> [UInt8] {
        guard node.identifier == tag else { throw fail("\(what) is not an OCTET STRING") }
        return try rawOctets(node, what, depth: 0)
    }

    private func rawOctets(_ node: ASN1Node, _ what: String, depth: Int) throws(Failure) -> [UInt8] {
        switch node.content {
        case .primitive(let bytes): return Array(bytes)
        case .constructed(let nodes):
            guard depth < 8 else { throw fail("\(what) nests too deep") }
            var out: [UInt8] = []
            for child in nodes { out += try rawOctets(child, what, depth: depth + 1) }
            return out
        }
    }

    /// The single child inside an explicit context tag `[number]`.
    func explicit(_ node: ASN1Node, _ number: UInt, _ what: String) throws(Failure) -> ASN1Node {
        let nodes = try children(node, ASN1Identifier(tagWithNumber: number, tagClass: .contextSpecific), what)
        guard nodes.count == 1 else { throw fail("\(what) holds \(nodes.count) values, expected 1") }
        return nodes[0]
    }

    /// An AlgorithmIdentifier: its OID and its parameters node, if any.
    func algorithm(_ node: ASN1Node, _ what: String) throws(Failure) -> (oid: ASN1ObjectIdentifier, parameters: ASN1Node?) {
        let nodes = try sequence(node, what, atLeast: 1)
        let parameters = nodes.count > 1 && nodes[1].identifier != .null ? nodes[1] : nil
        return (try oid(nodes[0], "\(what) algorithm"), parameters)
    }

    /// Parses bytes as BER (which includes DER).
    func parse(_ bytes: some Collection<UInt8>, _ what: String) throws(Failure) -> ASN1Node {
        do { return try BER.parse(Array(bytes)) } catch { throw fail("\(what) is not valid ASN.1 (\(error))") }
    }

    func isContext(_ node: ASN1Node, _ number: UInt) -> Bool {
        node.identifier.tagClass == .contextSpecific && node.identifier.tagNumber == number
    }
}
