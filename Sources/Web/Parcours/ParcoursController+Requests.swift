import Accounts
import Foundation
import Hummingbird
import NIOCore
import Parcours
import Referential

/// Recommendations turned into requests: a collectivité asks for the help one of its recommendations names,
/// the operator follows the request up (en cours, traitée, refusée, with an answer the collectivité reads).
/// A request can only name a rule that fires in the collectivité's own submitted diagnostic.
extension ParcoursController {
    func registerRequests(on router: Router<AppRequestContext>) {
        router.get("/parcours/demandes", use: requestsPage)
        router.post("/parcours/demandes", use: createRequestPage)
        router.get("/operateur/demandes", use: operatorRequests)
        router.post("/operateur/demandes/{id}", use: operatorUpdate)
        router.get("/api/v1/parcours/demandes", use: apiRequests)
        router.post("/api/v1/parcours/demandes", use: apiCreateRequest)
    }

    struct CollectiveDiagnostic {
        let submitted: [SavedAnswers]
        let answers: Answers
        let disagreements: [String]
        let profile: Profile
        let conformity: ConformitySummary
        let result: DiagnosticResult
    }

    /// The collectivité's diagnostic: its referents' submitted answers combined, scored with what the validator
    /// saw; nil before any submitted answer.
    func collectiveDiagnostic(_ owner: Owner) async throws -> CollectiveDiagnostic? {
        let submitted = try await store.answers(owner: owner.description, version: questionnaire.version).filter(\.submitted)
        guard !submitted.isEmpty, let profile = profile(for: owner) else { return nil }
        let (answers, disagreements) = Answers.combine(submitted.map(\.answers))
        let conformity = try await conformity(owner.description)
        return CollectiveDiagnostic(submitted: submitted, answers: answers, disagreements: disagreements, profile: profile, conformity: conformity,
                                    result: DiagnosticRules.evaluate(answers, profile: profile, questionnaire: questionnaire, conformity: conformity))
    }

    /// The collectivité's combined diagnostic as the result page shows it; nil before any submitted answer.
    func combinedResult(_ owner: Owner) async throws -> DiagnosticResult? {
        try await collectiveDiagnostic(owner)?.result
    }

    /// Who may ask: a collectivité's agents and referents (elected officials read; the operator answers).
    private func requester(_ context: AppRequestContext) throws -> User {
        guard let user = context.user else { throw WebError.unauthorized("Connectez-vous pour demander un accompagnement.") }
        guard user.canWrite(user.owner) else {
            throw WebError.forbidden("Les demandes d'accompagnement sont faites par les agents et référents de la collectivité.")
        }
        return user
    }

    private func create(rule: String, message: String, user: User) async throws -> HelpRequest {
        guard let result = try await combinedResult(user.owner) else {
            throw WebError.badRequest("Votre collectivité n'a pas encore envoyé de diagnostic : les recommandations en viennent.")
        }
        guard let recommendation = result.recommendations.first(where: { $0.id == rule }) else {
            let fired = result.recommendations.map(\.id).joined(separator: ", ")
            throw WebError.badRequest("La recommandation « \(rule.prefix(10)) » ne s'applique pas à votre diagnostic (recommandations : \(fired)).")
        }
        do {
            return try await store.createRequest(HelpRequest(
                id: 0, owner: user.owner.description, rule: recommendation.id, brick: recommendation.brick, title: recommendation.title,
                because: recommendation.because, message: String(message.trimmingCharacters(in: .whitespacesAndNewlines).prefix(1_000)),
                login: user.login, createdAt: Date().timeIntervalSince1970))
        } catch let error as HelpRequestError {
            throw WebError.conflict(error.description)
        }
    }

    struct RequestView {
        let id: Int64, territory: String, rule: String, brick: String, title: String, because: String, message: String, login: String
        let created: String, updated: String, status: String, answer: String, open: Bool
        let statuses: [Option]

        struct Option { let value: String, label: String, selected: Bool }
    }

    func requestView(_ r: HelpRequest) -> RequestView {
        RequestView(id: r.id, territory: Owner(r.owner).map(referential.ownerLabel) ?? r.owner, rule: r.rule, brick: r.brick.label, title: r.title,
                    because: r.because, message: r.message, login: r.login, created: FrenchDay.format(r.createdAt), updated: FrenchDay.format(r.updatedAt),
                    status: r.status.label, answer: r.answer, open: r.isOpen,
                    statuses: HelpRequest.Status.allCases.map { .init(value: $0.rawValue, label: $0.label, selected: $0 == r.status) })
    }

    struct RequestsPage {
        let territory: String
        let requests: [RequestView]
        let hasRequests: Bool
        /// The recommendations of the current diagnostic that can still be asked for.
        let askable: [ResultPage.RecommendationView]
        let csrf: String?
        let canAsk: Bool
    }

    @Sendable func requestsPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let user = context.user else { return .redirect(to: "/connexion", type: .normal) }
        guard user.role != .operateur else { return .redirect(to: "/operateur/demandes", type: .normal) }
        let requests = try await store.requests(owner: user.owner.description)
        let open = Set(requests.filter(\.isOpen).map(\.rule))
        let askable = try await combinedResult(user.owner)?.recommendations.filter { !open.contains($0.id) } ?? []
        let model = RequestsPage(territory: referential.ownerLabel(user.owner), requests: requests.map(requestView), hasRequests: !requests.isEmpty,
                                 askable: askable.map { .init(id: $0.id, brick: $0.brick.label, title: $0.title, because: $0.because) },
                                 csrf: context.session?.csrfToken, canAsk: user.canWrite(user.owner))
        return views.page("parcours-demandes", model, title: "Demandes d'accompagnement",
                          breadcrumbs: [Link.home, Link(label: "Diagnostic", href: "/parcours")], sources: [])
    }

    @Sendable func createRequestPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try requester(context)
        _ = try await create(rule: context.form["recommandation"] ?? "", message: context.form["message"] ?? "", user: user)
        return .redirect(to: "/parcours/demandes", type: .normal)
    }

    struct OperatorRequestsPage {
        let requests: [RequestView]
        let hasRequests: Bool
        let openCount: Int
        let csrf: String?
    }

    /// The operator (nil when nobody is signed in); anyone else is told the page does not exist.
    func operatorOnly(_ context: AppRequestContext) throws -> User? {
        guard let user = context.user else { return nil }
        guard user.role == .operateur else { throw WebError.notFound("Aucune page ne se trouve à cette adresse.") }
        return user
    }

    @Sendable func operatorRequests(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard try operatorOnly(context) != nil else { return .redirect(to: "/connexion", type: .normal) }
        let requests = try await store.allRequests()
        let model = OperatorRequestsPage(requests: requests.map(requestView), hasRequests: !requests.isEmpty,
                                         openCount: requests.filter(\.isOpen).count, csrf: context.session?.csrfToken)
        return views.page("operateur-demandes", model, title: "Demandes d'accompagnement des collectivités", breadcrumbs: [Link.home], sources: [])
    }

    @Sendable func operatorUpdate(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let user = try operatorOnly(context) else { throw WebError.unauthorized("Connectez-vous.") }
        guard let id = context.parameters.get("id").flatMap(Int64.init) else { throw WebError.notFound("Aucune demande à cette adresse.") }
        guard let status = context.form["statut"].flatMap(HelpRequest.Status.init(rawValue:)) else {
            throw WebError.badRequest("Statut attendu : " + HelpRequest.Status.allCases.map(\.rawValue).joined(separator: ", ") + ".")
        }
        let answer = String((context.form["reponse"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines).prefix(1_000))
        if status == .refusee && answer.isEmpty { throw WebError.badRequest("Une demande refusée dit pourquoi : écrivez la réponse.") }
        do {
            _ = try await store.updateRequest(id: id, status: status, answer: answer, actor: user.login)
        } catch HelpRequestError.unknown {
            throw WebError.notFound("Aucune demande n° \(id).")
        }
        return .redirect(to: "/operateur/demandes", type: .normal)
    }

    struct RequestDTO: Encodable {
        let id: Int64, collectivite: String, rule: String, brick: String, title: String, because: String, message: String, login: String
        let createdAt: Date, status: String, answer: String, updatedAt: Date

        init(_ r: HelpRequest) {
            (id, collectivite, rule, brick, title, because, message, login) = (r.id, r.owner, r.rule, r.brick.rawValue, r.title, r.because, r.message, r.login)
            (createdAt, status, answer, updatedAt) = (Date(timeIntervalSince1970: r.createdAt), r.status.rawValue, r.answer, Date(timeIntervalSince1970: r.updatedAt))
        }
    }

    @Sendable func apiRequests(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let user = context.user else { throw WebError.unauthorized("Jeton d'API ou session nécessaire.") }
        let requests = user.role == .operateur ? try await store.allRequests() : try await store.requests(owner: user.owner.description)
        return try .json(requests.map(RequestDTO.init))
    }

    struct CreateRequestBody: Decodable {
        let recommendation: String
        let message: String?
    }

    @Sendable func apiCreateRequest(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try requester(context)
        var request = request
        let body = try await request.collectBody(upTo: context.maxUploadSize)
        guard let input = try? APIJSON.decode(CreateRequestBody.self, from: body) else {
            throw WebError.badRequest("Corps JSON attendu : {\"recommandation\": \"R2\", \"message\": \"…\"}.")
        }
        // Counted as JSON Schema counts (`maxLength` in the OpenAPI document): in Unicode scalars.
        guard (input.message ?? "").unicodeScalars.count <= 1_000 else { throw WebError.badRequest("Le message est limité à 1 000 caractères.") }
        return try .json(RequestDTO(try await create(rule: input.recommendation, message: input.message ?? "", user: user)), status: .created)
    }
}
