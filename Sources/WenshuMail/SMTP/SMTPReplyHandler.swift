import NIOCore

/// The inbound end of the pipeline: frames replies, hands each to the one waiting request or
/// queues it, and performs the STARTTLS switch at the exact byte where it must happen.
///
/// All methods run on the channel's event loop.
final class SMTPReplyHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    /// Replies nobody asked for (a server talking out of turn) beyond this close the connection.
    static let maximumQueuedReplies = 8

    private var parser = SMTPReplyParser()
    private var queued: [SMTPReply] = []
    private var waiter: EventLoopPromise<SMTPReply>?
    private var waiterTimeout: Scheduled<Void>?
    private var failure: SMTPTransportError?
    private var context: ChannelHandlerContext?
    private var pendingUpgrade: (() throws -> any ChannelHandler)?

    /// Bytes dropped after a STARTTLS 220; kept for tests and logs.
    private(set) var discardedPlaintextBytes = 0

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    /// The next reply, failing with `SMTPTransportError` on timeout (which also closes the
    /// connection, since its state is unknown), close, or a malformed reply.
    func nextReply(timeout: TimeAmount, on eventLoop: any EventLoop) -> EventLoopFuture<SMTPReply> {
        if !queued.isEmpty { return eventLoop.makeSucceededFuture(queued.removeFirst()) }
        if let failure { return eventLoop.makeFailedFuture(failure) }
        guard waiter == nil else { return eventLoop.makeFailedFuture(SMTPTransportError.io("concurrent request")) }
        let promise = eventLoop.makePromise(of: SMTPReply.self)
        waiter = promise
        waiterTimeout = eventLoop.assumeIsolated().scheduleTask(in: timeout) {
            self.fail(.timeout)
        }
        return promise.futureResult
    }

    /// Writes `bytes`, failing with `.timeout` (and closing) if they are not handed to the
    /// kernel within `timeout`.
    func write(_ bytes: ByteBuffer, timeout: TimeAmount, on eventLoop: any EventLoop) -> EventLoopFuture<Void> {
        guard let context, failure == nil else { return eventLoop.makeFailedFuture(failure ?? .closed) }
        let promise = eventLoop.makePromise(of: Void.self)
        let timer = eventLoop.assumeIsolated().scheduleTask(in: timeout) {
            promise.fail(SMTPTransportError.timeout)
            self.fail(.timeout)
        }
        promise.futureResult.assumeIsolated().whenComplete { _ in timer.cancel() }
        context.writeAndFlush(NIOAny(bytes), promise: promise)
        return promise.futureResult
    }

    /// Arms the STARTTLS switch: when the next reply is 220, every byte after it is discarded
    /// and the handler from `makeTLSHandler` is inserted in front of this one before any further
    /// byte is read, so nothing the server (or an attacker) sent in plaintext after the 220 is
    /// ever taken for a reply. Any other reply disarms it.
    func armTLSUpgrade(_ makeTLSHandler: @escaping () throws -> any ChannelHandler) {
        pendingUpgrade = makeTLSHandler
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard failure == nil else { return }
        let buffer = unwrapInboundIn(data)
        parser.append(buffer.readableBytesView)
        do {
            while let reply = try parser.nextReply() {
                if let upgrade = pendingUpgrade {
                    pendingUpgrade = nil
                    if reply.code == 220 {
                        discardedPlaintextBytes += parser.discardBuffered()
                        do {
                            try context.pipeline.syncOperations.addHandler(try upgrade(), position: .before(self))
                        } catch {
                            fail(SMTPTransportError(error))
                            return
                        }
                        deliver(reply)
                        return
                    }
                }
                deliver(reply)
                if failure != nil { return }
            }
        } catch {
            fail(.malformedReply(error))
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(.closed)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(SMTPTransportError(error))
    }

    private func deliver(_ reply: SMTPReply) {
        if let waiter {
            self.waiter = nil
            waiterTimeout?.cancel()
            waiterTimeout = nil
            waiter.succeed(reply)
        } else if queued.count < Self.maximumQueuedReplies {
            queued.append(reply)
        } else {
            fail(.malformedReply(.tooManyLines))
        }
    }

    /// Records the first failure, fails the waiter and closes; later failures keep the first.
    private func fail(_ error: SMTPTransportError) {
        if failure == nil { failure = error }
        waiterTimeout?.cancel()
        waiterTimeout = nil
        if let waiter {
            self.waiter = nil
            waiter.fail(failure ?? error)
        }
        if let context, context.channel.isActive {
            context.close(promise: nil)
        }
    }
}
