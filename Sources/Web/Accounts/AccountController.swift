import Accounts
import Foundation
import Hummingbird
import Referential

/// Login, logout, the user's space (API tokens) and the operator's audit log.
struct AccountController: Sendable {
    let referential: Referential
    let store: any AccountStore
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
        router.get("/espace", use: space)
        router.post("/espace/jetons", use: createToken)
        router.post("/espace/jetons/{id}/revocation", use: revokeToken)
        router.get("/operateur/journal", use: journal)
        router.get("/api/v1/moi", use: me)
        router.get("/api/v1/moi/jetons", use: apiTokens)
        router.delete("/api/v1/moi/jetons/{id}", use: apiRevokeToken)
    }

    private func cookie(_ name: String, _ value: String, path: String = "/", maxAge: Int?, sameSite: Cookie.SameSite) -> Cookie {
        Cookie(name: name, value: value, maxAge: maxAge, path: path, secure: security.secureCookies, httpOnly: true, sameSite: sameSite)
    }

    private func ownerLabel(_ owner: Owner) -> (label: String, href: String?) {
        switch owner {
        case .commune(let code): (referential.commune(code).map { "Commune de \($0.name) (\(code))" } ?? "Commune \(code)", "/communes/\(code)")
        case .epci(let siren): (referential.epci(siren)?.name ?? "EPCI \(siren)", "/epci/\(siren)")
        case .operateur: ("Opérateur du programme", nil)
        }
    }

    // MARK: Login

    struct LoginPage {
        let csrf: String
        let message: String?
        let login: String
    }

    private func loginPage(status: HTTPResponse.Status = .ok, message: String? = nil, login: String = "") -> Response {
        let csrf = Secrets.token()
        var response = views.page("connexion", LoginPage(csrf: csrf, message: message, login: login), status: status,
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
        // The hash is checked even for an unknown login, so both failures take the same time.
        let valid = security.secrets.verify(password, hash: account?.1 ?? Secrets.decoyHash) && account.map { !$0.0.disabled } == true
        guard valid, let user = account?.0 else {
            try await store.recordLoginFailure(keys: counters.map(\.key), at: now)
            try await store.audit(actor: login.isEmpty ? "?" : login, owner: "", action: .loginFailed, detail: context.remoteAddress)
            return loginPage(status: .unauthorized, message: "Identifiant ou mot de passe incorrect.", login: login)
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

    struct SpacePage {
        struct Shortcut {
            let title: String
            let href: String
            let text: String
        }

        struct Token {
            let id: Int64
            let label: String
            let created: String
            let used: String
        }

        let name: String
        let login: String
        let role: String
        let owner: String
        let ownerHref: String?
        let shortcutsTitle: String
        let shortcuts: [Shortcut]
        let tokens: [Token]
        let newToken: String?
        let csrf: String
    }

    private func requireUser(_ context: AppRequestContext) throws -> User {
        guard let user = context.user else { throw WebError.unauthorized("Connectez-vous pour accéder à cette page.") }
        return user
    }

    /// What a signed-in person came for, first on their space: their collectivité's buildings, diagnostic and
    /// figures, or the operator's follow-up pages. API tokens come after.
    private func shortcuts(_ user: User) -> [SpacePage.Shortcut] {
        typealias S = SpacePage.Shortcut
        let observatoire: S
        switch user.owner {
        case .operateur:
            return [S(title: "Demandes d'accompagnement", href: "/operateur/demandes", text: "Les demandes des collectivités, à prendre en charge et à suivre."),
                    S(title: "Diagnostics des collectivités", href: "/operateur/diagnostics", text: "Le niveau de maturité data de chaque collectivité qui a répondu."),
                    S(title: "Journal des écritures", href: "/operateur/journal", text: "Qui a modifié quoi, et quand.")]
        case .commune(let code):
            observatoire = S(title: "Mon observatoire", href: "/observatoire/\(code)",
                             text: "Les chiffres clés de la commune, comparés à ses territoires et aux Petites Villes de Demain.")
        case .epci(let siren):
            observatoire = S(title: "Mon observatoire", href: "/epci/\(siren)",
                             text: "Vos communes, chacune avec ses chiffres clés comparés à ses territoires.")
        }
        let buildings = user.canWrite(user.owner)
            ? "Vos bâtiments classés par priorité de rénovation ; importez ou remplacez leur inventaire (CSV ou Excel)."
            : "Les bâtiments de la collectivité classés par priorité de rénovation."
        return [S(title: "Mes bâtiments", href: "/renovation/inventaire", text: buildings),
                S(title: "Mon diagnostic", href: "/parcours", text: "Le questionnaire de maturité data, votre niveau et les aides qui vous correspondent."),
                observatoire,
                S(title: "Mes demandes d'accompagnement", href: "/parcours/demandes", text: "Les aides demandées à l'équipe du programme et leur suivi."),
                S(title: "Valider un fichier", href: "/validateur", text: "Vérifier un fichier CSV avant de le publier.")]
    }

    private func spacePage(_ context: AppRequestContext, newToken: String? = nil) async throws -> Response {
        guard let user = context.user else { return .redirect(to: "/connexion", type: .normal) }
        let owner = ownerLabel(user.owner)
        let model = SpacePage(
            name: user.name, login: user.login, role: user.role.label, owner: owner.label, ownerHref: owner.href,
            shortcutsTitle: user.role == .operateur ? "Suivi du programme" : "Ma collectivité", shortcuts: shortcuts(user),
            tokens: try await store.tokens(of: user).map {
                SpacePage.Token(id: $0.id, label: $0.label, created: Format.day($0.createdAt), used: $0.lastUsedAt.map(Format.day) ?? "jamais")
            },
            newToken: newToken, csrf: context.session?.csrfToken ?? "")
        var response = views.page("espace", model, title: "Mon espace", breadcrumbs: [Link.home], sources: [])
        response.headers[.cacheControl] = "no-store"
        return response
    }

    @Sendable func space(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await spacePage(context)
    }

    @Sendable func createToken(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try requireUser(context)
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
        let user = try requireUser(context)
        // Another account's token is "not found", never "forbidden": its existence does not leak.
        guard try await store.revokeToken(id: try tokenID(context), of: user) else { throw WebError.notFound("Aucun jeton de ce numéro.") }
        return .redirect(to: "/espace", type: .normal)
    }

    // MARK: Operator

    struct JournalPage {
        struct Entry {
            let at: String
            let actor: String
            let owner: String
            let action: String
            let detail: String
        }

        let entries: [Entry]
    }

    @Sendable func journal(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let user = context.user else { return .redirect(to: "/connexion", type: .normal) }
        guard user.role == .operateur else { throw WebError.notFound("Aucune page ne se trouve à cette adresse.") }
        let entries = try await store.auditLog(limit: 500).map {
            JournalPage.Entry(at: Format.dateTime($0.at), actor: $0.actor, owner: Owner($0.owner).map { ownerLabel($0).label } ?? $0.owner, action: $0.action, detail: $0.detail)
        }
        return views.page("journal", JournalPage(entries: entries), title: "Journal des écritures", breadcrumbs: [Link.home], sources: [])
    }

    // MARK: API

    struct MeDTO: Encodable {
        let login: String, name: String, owner: String, role: String
    }

    @Sendable func me(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try requireUser(context)
        return try .json(MeDTO(login: user.login, name: user.name, owner: user.owner.description, role: user.role.rawValue))
    }

    @Sendable func apiTokens(_ request: Request, context: AppRequestContext) async throws -> Response {
        try .json(try await store.tokens(of: try requireUser(context)))
    }

    @Sendable func apiRevokeToken(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try requireUser(context)
        guard try await store.revokeToken(id: try tokenID(context), of: user) else { throw WebError.notFound("Aucun jeton de ce numéro.") }
        return Response(status: .noContent)
    }
}
