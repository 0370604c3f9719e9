import Hummingbird

/// Answers 503 when a request takes longer than the limit (`WENSHU_REQUEST_TIMEOUT_MS`), cancelling
/// its work: a render still waiting for a thread is dropped. Batch uploads are exempt (they stream
/// up to 512 MiB and are bounded by size instead).
struct TimeoutMiddleware: RouterMiddleware {
    typealias Context = ServerRequestContext
    let limit: Duration

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if request.method == .post && request.uri.path == "/v1/batches" { return try await next(request, context) }
        return try await withoutActuallyEscaping(next) { next in
            let handler = UncheckedSendable(next)
            return try await withThrowingTaskGroup(of: Response?.self) { group in
                group.addTask { try await handler.value(request, context) }
                group.addTask {
                    try await Task.sleep(for: limit)
                    return nil
                }
                defer { group.cancelAll() }
                guard let first = try await group.next(), let response = first else {
                    throw Problem(.serviceUnavailable, code: "timeout", detail: "the request took longer than the server allows",
                                  headers: [.retryAfter: "1"])
                }
                return response
            }
        }
    }
}

/// The middleware chain's `next` is not declared `@Sendable`, but every link of ours is a Sendable
/// value; this lets it run in the child task that races the timer.
struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
