import SwiftASN1

/// Reads an RFC 3161 §2.4.2 TimeStampResp and checks it answers our request: status granted, the
/// token's TSTInfo imprints our digest with SHA-256 and echoes our nonce. The token's own CMS
/// signature is left to validators, which check it against the TSA's trust anchor.
enum TimestampResponse {
    /// Returns the TimeStampToken (a ContentInfo) as DER.
    static func token(from bytes: [UInt8], for request: TimestampRequest, reader: ASN1Reader) throws(ASN1Reader.Failure) -> [UInt8] {
        // TimeStampResp ::= SEQUENCE { status PKIStatusInfo, timeStampToken OPTIONAL }
        let response = try reader.sequence(try reader.parse(bytes, "TimeStampResp"), "TimeStampResp", atLeast: 1)
        let statusInfo = try reader.sequence(response[0], "PKIStatusInfo", atLeast: 1)
        let status = try reader.integer(statusInfo[0], "PKIStatus")
        guard status == 0 || status == 1 else {
            throw reader.fail("the request was not granted: \(describe(status: status, info: statusInfo))")
        }
        guard response.count >= 2 else { throw reader.fail("status \(status) (granted) but no timeStampToken") }
        let token = response[1]

        // TimeStampToken: ContentInfo { id-signedData, [0] SignedData { …, encapContentInfo { id-ct-TSTInfo, [0] OCTET STRING } } }
        let contentInfo = try reader.sequence(token, "TimeStampToken", atLeast: 2)
        guard try reader.oid(contentInfo[0], "TimeStampToken contentType") == OID.signedData else {
            throw reader.fail("the timeStampToken is not a CMS SignedData")
        }
        let signedData = try reader.sequence(try reader.explicit(contentInfo[1], 0, "TimeStampToken content"), "SignedData", atLeast: 4)
        let encapsulated = try reader.sequence(signedData[2], "encapContentInfo", atLeast: 2)
        guard try reader.oid(encapsulated[0], "eContentType") == OID.tstInfo else {
            throw reader.fail("the timeStampToken does not hold a TSTInfo")
        }
        let tstBytes = try reader.octets(try reader.explicit(encapsulated[1], 0, "eContent"), "eContent")
        // TSTInfo ::= SEQUENCE { version, policy, messageImprint, serialNumber, genTime, accuracy OPTIONAL,
        //                        ordering DEFAULT FALSE, nonce OPTIONAL, tsa [0] OPTIONAL, extensions [1] OPTIONAL }
        let tstInfo = try reader.sequence(try reader.parse(tstBytes, "TSTInfo"), "TSTInfo", atLeast: 5)
        let imprint = try reader.sequence(tstInfo[2], "TSTInfo messageImprint", atLeast: 2)
        guard try reader.algorithm(imprint[0], "messageImprint hashAlgorithm").oid == OID.sha256,
              try reader.octets(imprint[1], "hashedMessage") == request.digest else {
            throw reader.fail("the token's messageImprint is not the SHA-256 of our signature value")
        }
        let echoed = try tstInfo.dropFirst(5).first { $0.identifier == .integer }.map { node throws(ASN1Reader.Failure) in
            try reader.integerBytes(node, "TSTInfo nonce")
        }
        guard let echoed, Self.integerValue(echoed) == request.nonce else {
            throw reader.fail("the token does not carry our nonce")
        }
        return Array(token.encodedBytes)
    }

    private static func integerValue(_ bytes: ArraySlice<UInt8>) -> UInt64? {
        let trimmed = bytes.drop { $0 == 0 }
        guard trimmed.count <= 8, bytes.first.map({ $0 & 0x80 == 0 }) ?? false else { return nil }
        return trimmed.reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// "status 2 (rejection): bad message digest algorithm" from PKIStatusInfo (RFC 3161 §2.4.2).
    private static func describe(status: Int, info: [ASN1Node]) -> String {
        let names = [2: "rejection", 3: "waiting", 4: "revocationWarning", 5: "revocationNotification"]
        var text = "status \(status) (\(names[status] ?? "unknown"))"
        for node in info.dropFirst() {
            if node.identifier == .sequence, case .constructed(let strings) = node.content {
                let free = strings.compactMap { node -> String? in
                    guard case .primitive(let bytes) = node.content else { return nil }
                    return String(decoding: bytes, as: UTF8.self)
                }
                if !free.isEmpty { text += ": " + free.joined(separator: "; ") }
            } else if let bits = try? ASN1BitString(derEncoded: node) {
                let failNames = [0: "badAlg", 2: "badRequest", 5: "badDataFormat", 14: "timeNotAvailable",
                                 15: "unacceptedPolicy", 16: "unacceptedExtension", 17: "addInfoNotAvailable", 25: "systemFailure"]
                var set: [String] = []
                for (index, byte) in bits.bytes.enumerated() {
                    for bit in 0..<8 where byte & (0x80 >> bit) != 0 { set.append(failNames[index * 8 + bit] ?? "bit \(index * 8 + bit)") }
                }
                if !set.isEmpty { text += " [failInfo: \(set.joined(separator: ", "))]" }
            }
        }
        return text
    }
}
