import Foundation
import Testing
import WenshuDiagnostics
import WenshuDocument
import WenshuPDF

/// AES-256 encryption (ISO 32000-2 §7.6.4, revision 6) checked with qpdf, poppler and mupdf, which
/// implement the standard security handler independently of us.
@Suite struct EncryptionTests {
    static let user = "Bao-2026 用户"
    static let owner = "owner: 9f!k2Lq"

    /// The bilingual policy plus a link, so strings live in page annotations as well as in Info.
    static func document() -> Document {
        var doc = RenderingCoreTests.bilingualDocument()
        doc.body.append(Block(.paragraph(Paragraph([Span("核验 Verify", link: "https://verify.example-insurer.cn/p/PA2026110000123")])),
                              at: SourceLocation(file: "encryption-test", line: 1)))
        return doc
    }

    static func encrypted(seed: String = "seed-1", user: String = user, owner: String? = owner) throws -> (pdf: [UInt8], encryption: PDFEncryption) {
        let encryption = try PDFEncryption(userPassword: user, ownerPassword: owner, testSeed: Array(seed.utf8))
        return (try Support.pdf(document(), options: PDFOptions(encryption: encryption)), encryption)
    }

    @Test func qpdfShowsRevision6AESv3AndThePermissions() throws {
        let (pdf, _) = try Self.encrypted()
        let dir = Support.temporaryDirectory()
        let path = Support.write(pdf, "encrypted.pdf", in: dir)
        let shown = try Support.run("qpdf", ["--show-encryption", "--password=" + Self.user, path])
        #expect(shown.status == 0, "\(shown.stderr)")
        let lines = Set(shown.stdout.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) })
        for expected in ["R = 6", "P = -1324", "Supplied password is user password", "stream encryption method: AESv3",
                         "string encryption method: AESv3", "file encryption method: AESv3",
                         "print low resolution: allowed", "print high resolution: allowed",
                         "extract for any purpose: allowed", "extract for accessibility: allowed",
                         "modify document assembly: not allowed", "modify forms: not allowed",
                         "modify annotations: not allowed", "modify other: not allowed", "modify anything: not allowed"] {
            #expect(lines.contains(expected), "missing '\(expected)' in:\n\(shown.stdout)")
        }
        let asOwner = try Support.run("qpdf", ["--show-encryption", "--password=" + Self.owner, path])
        #expect(asOwner.stdout.contains("Supplied password is owner password"), "\(asOwner.stdout)")
        let check = try Support.run("qpdf", ["--check", "--password=" + Self.user, path])
        #expect(check.status == 0, "qpdf --check: \(check.stdout) \(check.stderr)")
        // Nothing readable is left in the clear: no title, no link, no XMP.
        let raw = String(decoding: pdf, as: UTF8.self)
        for plain in ["Electronic Policy", "verify.example-insurer", "x:xmpmeta", "Wenshu"] {
            #expect(!raw.contains(plain), "'\(plain)' is readable in the encrypted file")
        }
    }

    @Test func decryptedCopyGivesTheSameTextAsThePlainCopy() throws {
        let dir = Support.temporaryDirectory()
        let plain = Support.write(try Support.pdf(Self.document()), "plain.pdf", in: dir)
        let encrypted = Support.write(try Self.encrypted().pdf, "encrypted.pdf", in: dir)
        let expected = try Support.run("pdftotext", ["-layout", plain, "-"]).stdout
        #expect(expected.contains("电子保单 Electronic Policy"))
        for (password, flag) in [(Self.user, "-upw"), (Self.owner, "-opw")] {
            let decrypted = dir + "/decrypted.pdf"
            let qpdf = try Support.run("qpdf", ["--decrypt", "--password=" + password, encrypted, decrypted])
            #expect(qpdf.status == 0, "qpdf --decrypt: \(qpdf.stderr)")
            #expect(try Support.run("pdftotext", ["-layout", decrypted, "-"]).stdout == expected)
            // poppler's own decryption, straight from the encrypted file.
            let direct = try Support.run("pdftotext", ["-layout", flag, password, encrypted, "-"])
            #expect(direct.status == 0, "\(direct.stderr)")
            #expect(direct.stdout == expected)
        }
        let links = try Support.run("qpdf", ["--decrypt", "--password=" + Self.user, "--qdf", encrypted, dir + "/qdf.pdf"])
        #expect(links.status == 0)
        let qdf = String(decoding: try Data(contentsOf: URL(fileURLWithPath: dir + "/qdf.pdf")), as: UTF8.self)
        #expect(qdf.contains("https://verify.example-insurer.cn/p/PA2026110000123"), "the link's URI string decrypts")
        #expect(qdf.contains("pdf:Producer"), "the XMP stream decrypts")
    }

    @Test func wrongPasswordIsRefusedByQpdfPopplerAndMupdf() throws {
        let dir = Support.temporaryDirectory()
        let path = Support.write(try Self.encrypted().pdf, "encrypted.pdf", in: dir)
        let qpdf = try Support.run("qpdf", ["--check", "--password=not-the-password", path])
        #expect(qpdf.status != 0)
        #expect(qpdf.stderr.contains("invalid password"), "\(qpdf.stderr)")
        let noPassword = try Support.run("qpdf", ["--check", path])
        #expect(noPassword.status != 0)
        let poppler = try Support.run("pdftotext", ["-upw", "not-the-password", path, "-"])
        #expect(poppler.status != 0)
        #expect(poppler.stderr.contains("Incorrect password"), "\(poppler.stderr)")
        let mutool = try Support.run("mutool", ["draw", "-p", "not-the-password", "-o", dir + "/x.png", path, "1"])
        #expect(mutool.status != 0, "mutool opened the file with a wrong password")
    }

    @Test func mupdfOpensAndRendersTheEncryptedFile() throws {
        let dir = Support.temporaryDirectory()
        let path = Support.write(try Self.encrypted().pdf, "encrypted.pdf", in: dir)
        let info = try Support.run("mutool", ["info", "-p", Self.user, path])
        #expect(info.status == 0, "\(info.stderr)")
        #expect(info.stdout.contains("/V 5/R 6") && info.stdout.contains("/CFM/AESV3"), "\(info.stdout)")
        #expect(info.stdout.contains("/Title<FEFF75355B504FDD"), "mutool decrypts the Info title (电子保单): \(info.stdout)")
        let draw = try Support.run("mutool", ["draw", "-p", Self.user, "-F", "txt", "-o", dir + "/page.txt", path, "1"])
        #expect(draw.status == 0, "\(draw.stderr)")
        let text = try String(contentsOfFile: dir + "/page.txt", encoding: .utf8)
        #expect(text.contains("Electronic Policy"), "\(text)")
    }

    @Test func eitherPasswordRecoversTheFileKeyAndAWrongOneDoesNot() throws {
        let encryption = try PDFEncryption(userPassword: Self.user, ownerPassword: Self.owner, testSeed: Array("k".utf8))
        #expect(encryption.fileKey.count == 32)
        #expect(try PDFEncryption.fileKey(password: Self.user, dictionary: encryption.dictionary) == encryption.fileKey)
        #expect(try PDFEncryption.fileKey(password: Self.owner, dictionary: encryption.dictionary) == encryption.fileKey)
        #expect(throws: PDFEncryptionError.self) { try PDFEncryption.fileKey(password: "nope", dictionary: encryption.dictionary) }
        var tampered = encryption.dictionary
        tampered.p = PDFPermissions([.print, .modify]).pValue  // claims more rights than /Perms seals
        #expect(throws: PDFEncryptionError.self) { try PDFEncryption.fileKey(password: Self.user, dictionary: tampered) }
        // A random owner password when none is given: the user password still opens, permissions hold.
        let ownerless = try PDFEncryption(userPassword: Self.user)
        #expect(try PDFEncryption.fileKey(password: Self.user, dictionary: ownerless.dictionary) == ownerless.fileKey)
        #expect(throws: PDFEncryptionError.self) { try PDFEncryption(userPassword: "same", ownerPassword: "same") }
    }

    /// Our algorithm 2.A/2.B against qpdf's: a file qpdf encrypted yields its key to us, and a string
    /// we decrypt with that key reads as qpdf says it does.
    @Test func fileKeyOfAFileQpdfEncrypted() throws {
        let dir = Support.temporaryDirectory()
        let plain = Support.write(try Support.pdf(Self.document()), "plain.pdf", in: dir)
        let encrypted = dir + "/qpdf-encrypted.pdf"
        let made = try Support.run("qpdf", ["--encrypt", "qpdf-user", "qpdf-owner", "256", "--print=full", "--modify=none", "--",
                                            plain, encrypted])
        #expect(made.status == 0, "\(made.stderr)")
        // Read /Encrypt and the Info /Title as they stand in the file.
        let raw = try Support.run("python3", ["-c", """
            import re, sys, zlib
            data = open(sys.argv[1], 'rb').read()
            m = re.search(rb'/Filter\\s*/Standard.*?>>\\s*endobj', data, re.S)
            enc = m.group(0)
            def hexval(key):
                mm = re.search(rb'/' + key + rb'\\s*<([0-9a-fA-F]+)>', enc)
                return mm.group(1).decode()
            p = re.search(rb'/P\\s*(-?\\d+)', enc).group(1).decode()
            t = re.search(rb'/Title\\s*<([0-9a-fA-F]+)>', data)
            print(' '.join([hexval(k) for k in (b'O', b'U', b'OE', b'UE', b'Perms')] + [p, t.group(1).decode() if t else '-']))
            """, encrypted])
        #expect(raw.status == 0, "\(raw.stderr)")
        let fields = raw.stdout.split(separator: " ").map { String($0).trimmingCharacters(in: .whitespacesAndNewlines) }
        try #require(fields.count == 7)
        func bytes(_ hex: String) -> [UInt8] {
            stride(from: 0, to: hex.count, by: 2).map { UInt8(hex.dropFirst($0).prefix(2), radix: 16)! }
        }
        let dictionary = PDFEncryptDictionary(o: bytes(fields[0]), u: bytes(fields[1]), oe: bytes(fields[2]), ue: bytes(fields[3]),
                                              perms: bytes(fields[4]), p: Int32(fields[5])!)
        let key = try PDFEncryption.fileKey(password: "qpdf-user", dictionary: dictionary)
        #expect(try PDFEncryption.fileKey(password: "qpdf-owner", dictionary: dictionary) == key)
        if fields[6] != "-" {
            let title = PDFEncryption.decryptString(bytes(fields[6]), fileKey: key)
            #expect(title?.starts(with: [0xFE, 0xFF]) == true, "qpdf's Title decrypts to a UTF-16BE text string")
        }
    }

    /// What the signer does: an incremental update to an encrypted file, its new strings encrypted
    /// with ``PDFEncryption/encryptString(_:fileKey:)``. qpdf must read the new Title in the clear.
    @Test func stringsAppendedWithTheFileKeyDecrypt() throws {
        let (pdf, encryption) = try Self.encrypted()
        let key = try PDFEncryption.fileKey(password: Self.user, dictionary: encryption.dictionary)
        let text = String(decoding: pdf, as: UTF8.self)
        let size = Int(text.firstMatch(of: /\/Size (\d+)/)!.1)!
        let startxref = Int(text.firstMatch(of: /startxref\n(\d+)/)!.1)!
        let root = String(text.firstMatch(of: /\/Root (\d+ 0 R)/)!.1)
        let encrypt = String(text.firstMatch(of: /\/Encrypt (\d+ 0 R)/)!.1)
        let id = String(text.firstMatch(of: /\/ID (\[<[0-9A-F]+> <[0-9A-F]+>\])/)!.1)
        let title = "已签名 Signed 2026"
        var utf16: [UInt8] = [0xFE, 0xFF]
        for unit in title.utf16 { utf16 += [UInt8(unit >> 8), UInt8(unit & 0xFF)] }
        let cipher = PDFEncryption.encryptString(utf16, fileKey: key)
        #expect(cipher.count == 16 + (utf16.count / 16 + 1) * 16)
        #expect(PDFEncryption.decryptString(cipher, fileKey: key) == utf16)
        let hex = cipher.map { String(format: "%02X", $0) }.joined()
        var update = Array("\(size) 0 obj\n<</Title <\(hex)>>>\nendobj\n".utf8)
        let offset = pdf.count
        let xref = pdf.count + update.count
        update += Array("xref\n0 1\n0000000000 65535 f\r\n\(size) 1\n\(String(format: "%010d", offset)) 00000 n\r\ntrailer\n<</Size \(size + 1) /Root \(root) /Info \(size) 0 R /Encrypt \(encrypt) /ID \(id) /Prev \(startxref)>>\nstartxref\n\(xref)\n%%EOF\n".utf8)
        let dir = Support.temporaryDirectory()
        let path = Support.write(pdf + update, "updated.pdf", in: dir)
        let check = try Support.run("qpdf", ["--check", "--password=" + Self.user, path])
        #expect(check.status == 0, "\(check.stdout) \(check.stderr)")
        let info = try Support.run("pdfinfo", ["-upw", Self.user, path])
        let titleLine = info.stdout.split(separator: "\n").first { $0.hasPrefix("Title:") }
        #expect(titleLine?.hasSuffix(" " + title) == true, "\(info.stdout)")
    }

    @Test func sameSeedSameBytesAndFreshKeysOtherwise() throws {
        let a = try Self.encrypted(seed: "s").pdf, b = try Self.encrypted(seed: "s").pdf
        #expect(a == b, "one encryption value and one document must give one file")
        #expect(try Self.encrypted(seed: "t").pdf != a)
        let first = try PDFEncryption(userPassword: Self.user), second = try PDFEncryption(userPassword: Self.user)
        #expect(first.fileKey != second.fileKey, "every document gets its own file key")
        #expect(first.dictionary.u != second.dictionary.u, "and its own salts")
        // The key is not in the file in any form a reader without a password could use.
        let pdf = try Support.pdf(Self.document(), options: PDFOptions(encryption: first))
        let keyHex = first.fileKey.map { String(format: "%02X", $0) }.joined()
        #expect(!String(decoding: pdf, as: UTF8.self).contains(keyHex))
    }

    @Test func passwordsAreSASLpreppedAndCutTo127Bytes() throws {
        let dir = Support.temporaryDirectory()
        // U+00A0 maps to a space, U+00AD to nothing, "ﬁ" (U+FB01) to "fi" under NFKC: qpdf, which
        // passes passwords through as UTF-8, opens the file with the prepared form.
        let typed = "pro\u{00AD}ﬁle\u{00A0}密码"
        let encryption = try PDFEncryption(userPassword: typed, ownerPassword: Self.owner, testSeed: [1])
        let path = Support.write(try Support.pdf(Self.document(), options: PDFOptions(encryption: encryption)), "prep.pdf", in: dir)
        let opened = try Support.run("qpdf", ["--check", "--password=profile 密码", path])
        #expect(opened.status == 0, "\(opened.stderr)")
        #expect(try PDFEncryption.fileKey(password: typed, dictionary: encryption.dictionary) == encryption.fileKey)

        let long = String(repeating: "abcdefghij", count: 20)  // 200 bytes
        let longEncryption = try PDFEncryption(userPassword: long, ownerPassword: Self.owner, testSeed: [2])
        let longPath = Support.write(try Support.pdf(Self.document(), options: PDFOptions(encryption: longEncryption)), "long.pdf", in: dir)
        // qpdf truncates as the standard says; mupdf takes the 127 bytes (poppler's command-line tools
        // cut passwords at 32 bytes, so they cannot check this).
        for password in [String(long.prefix(127)), long] {
            let opened = try Support.run("qpdf", ["--check", "--password=" + password, longPath])
            #expect(opened.status == 0, "\(password.count) characters: \(opened.stderr)")
        }
        let cut = try Support.run("mutool", ["draw", "-p", String(long.prefix(127)), "-F", "txt", "-o", dir + "/long.txt", longPath, "1"])
        #expect(cut.status == 0, "the first 127 bytes are the password: \(cut.stderr)")
        let short = try Support.run("qpdf", ["--check", "--password=" + String(long.prefix(126)), longPath])
        #expect(short.status != 0, "126 bytes are not the password")

        #expect(throws: PDFEncryptionError.self) { try PDFEncryption(userPassword: "tab\u{0007}bell") }
        #expect(throws: PDFEncryptionError.self) { try PDFEncryption(userPassword: "private\u{E000}use") }
        #expect(throws: PDFEncryptionError.self) { try PDFEncryption(userPassword: "mixed שלום abc") }
    }

    @Test func generatedPasswordsAreTypeableAndDistinct() throws {
        let passwords = (0..<50).map { _ in PDFPassword.generate() }
        #expect(Set(passwords).count == passwords.count)
        for p in passwords {
            #expect(p.wholeMatch(of: /[0-9a-hjkmnp-tv-z]{5}-[0-9a-hjkmnp-tv-z]{5}-[0-9a-hjkmnp-tv-z]{5}-[0-9a-hjkmnp-tv-z]{5}/) != nil, "\(p)")
        }
        let encryption = try PDFEncryption(userPassword: passwords[0])
        #expect(try PDFEncryption.fileKey(password: passwords[0], dictionary: encryption.dictionary) == encryption.fileKey)
    }

    @Test func plainExportIsUntouchedByTheNewOptions() throws {
        // Without encryption, archive or attachments the file has no object the options add.
        let pdf = String(decoding: try Support.pdf(Self.document()), as: UTF8.self)
        for key in ["/Encrypt", "/OutputIntents", "/EmbeddedFiles", "/AF ", "pdfaid", "/Extensions"] {
            #expect(!pdf.contains(key), "plain export holds \(key)")
        }
    }
}
