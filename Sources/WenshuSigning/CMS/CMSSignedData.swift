import Crypto
import SwiftASN1

/// Builds the CMS SignedData (RFC 5652 §5) of a PAdES baseline signature (ETSI EN 319 142-1 §6.3):
/// detached, one SignerInfo, SHA-256, signed attributes exactly content-type, message-digest and
/// signing-certificate-v2, and no signing-time (the claimed time is the signature dictionary's /M).
///
/// The signature value is made from the DER of the signed attributes as a SET OF (§5.4); they are then
/// embedded under the `[0] IMPLICIT` tag. A B-T timestamp goes into the unsigned attributes.
struct CMSSignedData {
    let identity: SigningIdentity
    let padding: RSAPadding

    /// The signed attributes' DER, SET OF tag included (§5.4: what is signed), for a content digest.
    func signedAttributes(contentDigest: [UInt8]) throws -> [UInt8] {
        var attributes: [[UInt8]] = []
        // §11.1 content-type: the eContentType, id-data for a PDF's byte range.
        attributes.append(try Self.attribute(OID.contentType) { try $0.serialize(OID.data) })
        // §11.2 message-digest: SHA-256 of the signed byte ranges.
        attributes.append(try Self.attribute(OID.messageDigest) { try $0.serialize(ASN1OctetString(contentBytes: contentDigest[...])) })
        // RFC 5035 §3: SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2 }, binding the
        // signature to its certificate (EN 319 122-1 §5.2.2.3). ESSCertIDv2's hashAlgorithm defaults to
        // SHA-256 and, being the DEFAULT, is left out in DER.
        let certificateHash = Array(SHA256.hash(data: identity.certificate.der))
        attributes.append(try Self.attribute(OID.signingCertificateV2) { coder in
            try coder.appendConstructedNode(identifier: .sequence) { coder in          // SigningCertificateV2
                try coder.appendConstructedNode(identifier: .sequence) { coder in      // certs
                    try coder.appendConstructedNode(identifier: .sequence) { coder in  // ESSCertIDv2
                        try coder.serialize(ASN1OctetString(contentBytes: certificateHash[...]))
                        coder.appendConstructedNode(identifier: .sequence) { coder in  // IssuerSerial
                            // GeneralNames ::= SEQUENCE OF GeneralName; directoryName is [4] EXPLICIT Name.
                            coder.appendConstructedNode(identifier: .sequence) { coder in
                                coder.appendConstructedNode(identifier: ASN1Identifier(tagWithNumber: 4, tagClass: .contextSpecific)) { coder in
                                    coder.serializeRawBytes(identity.certificate.issuer)
                                }
                            }
                            Self.serialNumber(&coder, identity.certificate.serialNumber)
                        }
                    }
                }
            }
        })
        return Self.setOf(attributes, tag: 0x31)
    }

    /// The ContentInfo wrapping the SignedData, ready for /Contents.
    /// - Parameters:
    ///   - signedAttributes: as returned by `signedAttributes(contentDigest:)`.
    ///   - signature: the signature over `signedAttributes`.
    ///   - timestampToken: an RFC 3161 TimeStampToken (a ContentInfo) for B-T, or nil for B-B.
    func contentInfo(signedAttributes: [UInt8], signature: [UInt8], timestampToken: [UInt8]?) throws -> [UInt8] {
        var coder = DER.Serializer()
        try coder.appendConstructedNode(identifier: .sequence) { coder in
            try coder.serialize(OID.signedData)
            try coder.appendConstructedNode(identifier: ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific)) { coder in
                try signedData(&coder, signedAttributes: signedAttributes, signature: signature, timestampToken: timestampToken)
            }
        }
        return coder.serializedBytes
    }

    private func signedData(_ coder: inout DER.Serializer, signedAttributes: [UInt8], signature: [UInt8], timestampToken: [UInt8]?) throws {
        try coder.appendConstructedNode(identifier: .sequence) { coder in
            // §5.1: version 1, as there are no attribute certificates, the only SignerInfo is version 1
            // and the eContentType is id-data.
            try coder.serialize(1)
            try coder.appendConstructedNode(identifier: .set) { coder in try Self.sha256Identifier(&coder) }
            try coder.appendConstructedNode(identifier: .sequence) { coder in try coder.serialize(OID.data) }  // detached: no eContent
            // certificates [0] IMPLICIT CertificateSet: the signer's and its chain, as DER SET OF.
            coder.serializeRawBytes(Self.setOf([identity.certificate.der] + identity.chain.map(\.der), tag: 0xA0))
            try coder.appendConstructedNode(identifier: .set) { coder in
                try signerInfo(&coder, signedAttributes: signedAttributes, signature: signature, timestampToken: timestampToken)
            }
        }
    }

    /// §5.3 SignerInfo, version 1 with issuerAndSerialNumber.
    private func signerInfo(_ coder: inout DER.Serializer, signedAttributes: [UInt8], signature: [UInt8], timestampToken: [UInt8]?) throws {
        try coder.appendConstructedNode(identifier: .sequence) { coder in
            try coder.serialize(1)
            coder.appendConstructedNode(identifier: .sequence) { coder in
                coder.serializeRawBytes(identity.certificate.issuer)
                Self.serialNumber(&coder, identity.certificate.serialNumber)
            }
            try Self.sha256Identifier(&coder)
            // signedAttrs [0] IMPLICIT: the same bytes that were signed, with the tag changed.
            coder.serializeRawBytes([0xA0] + signedAttributes.dropFirst())
            try signatureAlgorithm(&coder)
            try coder.serialize(ASN1OctetString(contentBytes: signature[...]))
            if let timestampToken {
                // unsignedAttrs [1] IMPLICIT; RFC 3161 appendix A: id-aa-signatureTimeStampToken.
                let attribute = try Self.attribute(OID.signatureTimeStampToken) { $0.serializeRawBytes(timestampToken) }
                coder.serializeRawBytes(Self.setOf([attribute], tag: 0xA1))
            }
        }
    }

    /// The SignerInfo signatureAlgorithm for this key and padding.
    private func signatureAlgorithm(_ coder: inout DER.Serializer) throws {
        try coder.appendConstructedNode(identifier: .sequence) { coder in
            switch (identity.key, padding) {
            case (.rsa, .pkcs1v15):
                // RFC 4055 §5: sha256WithRSAEncryption with NULL parameters.
                try coder.serialize(OID.sha256WithRSAEncryption)
                try coder.serialize(ASN1Null())
            case (.rsa, .pss):
                // RFC 4055 §3.1: RSASSA-PSS-params { [0] hashAlgorithm, [1] maskGenAlgorithm, [2] saltLength };
                // trailerField keeps its DEFAULT and is left out. §2.1: SHA-256 here carries NULL parameters.
                try coder.serialize(OID.rsassaPSS)
                try coder.appendConstructedNode(identifier: .sequence) { coder in
                    try coder.appendConstructedNode(identifier: ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific)) { coder in
                        try Self.sha256Identifier(&coder, nullParameters: true)
                    }
                    try coder.appendConstructedNode(identifier: ASN1Identifier(tagWithNumber: 1, tagClass: .contextSpecific)) { coder in
                        try coder.appendConstructedNode(identifier: .sequence) { coder in
                            try coder.serialize(OID.mgf1)
                            try Self.sha256Identifier(&coder, nullParameters: true)
                        }
                    }
                    try coder.appendConstructedNode(identifier: ASN1Identifier(tagWithNumber: 2, tagClass: .contextSpecific)) { coder in
                        try coder.serialize(32)
                    }
                }
            case (.p256, _):
                // RFC 5758 §3.2: ecdsa-with-SHA256, parameters absent.
                try coder.serialize(OID.ecdsaWithSHA256)
            }
        }
    }

    // MARK: DER pieces

    /// RFC 5754 §2: SHA-256's AlgorithmIdentifier is generated with absent parameters in CMS.
    static func sha256Identifier(_ coder: inout DER.Serializer, nullParameters: Bool = false) throws {
        try coder.appendConstructedNode(identifier: .sequence) { coder in
            try coder.serialize(OID.sha256)
            if nullParameters { try coder.serialize(ASN1Null()) }
        }
    }

    /// An INTEGER from its content bytes, as sliced from the certificate.
    static func serialNumber(_ coder: inout DER.Serializer, _ content: [UInt8]) {
        coder.appendPrimitiveNode(identifier: .integer) { $0.append(contentsOf: content) }
    }

    /// Attribute ::= SEQUENCE { attrType, attrValues SET OF } with one value.
    static func attribute(_ type: ASN1ObjectIdentifier, value: (inout DER.Serializer) throws -> Void) throws -> [UInt8] {
        var coder = DER.Serializer()
        try coder.appendConstructedNode(identifier: .sequence) { coder in
            try coder.serialize(type)
            try coder.appendConstructedNode(identifier: .set) { coder in try value(&coder) }
        }
        return coder.serializedBytes
    }

    /// A DER SET OF (X.690 §11.6: elements in ascending order of their encodings) under `tag`.
    static func setOf(_ elements: [[UInt8]], tag: UInt8) -> [UInt8] {
        let sorted = elements.sorted { lhs, rhs in
            for (a, b) in zip(lhs, rhs) where a != b { return a < b }
            return lhs.count < rhs.count
        }
        let content = sorted.flatMap { $0 }
        return [tag] + derLength(content.count) + content
    }

    static func derLength(_ length: Int) -> [UInt8] {
        if length < 0x80 { return [UInt8(length)] }
        var bytes: [UInt8] = []
        var value = length
        while value > 0 { bytes.insert(UInt8(value & 0xFF), at: 0); value >>= 8 }
        return [0x80 | UInt8(bytes.count)] + bytes
    }
}
