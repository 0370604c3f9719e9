/// Frames bytes from the server into replies, with limits so that no server can make the client
/// buffer without bound.
///
/// A reply is one or more lines `ddd-text` ending with `ddd text` or `ddd` (RFC 5321 §4.2),
/// all with the same code. Lines end with CRLF; a bare LF is accepted too. The first digit must
/// be 2–5 and the second 0–5 (§4.2.1); anything else is malformed.
struct SMTPReplyParser {
    static let maximumLineLength = 4096
    static let maximumLines = 100

    enum ParseError: Error, Equatable {
        case lineTooLong
        case tooManyLines
        case malformed
    }

    private var buffer: [UInt8] = []
    private var start = 0
    private var pendingLines: [String] = []
    private var pendingCode: Int?

    /// Bytes received but not yet returned as part of a reply.
    var bufferedCount: Int { buffer.count - start }

    mutating func append(_ bytes: some Sequence<UInt8>) {
        if start > 0, start >= buffer.count / 2 {
            buffer.removeFirst(start)
            start = 0
        }
        buffer.append(contentsOf: bytes)
    }

    /// The next complete reply, or nil when more bytes are needed.
    mutating func nextReply() throws(ParseError) -> SMTPReply? {
        while true {
            guard let newline = buffer[start...].firstIndex(of: 0x0A) else {
                if bufferedCount > Self.maximumLineLength { throw .lineTooLong }
                return nil
            }
            var end = newline
            if end > start, buffer[end - 1] == 0x0D { end -= 1 }
            let line = buffer[start..<end]
            start = newline + 1
            guard line.count <= Self.maximumLineLength else { throw .lineTooLong }
            let (code, isLast, text) = try Self.parse(line)
            if let pendingCode, pendingCode != code { throw .malformed }
            pendingCode = code
            pendingLines.append(text)
            guard pendingLines.count <= Self.maximumLines else { throw .tooManyLines }
            if isLast {
                let reply = SMTPReply(code: code, lines: pendingLines)
                pendingLines = []
                pendingCode = nil
                return reply
            }
        }
    }

    /// Drops every byte not yet returned, and any partial reply, returning how many bytes went.
    ///
    /// After the 220 reply to STARTTLS, anything already received was sent in plaintext before
    /// the handshake, so an attacker could have injected it; RFC 3207 §4.2 and the 2011
    /// STARTTLS command injection findings require discarding it.
    mutating func discardBuffered() -> Int {
        let count = bufferedCount
        buffer.removeAll()
        start = 0
        pendingLines = []
        pendingCode = nil
        return count
    }

    private static func parse(_ line: ArraySlice<UInt8>) throws(ParseError) -> (Int, Bool, String) {
        let bytes = Array(line)
        guard bytes.count >= 3,
              (UInt8(ascii: "2")...UInt8(ascii: "5")).contains(bytes[0]),
              (UInt8(ascii: "0")...UInt8(ascii: "5")).contains(bytes[1]),
              (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[2])
        else { throw .malformed }
        let code = Int(bytes[0] - 48) * 100 + Int(bytes[1] - 48) * 10 + Int(bytes[2] - 48)
        if bytes.count == 3 { return (code, true, "") }
        let separator = bytes[3]
        guard separator == UInt8(ascii: " ") || separator == UInt8(ascii: "-") else { throw .malformed }
        return (code, separator == UInt8(ascii: " "), String(decoding: bytes[4...], as: UTF8.self))
    }
}
