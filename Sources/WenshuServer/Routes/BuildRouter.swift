import Hummingbird

extension WenshuServerStack {
    /// Every route, behind the middleware (outermost first): request log and problem mapping, auth,
    /// request timeout.
    func buildRouter() -> Router<ServerRequestContext> {
        let router = Router(context: ServerRequestContext.self, options: [.autoGenerateHeadEndpoints])
        router.add(middleware: RequestLogMiddleware(logger: logger, metrics: metrics))
        router.add(middleware: AuthMiddleware(authenticator: TokenAuthenticator(tokens: configuration.tokens)))
        router.add(middleware: TimeoutMiddleware(limit: configuration.requestTimeout))
        var routes = RouteTable(router: router)
        addRenderRoutes(&routes)
        addDocumentRoutes(&routes)
        addPolicyRoutes(&routes)
        addBatchRoutes(&routes)
        addDeliveryRoutes(&routes)
        addVerifyRoutes(&routes)
        addPublicRoutes(&routes)
        routes.answerOtherMethods()
        return router
    }
}

/// Registers routes and remembers their methods, so that any other method on a known path gets 405
/// with `Allow` instead of the router's 404.
struct RouteTable {
    let router: Router<ServerRequestContext>
    private var methods: [String: Set<HTTPRequest.Method>] = [:]
    private var order: [String] = []

    init(router: Router<ServerRequestContext>) { self.router = router }

    mutating func on(_ method: HTTPRequest.Method, _ path: String,
                     use handler: @escaping @Sendable (Request, ServerRequestContext) async throws -> Response) {
        if methods[path] == nil { order.append(path) }
        methods[path, default: []].insert(method)
        router.on(RouterPath(path), method: method, use: handler)
    }

    func answerOtherMethods() {
        let candidates: [HTTPRequest.Method] = [.get, .head, .post, .put, .patch, .delete, .options, .trace, .connect]
        for path in order {
            guard var allowed = methods[path] else { continue }
            if allowed.contains(.get) { allowed.insert(.head) }
            let allow = candidates.filter { allowed.contains($0) }.map(\.rawValue).joined(separator: ", ")
            for method in candidates where !allowed.contains(method) {
                router.on(RouterPath(path), method: method) { _, _ -> Response in
                    throw Problem(.methodNotAllowed, code: "method-not-allowed", detail: "use \(allow)", headers: [.allow: allow])
                }
            }
        }
    }
}
