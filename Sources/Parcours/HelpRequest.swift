/// A collectivité asking the programme for the help a recommendation names: the operator follows it up until
/// it is done (or declined, with a reason). The request keeps the recommendation as it was worded when asked.
public struct HelpRequest: Sendable, Equatable {
    public enum Status: String, Sendable, CaseIterable {
        case nouvelle, enCours = "en_cours", traitee, refusee

        public var label: String {
            switch self {
            case .nouvelle: "nouvelle"
            case .enCours: "en cours"
            case .traitee: "traitée"
            case .refusee: "refusée"
            }
        }
    }

    public let id: Int64
    public let owner: String
    /// The rule that fired (R1…R10) and what it recommended, and why.
    public let rule: String
    public let brick: Brick
    public let title: String
    public let because: String
    /// What the collectivité adds (its context, a contact, a date).
    public let message: String
    public let login: String
    public let createdAt: Double
    public var status: Status
    /// The operator's answer, shown to the collectivité.
    public var answer: String
    public var updatedAt: Double

    public init(id: Int64, owner: String, rule: String, brick: Brick, title: String, because: String, message: String, login: String,
                createdAt: Double, status: Status = .nouvelle, answer: String = "", updatedAt: Double? = nil) {
        self.id = id
        self.owner = owner
        self.rule = rule
        self.brick = brick
        self.title = title
        self.because = because
        self.message = message
        self.login = login
        self.createdAt = createdAt
        self.status = status
        self.answer = answer
        self.updatedAt = updatedAt ?? createdAt
    }

    /// A request stays open until it is done or declined; one open request per recommendation is enough.
    public var isOpen: Bool { status == .nouvelle || status == .enCours }
}

public enum HelpRequestError: Error, Equatable, CustomStringConvertible {
    case alreadyOpen(rule: String)
    case unknown(id: Int64)

    public var description: String {
        switch self {
        case .alreadyOpen(let rule): "Une demande pour la recommandation \(rule) est déjà en cours."
        case .unknown(let id): "Aucune demande n° \(id)."
        }
    }
}

/// Where help requests are kept. A collectivité's calls name its owner text (taken from the signed-in user);
/// `allRequests` and `updateRequest` are the operator's.
public protocol HelpRequestStore: Sendable {
    /// Records a request (status "nouvelle"); refused while one for the same rule is open.
    func createRequest(_ request: HelpRequest) async throws -> HelpRequest
    func requests(owner: String) async throws -> [HelpRequest]
    func allRequests() async throws -> [HelpRequest]
    /// The operator's follow-up, with its `followUpNotice` posted to the collectivité's accounts in the same transaction.
    func updateRequest(id: Int64, status: HelpRequest.Status, answer: String, actor: String) async throws -> HelpRequest
}
