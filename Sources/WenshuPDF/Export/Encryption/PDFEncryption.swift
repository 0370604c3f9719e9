public import WenshuDiagnostics
import Crypto

/// AES-256 encryption with the standard security handler, revision 6 (ISO 32000-2 §7.6.4:
/// /V 5, /R 6, crypt filter /StdCF with /CFM /AESV3).
///
/// A value holds one document's secrets: the 256-bit file key that encrypts every string and stream,
/// and the /U /UE /O /OE /Perms strings that let a reader recover that key from either password.
/// Make a new value for every document, so that documents never share a file key.
///
/// Randomness and the "same input → same bytes" rule:
/// - The file key, the four 8-byte salts and /Perms' 4 filler bytes come from the system's
///   cryptographic generator (`getrandom`) by default, so an encrypted export is not reproducible
///   across values: nothing secret may be derivable from public bytes or from the document.
/// - Given one value, the export *is* deterministic: each string's and stream's IV is a synthetic
///   IV, HMAC-SHA-256 under a key derived from the file key over the object number, the string's
///   position and the plaintext, cut to 16 bytes. It never repeats for different plaintexts and
///   cannot be predicted without the file key, which is what CBC needs of an IV.
/// - `init(…, testSeed:)` derives all of the above from a seed with HKDF, for tests that compare
///   bytes. The seed is the key: use it only in tests.
public struct PDFEncryption: Sendable {
    /// The 32-byte file encryption key; AESV3 uses it unchanged for every object (§7.6.3.3).
    public let fileKey: [UInt8]
    public let permissions: PDFPermissions
    /// The /U, /UE, /O, /OE and /Perms strings and /P, as written in the /Encrypt dictionary.
    public let dictionary: PDFEncryptDictionary

    /// - Parameters:
    ///   - userPassword: opens the file with ``permissions``; may be empty (then anyone can open it
    ///     and only the permissions remain).
    ///   - ownerPassword: opens the file with every right. Nil draws a random 130-bit one that is
    ///     never stored: only the holder of ``fileKey`` can then lift the restrictions.
    /// - Throws: ``PDFEncryptionError`` when a password holds a character SASLprep prohibits, or the
    ///   owner password equals the user password (the permissions would mean nothing).
    public init(userPassword: String, ownerPassword: String? = nil, permissions: PDFPermissions = .recipient) throws(PDFEncryptionError) {
        var generator = SystemRandomNumberGenerator()
        try self.init(userPassword: userPassword, ownerPassword: ownerPassword, permissions: permissions,
                      random: Self.randomBytes(Self.randomByteCount, using: &generator))
    }

    /// The same, with every random byte derived from `testSeed` (HKDF-SHA-256): reproducible output
    /// for tests. Anyone holding the seed holds the key.
    public init(userPassword: String, ownerPassword: String? = nil, permissions: PDFPermissions = .recipient, testSeed: [UInt8]) throws(PDFEncryptionError) {
        let derived = HKDF<SHA256>.deriveKey(inputKeyMaterial: SymmetricKey(data: testSeed), info: Array("wenshu pdf encryption test seed".utf8),
                                            outputByteCount: Self.randomByteCount)
        try self.init(userPassword: userPassword, ownerPassword: ownerPassword, permissions: permissions,
                      random: derived.withUnsafeBytes { Array($0) })
    }

    /// File key (32) + user validation and key salts (16) + owner salts (16) + /Perms filler (4) +
    /// a random owner password's 26 characters (26).
    static let randomByteCount = 32 + 16 + 16 + 4 + 26

    private init(userPassword: String, ownerPassword: String?, permissions: PDFPermissions, random: [UInt8]) throws(PDFEncryptionError) {
        let user = try Self.prepared(userPassword, role: "user")
        let owner: [UInt8]
        if let ownerPassword {
            owner = try Self.prepared(ownerPassword, role: "owner")
            guard owner != user else { throw PDFEncryptionError("the owner password must differ from the user password: the permissions would mean nothing") }
        } else {
            owner = Array(PDFPassword.base32(Array(random[68..<94])).utf8)  // 26 characters, 130 bits
        }
        let fileKey = Array(random[0..<32])
        let userValidationSalt = Array(random[32..<40]), userKeySalt = Array(random[40..<48])
        let ownerValidationSalt = Array(random[48..<56]), ownerKeySalt = Array(random[56..<64])
        let zeroIV = [UInt8](repeating: 0, count: 16)

        // Algorithm 8: /U = hash(user, validation salt) ‖ validation salt ‖ key salt; /UE wraps the key.
        let u = PasswordHash.hash(password: user, salt: userValidationSalt, udata: []) + userValidationSalt + userKeySalt
        let ue = AESCBC.encrypt(fileKey, key: PasswordHash.hash(password: user, salt: userKeySalt, udata: []), iv: zeroIV, pad: false)
        // Algorithm 9: the same for the owner, with the 48-byte /U mixed into each hash.
        let o = PasswordHash.hash(password: owner, salt: ownerValidationSalt, udata: u) + ownerValidationSalt + ownerKeySalt
        let oe = AESCBC.encrypt(fileKey, key: PasswordHash.hash(password: owner, salt: ownerKeySalt, udata: u), iv: zeroIV, pad: false)
        // Algorithm 10: /Perms = AES-256-ECB(P as 8 little-endian bytes ‖ "T" ‖ "adb" ‖ 4 random bytes).
        let p = permissions.pValue
        var perms = withUnsafeBytes(of: p.littleEndian) { Array($0) } + [0xFF, 0xFF, 0xFF, 0xFF]
        perms += Array("Tadb".utf8) + Array(random[64..<68])
        let permsEncrypted = AESCBC.encryptBlock(perms, key: fileKey)

        self.fileKey = fileKey
        self.permissions = permissions
        self.dictionary = PDFEncryptDictionary(o: o, u: u, oe: oe, ue: ue, perms: permsEncrypted, p: p)
    }

    /// Recovers the file key from an encrypted file's /Encrypt values and either password
    /// (algorithm 2.A), then checks /Perms against /P (algorithm 13). For a signer that appends to
    /// an encrypted file: strings it adds must be encrypted with this key (``encryptString(_:fileKey:)``).
    /// - Throws: ``PDFEncryptionError`` for a wrong password, a malformed dictionary or /Perms that
    ///   do not match /P (a tampered dictionary).
    public static func fileKey(password: String, dictionary d: PDFEncryptDictionary) throws(PDFEncryptionError) -> [UInt8] {
        guard d.u.count >= 48, d.o.count >= 48, d.ue.count == 32, d.oe.count == 32, d.perms.count == 16 else {
            throw PDFEncryptionError("not a revision 6 /Encrypt dictionary: /U and /O need 48 bytes, /UE and /OE 32, /Perms 16")
        }
        let pw = try prepared(password, role: "given")
        let u = Array(d.u.prefix(48)), o = Array(d.o.prefix(48))
        let zeroIV = [UInt8](repeating: 0, count: 16)
        let key: [UInt8]
        if PasswordHash.hash(password: pw, salt: Array(o[32..<40]), udata: u) == Array(o[0..<32]) {
            key = AESCBC.decrypt(d.oe, key: PasswordHash.hash(password: pw, salt: Array(o[40..<48]), udata: u), iv: zeroIV, pad: false)!
        } else if PasswordHash.hash(password: pw, salt: Array(u[32..<40]), udata: []) == Array(u[0..<32]) {
            key = AESCBC.decrypt(d.ue, key: PasswordHash.hash(password: pw, salt: Array(u[40..<48]), udata: []), iv: zeroIV, pad: false)!
        } else {
            throw PDFEncryptionError("wrong password: it is neither the user nor the owner password of this file")
        }
        guard let perms = AESCBC.decryptBlock(d.perms, key: key), Array(perms[9..<12]) == Array("adb".utf8),
              perms[0..<4].elementsEqual(withUnsafeBytes(of: d.p.littleEndian) { Array($0) }) else {
            throw PDFEncryptionError("/Perms does not match /P: the /Encrypt dictionary was altered")
        }
        return key
    }

    /// Encrypts a string's or a stream's bytes for a file encrypted with AESV3: a random 16-byte IV,
    /// then AES-256-CBC with PKCS #5 padding (§7.6.3.2); the result is what goes between `<` `>` or
    /// `stream` `endstream`. AESV3 has no per-object key (§7.6.3.3), so the object number does not
    /// enter. Not for /Encrypt's own strings, the trailer's /ID or a signature's /Contents (§7.6.2).
    /// - Precondition: `fileKey` is 32 bytes.
    public static func encryptString(_ bytes: [UInt8], fileKey: [UInt8]) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        let iv = randomBytes(16, using: &generator)
        return iv + AESCBC.encrypt(bytes, key: fileKey, iv: iv, pad: true)
    }

    /// The inverse of ``encryptString(_:fileKey:)``; nil when the bytes are not a whole number of
    /// blocks after the IV or the padding is wrong (a wrong key).
    public static func decryptString(_ bytes: [UInt8], fileKey: [UInt8]) -> [UInt8]? {
        guard bytes.count >= 32 else { return nil }
        return AESCBC.decrypt(Array(bytes[16...]), key: fileKey, iv: Array(bytes[0..<16]), pad: true)
    }

    static func prepared(_ password: String, role: String) throws(PDFEncryptionError) -> [UInt8] {
        do { return try SASLprep.passwordBytes(password) } catch { throw PDFEncryptionError("\(role) password: \(error.message)") }
    }

    static func randomBytes<G: RandomNumberGenerator>(_ count: Int, using generator: inout G) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count + 8)
        while bytes.count < count { withUnsafeBytes(of: generator.next() as UInt64) { bytes.append(contentsOf: $0) } }
        return Array(bytes.prefix(count))
    }
}

/// The values of a revision 6 /Encrypt dictionary that depend on the passwords and the key
/// (ISO 32000-2 tables 20 and 21).
public struct PDFEncryptDictionary: Sendable, Hashable {
    /// 48 bytes: owner hash ‖ owner validation salt ‖ owner key salt.
    public var o: [UInt8]
    /// 48 bytes: user hash ‖ user validation salt ‖ user key salt.
    public var u: [UInt8]
    /// 32 bytes: the file key encrypted under the owner password's key.
    public var oe: [UInt8]
    /// 32 bytes: the file key encrypted under the user password's key.
    public var ue: [UInt8]
    /// 16 bytes: /P, "T" and "adb" encrypted with the file key.
    public var perms: [UInt8]
    /// The permission flags as written (/P).
    public var p: Int32

    public init(o: [UInt8], u: [UInt8], oe: [UInt8], ue: [UInt8], perms: [UInt8], p: Int32) {
        self.o = o; self.u = u; self.oe = oe; self.ue = ue; self.perms = perms; self.p = p
    }
}

/// An encryption setting that cannot be used.
public struct PDFEncryptionError: DiagnosticConvertible, Sendable, Equatable {
    public var message: String
    public init(_ message: String) { self.message = message }
}
