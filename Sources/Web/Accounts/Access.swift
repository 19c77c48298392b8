import Accounts
import Hummingbird

/// Who may reach a group of routes, checked once where the group is declared instead of in each handler:
/// `router.group().add(middleware: Access(.operatorOnly))`.
///
/// Nobody signed in: a page read in a browser (GET or HEAD outside `/api/`) redirects to the sign-in form,
/// anything else is 401 with `message`. Signed in without the role: 404, so a route reserved to the operator
/// does not even reveal that it exists.
struct Access: RouterMiddleware {
    typealias Context = AppRequestContext

    enum Rule: Sendable {
        /// Any signed-in account (collectivité or operator).
        case signedIn
        /// The programme's operator only.
        case operatorOnly
    }

    let rule: Rule
    let message: String

    init(_ rule: Rule, message: String = "Connectez-vous (ou utilisez un jeton d'API) pour accéder à cette page.") {
        self.rule = rule
        self.message = message
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let user = context.user else {
            if [.get, .head].contains(request.method), !request.uri.path.hasPrefix("/api/") {
                return .redirect(to: "/connexion", type: .normal)
            }
            throw WebError.unauthorized(message)
        }
        if rule == .operatorOnly, user.role != .operateur {
            throw WebError.notFound("Aucune page ne se trouve à cette adresse.")
        }
        return try await next(request, context)
    }
}

extension AppRequestContext {
    /// The signed-in user of a route behind `Access`: the middleware has already refused anyone else, so a
    /// missing user here is a route declared outside its group (a programming error, answered 401).
    var signedIn: User {
        get throws {
            guard let user else { throw WebError.unauthorized("Connectez-vous pour accéder à cette page.") }
            return user
        }
    }
}
