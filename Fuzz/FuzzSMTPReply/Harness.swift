@testable import WenshuMail

/// The SMTP reply parser: the input arrives in chunks of sizes taken from its own first byte, as a
/// server's bytes arrive in reads of any size; replies are taken until the parser needs more or
/// refuses the input.

/// Also exported under libFuzzer's name, which its archive expects to find.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSMTPReply(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    guard count > 0 else { return 0 }
    let chunk = Int(start[0]) + 1
    var parser = SMTPReplyParser()
    var offset = 1
    while offset < count {
        let end = min(count, offset + chunk)
        parser.append(UnsafeBufferPointer(start: start + offset, count: end - offset))
        offset = end
        do {
            while let reply = try parser.nextReply() {
                precondition((200...599).contains(reply.code), "reply code \(reply.code) outside 2xx–5xx")
                _ = reply.summary
            }
        } catch {
            return 0
        }
        precondition(parser.bufferedCount <= SMTPReplyParser.maximumLineLength * (SMTPReplyParser.maximumLines + 1) + chunk,
                     "parser buffers \(parser.bufferedCount) bytes")
    }
    return 0
}
