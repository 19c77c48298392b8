import Accounts
import Foundation
import Hummingbird
import Referential

/// The operator's accounts (`/operateur/comptes`) and the one-time activation links of the accounts created there
/// (`/activation/{jeton}`). The same store calls as `territoires users`: one password hasher (`Secrets`), one token
/// generator (`Secrets.token`, kept as its `Secrets.digest`), the same journal lines.
extension AccountController {
    func registerOperatorAccounts(on router: Router<AppRequestContext>) {
        router.get("/activation/{jeton}", use: activationForm)
        router.post("/activation/{jeton}", use: activate)
        let operators = router.group().add(middleware: Access(.operatorOnly))
        operators.get("/operateur/comptes", use: accounts)
        operators.post("/operateur/comptes", use: createAccount)
        operators.post("/operateur/comptes/{identifiant}/desactivation", use: disableAccount)
        operators.post("/operateur/comptes/{identifiant}/reactivation", use: enableAccount)
        operators.post("/operateur/comptes/{identifiant}/lien", use: renewActivation)
        let api = router.group().add(middleware: Access(.operatorOnly, message: "Jeton d'API ou session nécessaire."))
        api.get("/api/v1/operateur/comptes", use: apiAccounts)
        api.post("/api/v1/operateur/comptes", use: apiCreateAccount)
        api.post("/api/v1/operateur/comptes/{identifiant}/desactivation", use: apiDisableAccount)
        api.post("/api/v1/operateur/comptes/{identifiant}/reactivation", use: apiEnableAccount)
    }

    private func accountsPage(_ request: Request, _ context: AppRequestContext, created: OperatorAccountsPage.Created? = nil,
                              form: OperatorAccountsPage.Form = .init(), status: HTTPResponse.Status = .ok) async throws -> Response {
        let model = OperatorAccountsPage(try await store.accountStatuses(), filters: .init(try Query(request.uri.query)), created: created, form: form,
                                         now: Date(), referential: referential, csrf: context.session?.csrfToken)
        return views.page(OperatorAccountsPage.template, model, status: status, title: "Comptes des collectivités", breadcrumbs: [Link.home], sources: [])
    }

    @Sendable func accounts(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await accountsPage(request, context)
    }

    /// A new link and where it is to be opened: the address this page was asked at (the operator passes it on as is).
    private func activationLink(_ request: Request) -> (token: String, url: (String) -> String, expires: Date) {
        let host = request.head.authority ?? "localhost"
        return (Secrets.token(), { "\(security.secureCookies ? "https" : "http")://\(host)/activation/\($0)" }, Date().addingTimeInterval(Activation.lifetime))
    }

    /// Why an account is not created, the same for the page and the API: a message, and the collectivités a name
    /// may designate when it is not one only.
    struct AccountRefusal: Error {
        let message: String
        var candidates: [Owner] = []
    }

    /// A collectivité's account waiting for activation, and its link (shown once); `collectivite` as
    /// `OperatorAccountsPage.designate` reads it.
    private func createPendingAccount(login: String, name: String, role: Role?, collectivite: String, _ request: Request,
                                      _ context: AppRequestContext) async throws -> (user: User, url: String, expires: Date) {
        guard let role, OperatorAccountsPage.collectiviteRoles.contains(role) else {
            throw AccountRefusal(message: "Rôle attendu : agent, elu ou referent (les comptes de l'opérateur se créent en ligne de commande).")
        }
        guard Logins.isValid(login) else { throw AccountRefusal(message: AccountError.invalidLogin(login).description.capitalizedFirst + ".") }
        guard (1...120).contains(name.count) else { throw AccountRefusal(message: "Donnez le nom de la personne (120 caractères au plus).") }
        let owner: Owner
        switch OperatorAccountsPage.designate(collectivite, in: referential) {
        case .owner(let found): owner = found
        case .none:
            throw AccountRefusal(message: "Aucune commune ni aucun EPCI ne correspond à « \(collectivite.prefix(60)) » : donnez un code INSEE, un SIREN ou un nom.")
        case .choose(let candidates):
            throw AccountRefusal(message: "Plusieurs collectivités correspondent à « \(collectivite.prefix(60)) » : choisissez-la (\(candidates.map(\.description).joined(separator: ", "))).",
                                 candidates: candidates)
        }
        let link = activationLink(request)
        do {
            let user = try await store.createPendingUser(login: login, name: name, owner: owner, role: role, activationHash: Secrets.digest(link.token),
                                                         expiresAt: link.expires, actor: try context.signedIn.login)
            return (user, link.url(link.token), link.expires)
        } catch let error as AccountError {
            throw AccountRefusal(message: error.description.capitalizedFirst + ".")
        }
    }

    @Sendable func createAccount(_ request: Request, context: AppRequestContext) async throws -> Response {
        let f = context.form
        var form = OperatorAccountsPage.Form(login: (f["identifiant"] ?? "").trimmingCharacters(in: .whitespaces).lowercased(),
                                             name: (f["nom"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines),
                                             role: f["role"].flatMap(Role.init(rawValue:)) ?? .agent,
                                             collectivite: (f["collectivite"] ?? "").trimmingCharacters(in: .whitespaces))
        do {
            let created = try await createPendingAccount(login: form.login, name: form.name, role: f["role"].flatMap(Role.init(rawValue:)),
                                                         collectivite: form.collectivite, request, context)
            return try await accountsPage(request, context, created: .init(login: created.user.login, url: created.url, expires: Format.dateTime(created.expires)))
        } catch let refusal as AccountRefusal {
            form.message = refusal.candidates.isEmpty ? refusal.message
                : "Plusieurs collectivités correspondent à « \(form.collectivite.prefix(60)) » : choisissez-la dans la liste."
            // Homonyms told apart by their département; an EPCI by its SIREN.
            form.candidates = refusal.candidates.map { owner in
                let detail = switch owner {
                case .commune(let code): referential.commune(code).flatMap { referential.departement($0.departementCode) }.map { ", \($0.name)" } ?? ""
                case .epci(let siren): " (EPCI, SIREN \(siren))"
                case .operateur: ""
                }
                return Option(value: owner.description, label: OwnerLabel(owner, in: referential).label + detail)
            }
            return try await accountsPage(request, context, form: form, status: .badRequest)
        }
    }

    /// A collectivité's account named in the address; the operators' own accounts are managed on the command line.
    private func collectiviteAccount(_ context: AppRequestContext) async throws -> String {
        let login = try context.parameters.require("identifiant")
        guard let user = try await store.userWithPasswordHash(login: login)?.0 else { throw WebError.notFound(AccountError.unknownLogin(login).description.capitalizedFirst + ".") }
        guard user.owner != .operateur else { throw WebError.forbidden("Les comptes de l'opérateur se gèrent en ligne de commande (territoires users).") }
        return login
    }

    private func setDisabled(_ disabled: Bool, _ request: Request, _ context: AppRequestContext) async throws -> Response {
        try await store.setDisabled(login: try await collectiviteAccount(context), disabled: disabled, actor: try context.signedIn.login)
        return .redirect(to: "/operateur/comptes", type: .normal)
    }

    @Sendable func disableAccount(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await setDisabled(true, request, context)
    }

    @Sendable func enableAccount(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await setDisabled(false, request, context)
    }

    @Sendable func renewActivation(_ request: Request, context: AppRequestContext) async throws -> Response {
        let login = try await collectiviteAccount(context)
        let link = activationLink(request)
        do {
            try await store.renewActivation(login: login, activationHash: Secrets.digest(link.token), expiresAt: link.expires, actor: try context.signedIn.login)
        } catch let error as AccountError {
            throw WebError.conflict(error.description.capitalizedFirst + ".")
        }
        return try await accountsPage(request, context, created: .init(login: login, url: link.url(link.token), expires: Format.dateTime(link.expires)))
    }

    // MARK: API

    @Sendable func apiAccounts(_ request: Request, context: AppRequestContext) async throws -> Response {
        try .json(try await store.accountStatuses().map(AccountDTO.init))
    }

    @Sendable func apiCreateAccount(_ request: Request, context: AppRequestContext) async throws -> Response {
        var request = request
        let body = try await request.collectBody(upTo: context.maxUploadSize)
        guard let input = try? APIJSON.decode(NewAccountBody.self, from: body) else {
            throw WebError.badRequest("Corps JSON attendu : {\"identifiant\": \"agent.quimper\", \"nom\": \"…\", \"role\": \"agent\", \"collectivite\": \"29232\"}.")
        }
        do {
            let created = try await createPendingAccount(login: input.login.trimmingCharacters(in: .whitespaces).lowercased(),
                                                         name: input.name.trimmingCharacters(in: .whitespacesAndNewlines), role: Role(rawValue: input.role),
                                                         collectivite: input.owner.trimmingCharacters(in: .whitespaces), request, context)
            let status = AccountStatus(user: created.user, createdAt: Date(), pendingActivation: true, activationExpiresAt: created.expires)
            return try .json(CreatedAccountDTO(compte: AccountDTO(status), lien_activation: created.url), status: .created)
        } catch let refusal as AccountRefusal {
            throw WebError.badRequest(refusal.message)
        }
    }

    @Sendable func apiDisableAccount(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await store.setDisabled(login: try await collectiviteAccount(context), disabled: true, actor: try context.signedIn.login)
        return Response(status: .noContent)
    }

    @Sendable func apiEnableAccount(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await store.setDisabled(login: try await collectiviteAccount(context), disabled: false, actor: try context.signedIn.login)
        return Response(status: .noContent)
    }

    // MARK: Activation

    private func activationPage(_ context: AppRequestContext, status: Activation.Status, message: String? = nil, done: Bool = false) -> Response {
        var user: User?
        if case .valid(let found) = status { user = found }
        let model = ActivationPage(login: done ? nil : user?.login, name: user?.name, message: message ?? status.refusal, done: done,
                                   signedInAs: done ? nil : context.user?.login, csrf: context.session?.csrfToken, minimumLength: Passwords.minimumLength)
        let code: HTTPResponse.Status = switch status {
        case .valid: message == nil ? .ok : .badRequest
        case .unknown: .notFound
        case .expired, .used, .disabled: .gone
        }
        var response = views.page(ActivationPage.template, model, status: code, title: "Activer mon compte", breadcrumbs: [Link.home], sources: [])
        // The link is a secret: never kept by a cache, never sent on as a referrer.
        response.headers[.cacheControl] = "no-store"
        return response
    }

    private func activationHash(_ context: AppRequestContext) throws -> String {
        Secrets.digest(try context.parameters.require("jeton"))
    }

    @Sendable func activationForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        activationPage(context, status: try await store.activation(tokenHash: try activationHash(context), now: Date()))
    }

    @Sendable func activate(_ request: Request, context: AppRequestContext) async throws -> Response {
        let hash = try activationHash(context)
        let password = context.form["mot_de_passe"] ?? ""
        let now = Date()
        // The link is checked before the password is hashed: a dead link costs no bcrypt. Someone signed in is
        // asked to sign out first (the link is another person's, or theirs once signed out).
        let status = try await store.activation(tokenHash: hash, now: now)
        guard case .valid = status, context.user == nil else { return activationPage(context, status: status) }
        if let problem = Passwords.problem(password) ?? (password == context.form["confirmation"] ? nil : "Les deux mots de passe diffèrent : tapez le même deux fois.") {
            return activationPage(context, status: status, message: problem)
        }
        let spent = try await store.activate(tokenHash: hash, passwordHash: security.secrets.hashPassword(password), now: now)
        guard case .valid = spent else { return activationPage(context, status: spent) }
        return activationPage(context, status: spent, done: true)
    }
}

extension String {
    /// The sentence with its first letter in capitals (the accounts' errors are written to follow a colon).
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
