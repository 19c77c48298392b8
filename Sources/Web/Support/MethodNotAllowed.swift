import Hummingbird

/// Hummingbird's router answers 404 when a path exists but not for the request's method. Added after every
/// route, this middleware wraps only the router's not-found responder: when the path is one of the routes
/// (`/api/v1/communes/29019` matches `/api/v1/communes/{code}`), the answer is 405 with the methods it does
/// accept in `Allow` (RFC 9110 §15.5.6), in the site's words like any error.
struct MethodNotAllowedMiddleware<Context: RequestContext>: RouterMiddleware {
    private let routes: [(path: RouterPath, method: HTTPRequest.Method)]

    init(routes: [Router<Context>.RouteDescription]) {
        self.routes = routes.map { ($0.path, $0.method) }
    }

    /// The methods the routes matching `path` accept, in a stable order; empty for an unknown path. As in the
    /// router's trie, a literal component wins over a parameter: `/api/v1/validation/controles` is the GET
    /// route's, never `POST /api/v1/validation/{schema}`'s.
    func allowed(_ path: String) -> [String] {
        let components = path.split(separator: "/", omittingEmptySubsequences: true)
        var candidates = routes.filter { $0.path.components.count == components.count }
        for (i, component) in components.enumerated() {
            let literal = candidates.filter { $0.path.components[i] == component }
            candidates = literal.isEmpty ? candidates.filter { $0.path.components[i] ~= component } : literal
        }
        return Set(candidates.map(\.method.rawValue)).sorted()
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            let methods = allowed(request.uri.path)
            guard !methods.isEmpty else { throw error }
            throw HTTPError(.methodNotAllowed, headers: [.allow: methods.joined(separator: ", ")])
        }
    }
}
