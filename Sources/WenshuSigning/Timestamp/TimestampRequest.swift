import SwiftASN1

/// An RFC 3161 §2.4.1 TimeStampReq over a SHA-256 digest, with a nonce and certReq TRUE so the token
/// carries the TSA's certificate for validators.
struct TimestampRequest {
    let digest: [UInt8]
    let nonce: UInt64

    init(digest: [UInt8], nonce: UInt64 = UInt64.random(in: 1...UInt64(Int64.max))) {
        self.digest = digest
        self.nonce = nonce
    }

    /// TimeStampReq ::= SEQUENCE { version 1, messageImprint, reqPolicy OPTIONAL, nonce, certReq, ... }
    func der() throws -> [UInt8] {
        var coder = DER.Serializer()
        try coder.appendConstructedNode(identifier: .sequence) { coder in
            try coder.serialize(1)
            try coder.appendConstructedNode(identifier: .sequence) { coder in  // MessageImprint
                try CMSSignedData.sha256Identifier(&coder)
                try coder.serialize(ASN1OctetString(contentBytes: digest[...]))
            }
            try coder.serialize(nonce)
            try coder.serialize(true)
        }
        return coder.serializedBytes
    }
}
