import Foundation
import Testing
import WenshuMail

/// `FileNameParameter.fallbackLength`, which is internal to WenshuMail.
enum FileNameParameterLimit { static let fallback = 60 }

@Suite struct MIMEWriterTests {
    private func headerBlock(_ bytes: [UInt8]) -> String {
        let text = String(decoding: bytes, as: UTF8.self)
        return String(text[..<text.range(of: "\r\n\r\n")!.lowerBound])
    }

    @Test func renderingTheSameLetterTwiceGivesTheSameBytes() throws {
        let message = try SampleMessage.make(messageID: "fixed-1@wenshu.example")
        #expect(try MIMEWriter.render(message) == MIMEWriter.render(message))
    }

    @Test func everyLineIsCRLFTerminatedAndAtMost78Characters() throws {
        let bytes = try MIMEWriter.render(try SampleMessage.make(messageID: "fixed-2@wenshu.example"))
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\r"))
        for line in text.components(separatedBy: "\r\n") {
            #expect(line.utf8.count <= 78, "\(line)")
            #expect(line.utf8.allSatisfy { $0 < 0x80 }, "8-bit byte in \(line)")
        }
    }

    @Test func chineseSubjectBecomesEncodedWordsOfAtMost75Characters() throws {
        let headers = headerBlock(try MIMEWriter.render(try SampleMessage.make(messageID: "fixed-3@wenshu.example")))
        let subject = headers.components(separatedBy: "\r\n").drop(while: { !$0.hasPrefix("Subject:") })
            .prefix(while: { $0.hasPrefix("Subject:") || $0.hasPrefix(" ") })
        #expect(subject.count > 1)
        for line in subject {
            for word in line.split(separator: " ") where word.hasPrefix("=?") {
                #expect(word.hasPrefix("=?UTF-8?B?") && word.hasSuffix("?="))
                #expect(word.count <= 75)
            }
        }
    }

    @Test func dateHeaderIsRFC5322InUTC() throws {
        var message = try SampleMessage.make(messageID: "fixed-4@wenshu.example")
        message.date = Date(timeIntervalSince1970: 951_782_400 + 3661)  // 2000-02-29 01:01:01 UTC
        #expect(headerBlock(try MIMEWriter.render(message)).contains("\r\nDate: Tue, 29 Feb 2000 01:01:01 +0000\r\n"))
    }

    @Test func chineseFileNameHasRFC2231ValueAndASCIIFallback() throws {
        let text = String(decoding: try MIMEWriter.render(try SampleMessage.make(messageID: "fixed-5@wenshu.example")), as: UTF8.self)
        #expect(text.contains("filename=\"___________2025__.pdf\""))
        #expect(text.contains("filename*0*=UTF-8''%E7%94%B3"))
        #expect(text.contains("filename*1*="))
    }

    /// FuzzMIME found a 1000-character file name written as one 1000-octet fallback line. Any name,
    /// whatever its length or bytes, keeps every line within 78 octets, and the RFC 2231 segments
    /// still give back the exact name.
    @Test(arguments: [String(repeating: "a", count: 1000) + ".pdf", String(repeating: "保", count: 700) + ".pdf",
                      String(repeating: "x", count: 61), String(repeating: "\"", count: 400),
                      String(decoding: [0x1D] + [UInt8](repeating: 0xF0, count: 996) + [0xCA, 0xFF], as: UTF8.self)])
    func longFileNamesStayWithinTheLineLimitAndRoundTrip(_ name: String) throws {
        var message = try SampleMessage.make(messageID: "fixed-9@wenshu.example")
        message.attachments = [MailAttachment(fileName: name, mediaType: "application/pdf", bytes: Array("%PDF-".utf8))]
        let text = String(decoding: try MIMEWriter.render(message), as: UTF8.self)
        let lines = text.components(separatedBy: "\r\n")
        for line in lines { #expect(line.utf8.count <= 78, "\(line.utf8.count) octets: \(line.prefix(100))") }
        let fallback = try #require(lines.first { $0.hasPrefix("\tfilename=\"") })
        #expect(fallback.utf8.count <= 12 + FileNameParameterLimit.fallback + 1, "\(fallback)")
        // The segments, in order, percent-decoded, are the name's UTF-8.
        let segments = lines.filter { $0.hasPrefix("\tfilename*") }.map { line -> String in
            var value = String(line[line.index(after: line.firstIndex(of: "=")!)...])
            if value.hasPrefix("UTF-8''") { value.removeFirst(7) }
            if value.hasSuffix(";") { value.removeLast() }
            return value
        }
        #expect(!segments.isEmpty, "a long or non-ASCII name is written in RFC 2231 form")
        #expect(segments.joined().removingPercentEncoding == name)
    }

    /// FuzzMIME found a 1300-character ASCII display name with specials quoted as one word on one
    /// line. A display name too long to quote on a line of its own is written as encoded words.
    @Test(arguments: [String(repeating: "Claims, Shanghai <branch> ", count: 50) + "Dept.", String(repeating: "\"", count: 300)])
    func longDisplayNamesWithSpecialsFold(_ name: String) throws {
        var message = try SampleMessage.make(messageID: "fixed-10@wenshu.example")
        message.from = try MailAddress("policy@example.com", displayName: name)
        let text = String(decoding: try MIMEWriter.render(message), as: UTF8.self)
        for line in text.components(separatedBy: "\r\n") { #expect(line.utf8.count <= 78, "\(line.utf8.count) octets: \(line.prefix(100))") }
        let from = headerBlock(Array(text.utf8)).components(separatedBy: "\r\n").drop { !$0.hasPrefix("From:") }
            .prefix { $0.hasPrefix("From:") || $0.hasPrefix(" ") }
        #expect(from.first?.hasPrefix("From: =?UTF-8?B?") == true, "\(from.first ?? "")")
        #expect(from.last?.hasSuffix("<policy@example.com>") == true, "\(from.last ?? "")")
    }

    @Test func asciiDisplayNameWithSpecialsIsQuoted() throws {
        var message = try SampleMessage.make(messageID: "fixed-6@wenshu.example")
        message.to = [try MailAddress("a@example.com", displayName: "Zhang, San \"Sam\"")]
        #expect(headerBlock(try MIMEWriter.render(message)).contains("To: \"Zhang, San \\\"Sam\\\"\" <a@example.com>"))
    }

    @Test(arguments: ["Hello\r\nBcc: victim@example.com", "Hi\nthere", "nul\0"])
    func headerInjectionIsRefused(_ evil: String) throws {
        var message = try SampleMessage.make(messageID: "fixed-7@wenshu.example")
        message.subject = evil
        #expect(throws: MailError(.headerInjection, "")) { try MIMEWriter.render(message) }
        message = try SampleMessage.make(messageID: "fixed-7@wenshu.example")
        message.attachments[0].fileName = evil
        #expect(throws: MailError(.headerInjection, "")) { try MIMEWriter.render(message) }
        #expect(throws: MailError(.headerInjection, "")) { try MailAddress("a@example.com", displayName: evil) }
    }

    @Test(arguments: ["a@b.c\r\nRCPT TO:<x@y.z>", "no-at-sign", "two@@example.com", "张三@example.com", "a b@example.com",
                      "<a@example.com>", "a@example..com", ".a@example.com", ""])
    func invalidAddressesAreRefused(_ address: String) {
        #expect(throws: MailError(.invalidAddress, "")) { try MailAddress(address) }
    }

    @Test(arguments: ["id@example.com>\r\nBcc: x", "<id@example.com>", "no-at", "a b@example.com"])
    func invalidMessageIDsAreRefused(_ id: String) throws {
        var message = try SampleMessage.make(messageID: "x@y")
        message.messageID = id
        #expect(throws: MailError(.invalidMessageID, "")) { try MIMEWriter.render(message) }
    }

    @Test func mediaTypeWithParametersOrSpacesIsRefused() throws {
        var message = try SampleMessage.make(messageID: "fixed-8@wenshu.example")
        message.attachments[0].mediaType = "application/pdf; name=x"
        #expect(throws: MailError(.invalidMediaType, "")) { try MIMEWriter.render(message) }
    }

    @Test func plainTextOnlyMessageIsASingleQuotedPrintablePart() throws {
        let message = MailMessage(
            from: try MailAddress("a@example.com"), to: [try MailAddress("b@example.com")], subject: "Plain",
            text: "line with = sign and trailing space \n.leading dot", messageID: "p@example.com",
            date: Date(timeIntervalSince1970: 0))
        let text = String(decoding: try MIMEWriter.render(message), as: UTF8.self)
        #expect(text.contains("Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n"))
        #expect(text.contains("line with =3D sign and trailing space=20\r\n.leading dot"))
        #expect(!text.contains("multipart"))
    }
}
