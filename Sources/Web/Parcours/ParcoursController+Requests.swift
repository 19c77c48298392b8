import Accounts
import Hummingbird
import NIOCore
import Parcours

/// Help requests (`HelpDesk`): a collectivité's agents and referents ask for the help a recommendation of their
/// submitted diagnostic names; the operator follows the requests up.
extension ParcoursController {
    func registerRequests(on router: Router<AppRequestContext>) {
        router.group().add(middleware: Access(.signedIn)).get("/parcours/demandes", use: requestsPage)
        let askers = router.group().add(middleware: Access(.signedIn, message: "Connectez-vous pour demander un accompagnement."))
        askers.post("/parcours/demandes", use: createRequestPage)
        askers.post("/api/v1/parcours/demandes", use: apiCreateRequest)
        router.group().add(middleware: Access(.signedIn, message: "Jeton d'API ou session nécessaire.")).get("/api/v1/parcours/demandes", use: apiRequests)
        let operators = router.group().add(middleware: Access(.operatorOnly, message: "Connectez-vous."))
        operators.get("/operateur/demandes", use: operatorRequests)
        operators.post("/operateur/demandes/{id}", use: operatorUpdate)
    }

    var helpDesk: HelpDesk { HelpDesk(requests: store, diagnostics: diagnostics) }

    /// Who may ask: a collectivité's agents and referents (elected officials read; the operator answers).
    private func requester(_ context: AppRequestContext) throws -> User {
        let user = try context.signedIn
        guard user.canWrite(user.owner) else {
            throw WebError.forbidden("Les demandes d'accompagnement sont faites par les agents et référents de la collectivité.")
        }
        return user
    }

    /// The help desk's refusals as HTTP statuses: a rule not recommended 400, one already open 409, no such request 404.
    private func asking<T>(_ work: () async throws -> T) async throws -> T {
        do { return try await work() } catch let error as HelpDeskError {
            throw WebError.badRequest(error.description)
        } catch let error as HelpRequestError {
            switch error {
            case .alreadyOpen: throw WebError.conflict(error.description)
            case .unknown: throw WebError.notFound(error.description)
            }
        }
    }

    private func ask(_ rule: String, message: String, user: User) async throws -> HelpRequest {
        try await asking { try await helpDesk.ask(rule: rule, message: message, owner: user.owner.description, login: user.login) }
    }

    @Sendable func requestsPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.signedIn
        guard user.role != .operateur else { return .redirect(to: "/operateur/demandes", type: .normal) }
        let (requests, askable) = try await helpDesk.desk(owner: user.owner.description)
        let model = RequestsPage(territory: referential.ownerLabel(user.owner), requests: requests, askable: askable, referential: referential,
                                 csrf: context.session?.csrfToken, canAsk: user.canWrite(user.owner))
        return views.page(RequestsPage.template, model, title: "Demandes d'accompagnement",
                          breadcrumbs: [Link.home, Link(label: "Diagnostic", href: "/parcours")], sources: [])
    }

    @Sendable func createRequestPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try await ask(context.form["recommandation"] ?? "", message: context.form["message"] ?? "", user: try requester(context))
        return .redirect(to: "/parcours/demandes", type: .normal)
    }

    @Sendable func operatorRequests(_ request: Request, context: AppRequestContext) async throws -> Response {
        let model = OperatorRequestsPage(try await helpDesk.requests(owner: nil), referential: referential, csrf: context.session?.csrfToken)
        return views.page(OperatorRequestsPage.template, model, title: "Demandes d'accompagnement des collectivités", breadcrumbs: [Link.home], sources: [])
    }

    @Sendable func operatorUpdate(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.signedIn
        guard let id = context.parameters.get("id").flatMap(Int64.init) else { throw WebError.notFound("Aucune demande à cette adresse.") }
        guard let status = context.form["statut"].flatMap(HelpRequest.Status.init(rawValue:)) else {
            throw WebError.badRequest("Statut attendu : " + HelpRequest.Status.allCases.map(\.rawValue).joined(separator: ", ") + ".")
        }
        _ = try await asking { try await helpDesk.follow(id: id, status: status, answer: context.form["reponse"] ?? "", operator: user.login) }
        return .redirect(to: "/operateur/demandes", type: .normal)
    }

    @Sendable func apiRequests(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.signedIn
        return try .json(try await helpDesk.requests(owner: user.role == .operateur ? nil : user.owner.description).map(RequestDTO.init))
    }

    @Sendable func apiCreateRequest(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try requester(context)
        var request = request
        let body = try await request.collectBody(upTo: context.maxUploadSize)
        guard let input = try? APIJSON.decode(CreateRequestBody.self, from: body) else {
            throw WebError.badRequest("Corps JSON attendu : {\"recommandation\": \"R2\", \"message\": \"…\"}.")
        }
        // Counted as JSON Schema counts (`maxLength` in the OpenAPI document): in Unicode scalars.
        guard (input.message ?? "").unicodeScalars.count <= HelpDesk.maxText else { throw WebError.badRequest("Le message est limité à 1 000 caractères.") }
        return try .json(RequestDTO(try await ask(input.recommendation, message: input.message ?? "", user: user)), status: .created)
    }
}
