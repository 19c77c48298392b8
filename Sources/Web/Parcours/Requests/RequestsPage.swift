import Accounts
import Foundation
import Parcours
import Referential

/// `/parcours/demandes`: the collectivité's help requests and the recommendations it can still ask for.
struct RequestsPage {
    static let template = "parcours-demandes"

    let territory: String
    let requests: [RequestView]
    let hasRequests: Bool
    /// The recommendations of the current diagnostic that can still be asked for.
    let askable: [ParcoursResultPage.RecommendationView]
    let csrf: String?
    let canAsk: Bool

    init(territory: String, requests: [HelpRequest], askable: [Recommendation], referential: Referential, csrf: String?, canAsk: Bool) {
        self.territory = territory
        self.requests = requests.map { RequestView($0, referential: referential) }
        hasRequests = !requests.isEmpty
        self.askable = askable.map(ParcoursResultPage.RecommendationView.init)
        self.csrf = csrf
        self.canAsk = canAsk
    }
}

/// A help request as the collectivité and the operator read it.
struct RequestView {
    let id: Int64, territory: String, rule: String, brick: String, title: String, because: String, message: String, login: String
    let created: String, updated: String, status: String, answer: String, open: Bool
    /// A help request of the ingénierie brick is detailed as an ingénierie request.
    let isEngineering: Bool
    let statuses: [Option]

    init(_ r: HelpRequest, referential: Referential) {
        (id, territory, rule, brick) = (r.id, Owner(r.owner).map(referential.ownerLabel) ?? r.owner, r.rule, r.brick.label)
        (title, because, message, login) = (r.title, r.because, r.message, r.login)
        (created, updated, status, answer, open) = (FrenchDay.format(r.createdAt), FrenchDay.format(r.updatedAt), r.status.label, r.answer, r.isOpen)
        isEngineering = r.brick == .ingenierie
        statuses = HelpRequest.Status.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: $0 == r.status) }
    }
}

/// A help request in `/api/v1/parcours/demandes`.
struct RequestDTO: Encodable {
    let id: Int64, collectivite: String, rule: String, brick: String, title: String, because: String, message: String, login: String
    let createdAt: Date, status: String, answer: String, updatedAt: Date

    init(_ r: HelpRequest) {
        (id, collectivite, rule, brick, title, because, message, login) = (r.id, r.owner, r.rule, r.brick.rawValue, r.title, r.because, r.message, r.login)
        (createdAt, status, answer, updatedAt) = (Date(timeIntervalSince1970: r.createdAt), r.status.rawValue, r.answer, Date(timeIntervalSince1970: r.updatedAt))
    }
}

/// The body of `POST /api/v1/parcours/demandes`.
struct CreateRequestBody: Decodable {
    let recommendation: String
    let message: String?
}
