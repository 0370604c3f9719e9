import Foundation
import NIOCore
import NIOPosix
#if canImport(Glibc)
import Glibc
#endif

/// An SMTP server that costs almost nothing, so an email figure against it measures Wenshu rather
/// than the server: it answers EHLO/MAIL/RCPT/DATA/RSET/NOOP/QUIT, finds the end of each message by
/// scanning for CRLF "." CRLF (never splitting the message into lines), keeps nothing but each
/// message's Message-ID, and counts Message-IDs that arrive more than once.
///
/// Runs on an event loop thread of its own, whose CPU time is read apart from the process's, so the
/// benchmark can say what Wenshu itself used.
final class SMTPSink: @unchecked Sendable {
    let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    let tally = SinkTally()
    private(set) var port = 0
    private var channel: (any Channel)?
    private var threadStat = "/proc/self/stat"

    func start() async throws {
        let tally = self.tally
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 64)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(SMTPSinkHandler(tally: tally))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        self.channel = channel
        port = channel.localAddress?.port ?? 0
        // "/proc/thread-self" names "<pid>/task/<tid>" of the thread that reads it.
        threadStat = try await group.next().submit {
            "/proc/" + ((try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/thread-self")) ?? "self") + "/stat"
        }.get()
    }

    /// CPU seconds the sink's thread has used (utime + stime of /proc/<pid>/task/<tid>/stat).
    func cpuSeconds() -> Double { BenchServers.cpuSeconds(path: threadStat) }

    func stop() async {
        try? await channel?.close()
        try? await group.shutdownGracefully()
    }
}

/// What the sink has received, shared by its connections.
final class SinkTally: @unchecked Sendable {
    private let lock = NSLock()
    private var seen: Set<String> = []
    private var messages = 0
    private var duplicates = 0
    private var withoutID = 0

    func record(messageID: String?) {
        lock.lock(); defer { lock.unlock() }
        messages += 1
        guard let messageID else { withoutID += 1; return }
        if !seen.insert(messageID).inserted { duplicates += 1 }
    }

    var snapshot: (messages: Int, distinct: Int, duplicates: Int, withoutID: Int) {
        lock.lock(); defer { lock.unlock() }
        return (messages, seen.count, duplicates, withoutID)
    }
}

/// One connection's conversation.
final class SMTPSinkHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let tally: SinkTally
    private var buffer = ByteBuffer()
    private var inData = false
    /// Where the search for the end of the message resumes (bytes before it hold no end marker).
    private var scanned = 0

    init(tally: SinkTally) { self.tally = tally }

    func channelActive(context: ChannelHandlerContext) {
        reply("220 sink ready", context: context)
        context.flush()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var incoming = unwrapInboundIn(data)
        buffer.writeBuffer(&incoming)
        while true {
            if inData {
                guard let end = endOfData() else { break }
                let view = buffer.readableBytesView
                tally.record(messageID: Self.messageID(in: view[view.startIndex..<view.startIndex + end]))
                buffer.moveReaderIndex(forwardBy: end + 5)
                inData = false
                scanned = 0
                reply("250 queued", context: context)
            } else {
                guard let line = nextLine() else { break }
                let verb = line.prefix(4).uppercased()
                switch verb {
                case "EHLO": reply("250-sink\r\n250 PIPELINING", context: context)
                case "HELO", "MAIL", "RCPT", "RSET", "NOOP": reply("250 ok", context: context)
                case "DATA":
                    inData = true
                    scanned = 0
                    reply("354 go ahead", context: context)
                case "QUIT":
                    reply("221 bye", context: context)
                    context.flush()
                    context.close(promise: nil)
                    return
                default: reply("500 unknown command", context: context)
                }
            }
        }
        buffer.discardReadBytes()
        context.flush()
    }

    private func reply(_ text: String, context: ChannelHandlerContext) {
        context.write(wrapOutboundOut(ByteBuffer(string: text + "\r\n")), promise: nil)
    }

    private func nextLine() -> String? {
        let view = buffer.readableBytesView
        guard let lf = view.firstIndex(of: 0x0A) else { return nil }
        let line = String(decoding: view[view.startIndex..<lf], as: UTF8.self)
        buffer.moveReaderIndex(forwardBy: lf - view.startIndex + 1)
        return line.hasSuffix("\r") ? String(line.dropLast()) : line
    }

    /// Offset of the CRLF that starts CRLF "." CRLF (the message is everything before it), or of an
    /// empty message's "." CRLF at the very start (then the message is empty and 5 bytes overlap,
    /// which cannot happen with a non-empty DATA, as every message ends with CRLF).
    private func endOfData() -> Int? {
        buffer.withUnsafeReadableBytes { raw -> Int? in
            let n = raw.count
            guard n >= 5 else { return nil }
            var i = max(0, scanned - 4)
            // memchr for "\r", then compare the next four bytes.
            while i + 5 <= n {
                guard let hit = memchr(raw.baseAddress! + i, 0x0D, n - i - 4) else { break }
                let at = raw.baseAddress!.distance(to: UnsafeRawPointer(hit))
                if raw[at + 1] == 0x0A && raw[at + 2] == UInt8(ascii: ".") && raw[at + 3] == 0x0D && raw[at + 4] == 0x0A {
                    return at
                }
                i = at + 1
            }
            scanned = n
            return nil
        }
    }

    /// The value of the first Message-ID header, looked for in the header block only.
    static func messageID(in message: ByteBufferView.SubSequence) -> String? {
        let head = message.prefix(8192)
        let bytes = Array(head)
        let needle = Array("\r\nMessage-ID: <".utf8)
        guard bytes.count > needle.count else { return nil }
        for start in 0...(bytes.count - needle.count) {
            if bytes[start] == 0x0D, bytes[start + 1] == 0x0A, bytes[start + 2] == 0x0D { return nil }  // end of headers
            if bytes[start..<start + needle.count].elementsEqual(needle) {
                let from = start + needle.count
                guard let close = bytes[from...].firstIndex(of: UInt8(ascii: ">")) else { return nil }
                return String(decoding: bytes[from..<close], as: UTF8.self)
            }
        }
        return nil
    }
}
