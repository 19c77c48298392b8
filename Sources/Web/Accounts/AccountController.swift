import Accounts
import Foundation
import Hummingbird
import Parcours
import Referential

/// Login, logout, the user's space (API tokens) and the operator's audit log. Who may reach each route is said
/// once, by the `Access` of its group.
struct AccountController: Sendable {
    let referential: Referential
    let store: any AccountStore & NoticeStore
    let views: Views
    let security: Site.Security
    /// Failed logins per address and account, per account and per address within 15 minutes, counted in the database.
    let throttling = LoginThrottling()

    static let loginCSRFCookie = "territoires_csrf_connexion"
    static let sessionLifetime: TimeInterval = 8 * 3600

    func register(on router: Router<AppRequestContext>) {
        router.get("/connexion", use: loginForm)
        router.post("/connexion", use: login)
        router.post("/deconnexion", use: logout)
        // The account's own pages and API: anyone signed in; the words of the 401 are these routes' own.
        router.group().add(middleware: Access(.signedIn, message: "Connectez-vous pour accéder à cette page."))
            .get("/espace", use: space)
            .post("/espace/jetons", use: createToken)
            .post("/espace/jetons/{id}/revocation", use: revokeToken)
            .get("/api/v1/moi", use: me)
            .get("/api/v1/moi/jetons", use: apiTokens)
            .delete("/api/v1/moi/jetons/{id}", use: apiRevokeToken)
        router.group().add(middleware: Access(.operatorOnly)).get("/operateur/journal", use: journal)
        registerOperatorAccounts(on: router)
        registerNotices(on: router)
    }

    private func cookie(_ name: String, _ value: String, path: String = "/", maxAge: Int?, sameSite: Cookie.SameSite) -> Cookie {
        Cookie(name: name, value: value, maxAge: maxAge, path: path, secure: security.secureCookies, httpOnly: true, sameSite: sameSite)
    }

    // MARK: Login

    private func loginPage(status: HTTPResponse.Status = .ok, message: String? = nil, login: String = "") -> Response {
        let csrf = Secrets.token()
        var response = views.page(LoginPage.template, LoginPage(csrf: csrf, message: message, login: login), status: status,
                                  title: "Connexion", breadcrumbs: [Link.home], sources: [])
        response.setCookie(cookie(Self.loginCSRFCookie, csrf, path: "/connexion", maxAge: 3600, sameSite: .strict))
        response.headers[.cacheControl] = "no-store"
        return response
    }

    @Sendable func loginForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        if context.user != nil { return .redirect(to: "/espace", type: .normal) }
        return loginPage()
    }

    @Sendable func login(_ request: Request, context: AppRequestContext) async throws -> Response {
        // Login CSRF: the form's token must match the cookie set with the form (double submit).
        let sent = context.form["csrf"] ?? ""
        guard let expected = request.cookies[Self.loginCSRFCookie]?.value, Secrets.constantTimeEquals(sent, expected) else {
            throw WebError.forbidden("Jeton de sécurité du formulaire manquant ou périmé : rechargez la page et recommencez.")
        }
        let login = (context.form["identifiant"] ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        let password = context.form["mot_de_passe"] ?? ""
        let now = Date()
        let counters = throttling.counters(login: login, address: context.remoteAddress)
        var blocked = false
        for counter in counters where counter.isBlocked(failures: try await store.loginFailures(key: counter.key, since: throttling.windowStart(now))) {
            blocked = true
        }
        if blocked {
            try await store.audit(actor: login.isEmpty ? "?" : login, owner: "", action: .loginBlocked, detail: context.remoteAddress)
            return loginPage(status: .tooManyRequests, message: "Trop de tentatives de connexion. Réessayez dans 15 minutes.", login: login)
        }
        let account = try await store.userWithPasswordHash(login: login)
        // A hash is checked even for an unknown login or an account still waiting for its activation (no password
        // yet), so every failure takes the same time.
        let hash = account.flatMap { $0.1.isEmpty ? nil : $0.1 }
        let valid = security.secrets.verify(password, hash: hash ?? Secrets.decoyHash) && hash != nil
        guard valid, let user = account?.0 else {
            try await store.recordLoginFailure(keys: counters.map(\.key), at: now)
            try await store.audit(actor: login.isEmpty ? "?" : login, owner: "", action: .loginFailed, detail: context.remoteAddress)
            return loginPage(status: .unauthorized, message: "Identifiant ou mot de passe incorrect.", login: login)
        }
        // Said only to whoever knows the password: the message tells nobody else that the account exists.
        if user.disabled {
            try await store.audit(actor: login, owner: user.owner.description, action: .loginFailed, detail: "\(context.remoteAddress) (compte désactivé)")
            return loginPage(status: .forbidden, message: "Ce compte est désactivé : adressez-vous à l'opérateur du programme pour le réactiver.", login: login)
        }
        for counter in counters where counter.clearedBySuccess { try await store.clearLoginFailures(key: counter.key) }
        let token = Secrets.token()
        try await store.createSession(tokenHash: Secrets.digest(token), user: user, csrfToken: Secrets.token(),
                                      expiresAt: now.addingTimeInterval(Self.sessionLifetime))
        var response = Response.redirect(to: "/espace", type: .normal)
        response.setCookie(cookie(AuthMiddleware.sessionCookie, token, maxAge: Int(Self.sessionLifetime), sameSite: .lax))
        response.setCookie(cookie(Self.loginCSRFCookie, "", path: "/connexion", maxAge: 0, sameSite: .strict))
        return response
    }

    @Sendable func logout(_ request: Request, context: AppRequestContext) async throws -> Response {
        if let cookie = request.cookies[AuthMiddleware.sessionCookie]?.value {
            try await store.deleteSession(tokenHash: Secrets.digest(cookie))
        }
        var response = Response.redirect(to: "/", type: .normal)
        response.setCookie(cookie(AuthMiddleware.sessionCookie, "", maxAge: 0, sameSite: .lax))
        return response
    }

    // MARK: The user's space

    /// Behind `Access(.signedIn)`: the middleware has answered anyone not signed in.
    private func spacePage(_ context: AppRequestContext, newToken: String? = nil) async throws -> Response {
        let model = try await SpacePage.load(try context.signedIn, csrf: context.session?.csrfToken ?? "", newToken: newToken,
                                             store: store, referential: referential)
        var response = views.page(SpacePage.template, model, title: "Mon espace", breadcrumbs: [Link.home], sources: [])
        response.headers[.cacheControl] = "no-store"
        return response
    }

    @Sendable func space(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await spacePage(context)
    }

    @Sendable func createToken(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.signedIn
        let label = (context.form["libelle"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...80).contains(label.count) else { throw WebError.badRequest("Donnez au jeton un libellé de 1 à 80 caractères.") }
        let token = Secrets.token()
        _ = try await store.createToken(user: user, label: label, tokenHash: Secrets.digest(token))
        return try await spacePage(context, newToken: token)
    }

    private func tokenID(_ context: AppRequestContext) throws -> Int64 {
        guard let id = Int64(try context.parameters.require("id")) else { throw WebError.notFound("Aucun jeton de ce numéro.") }
        return id
    }

    @Sendable func revokeToken(_ request: Request, context: AppRequestContext) async throws -> Response {
        // Another account's token is "not found", never "forbidden": its existence does not leak.
        guard try await store.revokeToken(id: try tokenID(context), of: try context.signedIn) else { throw WebError.notFound("Aucun jeton de ce numéro.") }
        return .redirect(to: "/espace", type: .normal)
    }

    // MARK: Operator

    @Sendable func journal(_ request: Request, context: AppRequestContext) async throws -> Response {
        views.page(JournalPage.template, try await JournalPage.load(store: store, referential: referential), title: "Journal des écritures",
                   breadcrumbs: [Link.home], sources: [])
    }

    // MARK: API

    @Sendable func me(_ request: Request, context: AppRequestContext) async throws -> Response {
        try .json(MeDTO(try context.signedIn))
    }

    @Sendable func apiTokens(_ request: Request, context: AppRequestContext) async throws -> Response {
        try .json(try await store.tokens(of: try context.signedIn))
    }

    @Sendable func apiRevokeToken(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard try await store.revokeToken(id: try tokenID(context), of: try context.signedIn) else { throw WebError.notFound("Aucun jeton de ce numéro.") }
        return Response(status: .noContent)
    }
}
