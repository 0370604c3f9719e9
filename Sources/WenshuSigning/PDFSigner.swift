import Crypto
import Foundation

/// How to sign.
public struct SigningOptions: Sendable {
    /// RSA keys only; ECDSA ignores it. Default PKCS#1 v1.5, which every validator reads.
    public var rsaPadding: RSAPadding
    /// B-T when set: a timestamp over the signature value is added. Nil gives B-B.
    public var timestampAuthority: TimestampAuthority?
    /// The signature field's name (/T): ASCII letters, digits, spaces, `-`, `_` and `.`. Nil picks
    /// "Signature<n>", n one more than the fields the document already has (1 on a fresh document).
    public var fieldName: String?
    /// For an encrypted input: encrypts the strings and stream the increment adds (the signature's
    /// /Contents itself stays clear, ISO 32000-1 §7.6.1). Without it an encrypted input is refused.
    public var stringEncryptor: StringEncryptor?

    public init(rsaPadding: RSAPadding = .pkcs1v15, timestampAuthority: TimestampAuthority? = nil,
                fieldName: String? = nil, stringEncryptor: StringEncryptor? = nil) {
        self.rsaPadding = rsaPadding
        self.timestampAuthority = timestampAuthority
        self.fieldName = fieldName
        self.stringEncryptor = stringEncryptor
    }
}

/// Signs finished PDF bytes with a PAdES baseline signature (ETSI EN 319 142-1): B-B, or B-T with a
/// timestamp authority. Bytes in, signed bytes out, as an incremental update: the input is a prefix
/// of the output, byte for byte.
///
/// Apart from the signing time and the timestamp, the output is a function of the input: the same
/// bytes, identity, options and time give the same file with an RSA PKCS#1 v1.5 key (ECDSA and PSS
/// signatures carry fresh randomness by design).
///
/// Where the widget goes: on the first page whose dictionary has `/WenshuSeal << /Rect [x0 y0 x1 y1] >>`
/// (user-space points), at that rectangle, since the seal drawn there is the signature's visible
/// appearance; otherwise an invisible signature (`/Rect [0 0 0 0]`) on page 1.
public struct PDFSigner: Sendable {
    public let identity: SigningIdentity
    public let options: SigningOptions

    public init(identity: SigningIdentity, options: SigningOptions = SigningOptions()) {
        self.identity = identity
        self.options = options
    }

    /// Signs `pdf`, asking the timestamp authority when one is configured.
    /// - Parameter time: the claimed signing time written to /M; now by default.
    /// - Throws: `SigningError`: an input that cannot be updated, an encrypted input without an
    ///   encryptor, a certificate not valid at `time`, a failed timestamp, a signature too large.
    public func sign(_ pdf: [UInt8], at time: Date = Date()) async throws(SigningError) -> [UInt8] {
        guard let authority = options.timestampAuthority else { return try signWithoutTimestamp(pdf, at: time) }
        var reserve = authority.tokenReserve
        for attempt in 0..<2 {
            var prepared = try prepare(pdf, at: time, extra: reserve)
            let signature = try identity.key.sign(prepared.signedAttributes, padding: options.rsaPadding)
            let token = try await authority.token(for: Array(SHA256.hash(data: signature)))
            let der = try assemble(prepared.signedAttributes, signature, token)
            if der.count > prepared.capacity && attempt == 0 {
                reserve += der.count - prepared.capacity + 512  // the token was bigger than expected: once more with room
                continue
            }
            try prepared.increment.fillContents(der)
            return prepared.increment.bytes
        }
        preconditionFailure("unreachable: the second attempt returns or throws")
    }

    /// Signs `pdf` at level B-B, synchronously, without any network.
    /// - Throws: as `sign(_:at:)`; also when a timestamp authority is configured, since that needs `sign`.
    public func signWithoutTimestamp(_ pdf: [UInt8], at time: Date = Date()) throws(SigningError) -> [UInt8] {
        if let authority = options.timestampAuthority {
            throw SigningError(.timestamp, "a timestamp authority (\(authority.redactedURL)) is configured: B-T signing goes through the asynchronous sign")
        }
        var prepared = try prepare(pdf, at: time, extra: 0)
        let signature = try identity.key.sign(prepared.signedAttributes, padding: options.rsaPadding)
        try prepared.increment.fillContents(try assemble(prepared.signedAttributes, signature, nil))
        return prepared.increment.bytes
    }

    private struct Prepared {
        var increment: SignatureIncrement
        var signedAttributes: [UInt8]
        var capacity: Int
    }

    /// Writes the increment with placeholders sized from a dry run of the CMS (the largest signature
    /// this key makes, plus `extra` for a timestamp token), fills /ByteRange, hashes the ranges.
    private func prepare(_ pdf: [UInt8], at time: Date, extra: Int) throws(SigningError) -> Prepared {
        try validateFieldName()
        try identity.checkValidity(at: time)
        let cms = CMSSignedData(identity: identity, padding: options.rsaPadding)
        let dryAttributes = try cmsStep { try cms.signedAttributes(contentDigest: [UInt8](repeating: 0, count: 32)) }
        let dry = try assemble(dryAttributes, [UInt8](repeating: 0xFF, count: identity.key.maximumSignatureLength), nil)
        // The unsigned-attribute wrapping around a token: [1] SET, Attribute SEQUENCE, OID, SET (≤ 4 + 4 + 11 + 4 bytes).
        let capacity = dry.count + (extra > 0 ? extra + 32 : 0)

        let file = try PDFFile(pdf)
        var increment = try SignatureIncrement(file: file, request: SignatureIncrement.Request(
            contentsCapacity: capacity, signingTime: time, fieldName: options.fieldName, encryptor: options.stringEncryptor))
        increment.fillByteRange()
        let (first, second) = increment.signedRanges
        var hasher = SHA256()
        increment.bytes.withUnsafeBufferPointer { buffer in
            hasher.update(bufferPointer: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: buffer[first])))
            hasher.update(bufferPointer: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: buffer[second])))
        }
        let digest = Array(hasher.finalize())
        let attributes = try cmsStep { try cms.signedAttributes(contentDigest: digest) }
        return Prepared(increment: increment, signedAttributes: attributes, capacity: capacity)
    }

    private func assemble(_ attributes: [UInt8], _ signature: [UInt8], _ token: [UInt8]?) throws(SigningError) -> [UInt8] {
        let cms = CMSSignedData(identity: identity, padding: options.rsaPadding)
        return try cmsStep { try cms.contentInfo(signedAttributes: attributes, signature: signature, timestampToken: token) }
    }

    private func cmsStep(_ body: () throws -> [UInt8]) throws(SigningError) -> [UInt8] {
        do { return try body() } catch { throw SigningError(.signing, "cannot encode the CMS signature: \(error)") }
    }

    private func validateFieldName() throws(SigningError) {
        guard let name = options.fieldName else { return }
        let allowed = name.unicodeScalars.allSatisfy {
            $0.isASCII && (CharacterSet.alphanumerics.contains($0) || " -_.".unicodeScalars.contains($0))
        }
        guard allowed, !name.isEmpty, name.count <= 64 else {
            throw SigningError(.signing, "signature field name '\(name)' must be 1 to 64 ASCII letters, digits, spaces, '-', '_' or '.'")
        }
    }
}
