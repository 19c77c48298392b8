import Accounts
import Foundation
import Hummingbird
import NIOCore
import Parcours
import Referential

/// Ingénierie requests (`EngineeringRequest`): a collectivité asks for consulting days or a co-financed study,
/// the operator instructs, grants, follows and records the deliverables; both write in the request's thread.
/// One set of handlers serves both roles: the signed-in role decides the actor and the scope (the operator's
/// store calls name no owner, a collectivité's name its own, so another's request is a 404).
extension ParcoursController {
    func registerEngineering(on router: Router<AppRequestContext>) {
        let members = router.group().add(middleware: Access(.signedIn))
        members.get("/parcours/ingenierie", use: engineeringList)
        members.get("/parcours/ingenierie/nouvelle", use: engineeringNew)
        members.post("/parcours/ingenierie", use: engineeringCreate)
        members.get("/parcours/ingenierie/{id}", use: engineeringDetail)
        members.post("/parcours/ingenierie/{id}/etat", use: engineeringMove)
        members.post("/parcours/ingenierie/{id}/messages", use: engineeringMessage)
        let operators = router.group().add(middleware: Access(.operatorOnly))
        operators.get("/operateur/ingenierie", use: engineeringDesk)
        operators.get("/operateur/ingenierie.csv", use: engineeringCSV)
        operators.get("/operateur/ingenierie/{id}", use: engineeringDetail)
        operators.post("/operateur/ingenierie/{id}/etat", use: engineeringMove)
        operators.post("/operateur/ingenierie/{id}/messages", use: engineeringMessage)
        operators.post("/operateur/ingenierie/{id}/affectation", use: engineeringAssign)
        operators.post("/operateur/ingenierie/{id}/livrables", use: engineeringDeliver)
        operators.post("/operateur/ingenierie/{id}/consommation", use: engineeringConsume)
        let api = router.group().add(middleware: Access(.signedIn, message: "Jeton d'API ou session nécessaire."))
        api.get("/api/v1/ingenierie", use: apiEngineeringList)
        api.post("/api/v1/ingenierie", use: apiEngineeringCreate)
        api.get("/api/v1/ingenierie/{id}", use: apiEngineeringDetail)
        api.post("/api/v1/ingenierie/{id}/etat", use: apiEngineeringMove)
        api.post("/api/v1/ingenierie/{id}/messages", use: apiEngineeringMessage)
    }

    /// As whom the signed-in person acts, and the owner their store calls are scoped to (nil: every request).
    /// Elected officials read; writing is for the collectivité's agents and referents, and the operator.
    private func engineeringActor(_ user: User, writing: Bool) throws -> (actor: EngineeringRequest.Actor, scope: String?) {
        if user.role == .operateur { return (.operateur, nil) }
        if writing && !user.canWrite(user.owner) {
            throw WebError.forbidden("Les demandes d'ingénierie sont rédigées et suivies par les agents et référents de la collectivité.")
        }
        return (.collectivite, user.owner.description)
    }

    /// Who may create a request: a collectivité's agents and referents (its owner); the operator answers.
    private func engineeringRequester(_ user: User) throws -> String {
        guard user.role != .operateur else { throw WebError.forbidden("Les demandes d'ingénierie sont faites par les collectivités.") }
        return try engineeringActor(user, writing: true).scope ?? user.owner.description
    }

    /// The domain's refusals as HTTP statuses, the same for the pages and the API: a move the state machine or
    /// the role forbids, or an act the request's state does not allow yet, is 409; missing or unreadable input
    /// (a reason, a grant, a deliverable's date, an empty message) is 400; a request not found in the scope is 404.
    private func engineering<T>(_ work: () async throws -> T) async throws -> T {
        do { return try await work() } catch let error as EngineeringError {
            switch error {
            case .impossible, .notYours, .notStarted, .deliverableNeeded: throw WebError.conflict(error.description)
            case .unknown: throw WebError.notFound(error.description)
            case .reasonNeeded, .incomplete, .grantNeeded, .deliverableTitle, .deliverableDate, .emptyMessage, .tooManyDays:
                throw WebError.badRequest(error.description)
            }
        }
    }

    private func requestID(_ context: AppRequestContext) throws -> Int64 {
        guard let id = context.parameters.get("id").flatMap(Int64.init) else { throw WebError.notFound("Aucune demande d'ingénierie à cette adresse.") }
        return id
    }

    private func update(_ id: Int64, _ user: User, writing: Bool = true,
                        _ change: @escaping @Sendable (inout EngineeringRequest, EngineeringRequest.Actor) throws -> Void) async throws -> EngineeringRequest {
        let (actor, scope) = try engineeringActor(user, writing: writing)
        return try await engineering { try await store.updateEngineering(id: id, owner: scope, actor: user.login) { try change(&$0, actor) } }
    }

    private func detailPath(_ id: Int64, _ user: User) -> String {
        user.role == .operateur ? "/operateur/ingenierie/\(id)" : "/parcours/ingenierie/\(id)"
    }

    /// The desk's knowledge of each collectivité: its région, and the level of its complete submitted diagnostic.
    func engineeringOwners() async throws -> EngineeringOwners {
        let levels = Dictionary(try await diagnostics.all().filter(\.result.isComplete).map { ($0.owner, $0.result.level) }, uniquingKeysWith: { a, _ in a })
        return EngineeringOwners(referential: referential, levels: levels)
    }

    /// The active operator accounts, to whom a request can be assigned.
    private func operatorLogins() async throws -> [String] {
        try await store.users().filter { $0.role == .operateur && !$0.disabled }.map(\.login).sorted()
    }

    private static var now: Double { Date().timeIntervalSince1970 }

    // MARK: Collectivité pages

    @Sendable func engineeringList(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.signedIn
        guard user.role != .operateur else { return .redirect(to: "/operateur/ingenierie", type: .normal) }
        let model = EngineeringListPage(territory: referential.ownerLabel(user.owner), requests: try await store.engineeringRequests(owner: user.owner.description),
                                        canWrite: user.canWrite(user.owner))
        return views.page(EngineeringListPage.template, model, title: "Demandes d'ingénierie", breadcrumbs: breadcrumbs, sources: [])
    }

    /// The form; `demande` names the help request (a recommendation of the ingénierie brick) it details.
    @Sendable func engineeringNew(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.signedIn
        _ = try engineeringRequester(user)
        let query = try Query(request.uri.query)
        var help: HelpRequest?
        if let id = query["demande"].flatMap(Int64.init) { help = try await store.requests(owner: user.owner.description).first { $0.id == id } }
        let model = EngineeringNewPage(help: help, csrf: context.session?.csrfToken)
        return views.page(EngineeringNewPage.template, model, title: "Nouvelle demande d'ingénierie",
                          breadcrumbs: breadcrumbs + [Link(label: "Demandes d'ingénierie", href: "/parcours/ingenierie")], sources: [])
    }

    @Sendable func engineeringCreate(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.signedIn
        let form = context.form
        let input = EngineeringInput(kind: form["type"] ?? "", sujet: form["sujet"] ?? "", besoin: form["besoin"] ?? "", useCase: form["cas_usage"],
                                     contact: form["contact"] ?? "", demande_aide: form["demande"].flatMap(Int64.init), deposer: form["action"] == "deposer")
        let created = try await createEngineering(input, user: user)
        return .redirect(to: "/parcours/ingenierie/\(created.id)", type: .normal)
    }

    /// A new request, written in the collectivité's name: a draft, or submitted at once (the same rule as a
    /// later submission, so an incomplete request is refused and nothing is recorded).
    private func createEngineering(_ input: EngineeringInput, user: User) async throws -> EngineeringRequest {
        let owner = try engineeringRequester(user)
        guard let kind = EngineeringRequest.Kind(rawValue: input.kind) else {
            throw WebError.badRequest("Type de demande attendu : " + EngineeringRequest.Kind.allCases.map(\.rawValue).joined(separator: " ou ") + ".")
        }
        guard let topic = EngineeringRequest.Topic(rawValue: input.sujet) else {
            throw WebError.badRequest("Sujet attendu : " + EngineeringRequest.Topic.allCases.map(\.rawValue).joined(separator: ", ") + ".")
        }
        // Only a help request of this collectivité is linked: another's id is dropped, not revealed.
        var help: Int64?
        if let id = input.demande_aide { help = try await store.requests(owner: owner).first { $0.id == id }?.id }
        let now = Self.now
        var request = EngineeringRequest(owner: owner, kind: kind, topic: topic, need: try EngineeringInput.limited(input.besoin, "besoin", 4_000),
                                         useCase: try EngineeringInput.limited(input.useCase ?? "", "cas_usage", 4_000),
                                         contact: try EngineeringInput.limited(input.contact, "contact", 500), helpRequestID: help, createdAt: now)
        if input.deposer == true { try await engineering { try request.move(to: .deposee, by: user.login, as: .collectivite, comment: "", at: now) } }
        return try await store.createEngineering(request)
    }

    @Sendable func engineeringDetail(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.signedIn
        let id = try requestID(context)
        let (actor, scope) = try engineeringActor(user, writing: false)
        guard let found = try await store.engineering(id: id, owner: scope) else { throw WebError.notFound(EngineeringError.unknown(id: id).description) }
        if actor == .operateur && request.uri.path.hasPrefix("/parcours/") { return .redirect(to: detailPath(id, user), type: .normal) }
        let operatorView = actor == .operateur
        let model = EngineeringDetailPage(found, actor: actor, canWrite: operatorView || user.canWrite(user.owner), referential: referential,
                                          context: operatorView ? try await engineeringOwners().context(found.owner) : nil,
                                          operators: operatorView ? try await operatorLogins() : [], csrf: context.session?.csrfToken)
        let list = actor == .operateur ? Link(label: "Ingénierie", href: "/operateur/ingenierie") : Link(label: "Demandes d'ingénierie", href: "/parcours/ingenierie")
        return views.page(EngineeringDetailPage.template, model, title: "Demande d'ingénierie n° \(id)",
                          breadcrumbs: (actor == .operateur ? [Link.home] : breadcrumbs) + [list], sources: [])
    }

    @Sendable func engineeringMove(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.signedIn
        let id = try requestID(context)
        let form = context.form
        let move = try EngineeringMove(state: form["etat"] ?? "", comment: form["commentaire"] ?? "", days: form["jours"], ratePercent: form["taux"],
                                       amount: form["montant"], consultant: form["consultant"])
        let updated = try await apply(move, id: id, user: user)
        return .redirect(to: detailPath(updated.id, user), type: .normal)
    }

    private func apply(_ move: EngineeringMove, id: Int64, user: User) async throws -> EngineeringRequest {
        let now = Self.now, login = user.login
        return try await update(id, user) { r, actor in
            try r.move(to: move.state, by: login, as: actor, comment: move.comment, grant: actor == .operateur ? move.grant : nil, at: now)
        }
    }

    @Sendable func engineeringMessage(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.signedIn
        let text = try EngineeringInput.limited(context.form["message"] ?? "", "message", 4_000), now = Self.now, login = user.login
        let updated = try await update(try requestID(context), user) { r, actor in try r.say(text, by: login, as: actor, at: now) }
        return .redirect(to: detailPath(updated.id, user) + "#fil", type: .normal)
    }

    // MARK: Operator pages

    @Sendable func engineeringAssign(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.signedIn
        let login = (context.form["operateur"] ?? "").trimmingCharacters(in: .whitespaces), now = Self.now
        // Only an operator account can follow a request.
        guard try await operatorLogins().contains(login) else {
            throw WebError.badRequest("« \(login.prefix(60)) » n'est pas un compte opérateur actif.")
        }
        let updated = try await update(try requestID(context), user) { r, _ in r.assign(to: login, by: user.login, at: now) }
        return .redirect(to: detailPath(updated.id, user), type: .normal)
    }

    @Sendable func engineeringDeliver(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.signedIn
        let form = context.form, now = Self.now
        let (title, date, link) = (try EngineeringInput.limited(form["titre"] ?? "", "titre", 500), (form["date"] ?? "").trimmingCharacters(in: .whitespaces),
                                   try EngineeringInput.limited(form["lien"] ?? "", "lien", 2_000))
        let updated = try await update(try requestID(context), user) { r, _ in try r.deliver(title: title, date: date, link: link, by: user.login, at: now) }
        return .redirect(to: detailPath(updated.id, user), type: .normal)
    }

    @Sendable func engineeringConsume(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.signedIn
        let now = Self.now
        guard let days = EngineeringMove.number(context.form["jours"]) else { throw WebError.badRequest("Nombre de journées attendu (par exemple 1,5).") }
        let updated = try await update(try requestID(context), user) { r, _ in try r.consume(days: days, by: user.login, at: now) }
        return .redirect(to: detailPath(updated.id, user), type: .normal)
    }

    @Sendable func engineeringDesk(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (query, shown, contexts, all) = try await deskSelection(request)
        let model = OperatorEngineeringPage(query: query, shown: shown, all: all, contexts: contexts, referential: referential, operators: try await operatorLogins())
        return views.page(OperatorEngineeringPage.template, model, title: "Ingénierie : demandes des collectivités", breadcrumbs: [Link.home], sources: [])
    }

    /// The filtered list as a French Excel CSV, the same rows as the desk shows.
    @Sendable func engineeringCSV(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (_, shown, contexts, _) = try await deskSelection(request)
        return .csv(OperatorEngineeringPage.csv(shown, contexts: contexts, referential: referential), filename: "ingenierie.csv")
    }

    private func deskSelection(_ request: Request) async throws
        -> (DeskQuery, [EngineeringRequest], [String: EngineeringDesk.Context], [EngineeringRequest]) {
        let query = try DeskQuery(try Query(request.uri.query))
        let all = try await store.engineeringRequests(owner: nil)
        let contexts = try await engineeringOwners().contexts(all)
        let shown = query.sorted(EngineeringDesk.select(all, query.filter) { contexts[$0] }, contexts: contexts, referential: referential)
        return (query, shown, contexts, all)
    }

    // MARK: API

    @Sendable func apiEngineeringList(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (actor, scope) = try engineeringActor(try context.signedIn, writing: false)
        return try .json(try await store.engineeringRequests(owner: scope).map { EngineeringDTO($0, actor: actor) })
    }

    @Sendable func apiEngineeringDetail(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try requestID(context)
        let (actor, scope) = try engineeringActor(try context.signedIn, writing: false)
        guard let found = try await store.engineering(id: id, owner: scope) else { throw WebError.notFound(EngineeringError.unknown(id: id).description) }
        return try .json(EngineeringDTO(found, actor: actor))
    }

    /// A JSON request body read through `APIJSON`; anything else is a 400 showing the expected shape (the cohorts' API too).
    func body<T: Decodable>(_ type: T.Type, _ request: Request, _ context: AppRequestContext, example: String) async throws -> T {
        var request = request
        let body = try await request.collectBody(upTo: context.maxUploadSize)
        guard let input = try? APIJSON.decode(type, from: body) else { throw WebError.badRequest("Corps JSON attendu : \(example).") }
        return input
    }

    @Sendable func apiEngineeringCreate(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.signedIn
        _ = try engineeringRequester(user)
        let input = try await body(EngineeringInput.self, request, context,
                                   example: "{\"type\": \"journees_conseil\", \"sujet\": \"strategie\", \"besoin\": \"…\", \"contact\": \"…\", \"deposer\": true}")
        return try .json(EngineeringDTO(try await createEngineering(input, user: user), actor: .collectivite), status: .created)
    }

    @Sendable func apiEngineeringMove(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.signedIn
        let id = try requestID(context)
        // A reader is refused before the body is read.
        _ = try engineeringActor(user, writing: true)
        let input = try await body(EngineeringMoveBody.self, request, context, example: "{\"etat\": \"deposee\", \"commentaire\": \"…\"}")
        let move = try EngineeringMove(input)
        return try .json(EngineeringDTO(try await apply(move, id: id, user: user), actor: user.role == .operateur ? .operateur : .collectivite))
    }

    @Sendable func apiEngineeringMessage(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.signedIn
        let id = try requestID(context)
        // A reader is refused before the body is read.
        _ = try engineeringActor(user, writing: true)
        let input = try await body(EngineeringMessageBody.self, request, context, example: "{\"message\": \"…\"}")
        let text = try EngineeringInput.limited(input.message, "message", 4_000), now = Self.now, login = user.login
        let updated = try await update(id, user) { r, actor in try r.say(text, by: login, as: actor, at: now) }
        return try .json(EngineeringDTO(updated, actor: user.role == .operateur ? .operateur : .collectivite), status: .created)
    }
}
