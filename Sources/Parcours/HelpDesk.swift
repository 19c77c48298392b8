import Foundation

/// Recommendations turned into requests: a collectivité asks for the help one of its recommendations names,
/// the operator follows the request up (en cours, traitée, refusée, with an answer the collectivité reads).
/// A request can only name a rule that fires in the collectivité's own submitted diagnostic, and one request per
/// rule is open at a time (the store keeps that invariant: `HelpRequestError.alreadyOpen`).
public struct HelpDesk: Sendable {
    let requests: any HelpRequestStore
    let diagnostics: CollectiveDiagnostic
    let now: @Sendable () -> Double

    public init(requests: any HelpRequestStore, diagnostics: CollectiveDiagnostic, now: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }) {
        self.requests = requests
        self.diagnostics = diagnostics
        self.now = now
    }

    /// A message or an answer is kept to this many characters.
    public static let maxText = 1_000

    /// Asks for the help `rule` recommends to `owner`, with the collectivité's message (trimmed, cut at `maxText`).
    public func ask(rule: String, message: String, owner: String, login: String) async throws -> HelpRequest {
        guard let result = try await diagnostics.of(owner)?.result else { throw HelpDeskError.noDiagnostic }
        guard let recommendation = result.recommendations.first(where: { $0.id == rule }) else {
            throw HelpDeskError.notRecommended(rule: rule, fired: result.recommendations.map(\.id))
        }
        return try await requests.createRequest(HelpRequest(
            id: 0, owner: owner, rule: recommendation.id, brick: recommendation.brick, title: recommendation.title,
            because: recommendation.because, message: String(message.trimmingCharacters(in: .whitespacesAndNewlines).prefix(Self.maxText)),
            login: login, createdAt: now()))
    }

    /// The collectivité's requests, and the recommendations of its diagnostic it can still ask for (none open).
    public func desk(owner: String) async throws -> (requests: [HelpRequest], askable: [Recommendation]) {
        let requests = try await requests.requests(owner: owner)
        let open = Set(requests.filter(\.isOpen).map(\.rule))
        let askable = try await diagnostics.of(owner)?.result.recommendations.filter { !open.contains($0.id) } ?? []
        return (requests, askable)
    }

    /// A collectivité's requests, or every collectivité's (`owner` nil: the operator's view).
    public func requests(owner: String?) async throws -> [HelpRequest] {
        guard let owner else { return try await requests.allRequests() }
        return try await requests.requests(owner: owner)
    }

    /// The operator's follow-up: a new status and the answer the collectivité reads (trimmed, cut at `maxText`);
    /// a refusal says why. An unknown id is `HelpRequestError.unknown`.
    public func follow(id: Int64, status: HelpRequest.Status, answer: String, operator login: String) async throws -> HelpRequest {
        let answer = String(answer.trimmingCharacters(in: .whitespacesAndNewlines).prefix(Self.maxText))
        if status == .refusee && answer.isEmpty { throw HelpDeskError.refusalWithoutAnswer }
        return try await requests.updateRequest(id: id, status: status, answer: answer, actor: login)
    }
}

/// A request the help desk refuses before it reaches the store, in French.
public enum HelpDeskError: Error, Equatable, CustomStringConvertible {
    case noDiagnostic
    case notRecommended(rule: String, fired: [String])
    case refusalWithoutAnswer

    public var description: String {
        switch self {
        case .noDiagnostic: "Votre collectivité n'a pas encore envoyé de diagnostic : les recommandations en viennent."
        case .notRecommended(let rule, let fired):
            "La recommandation « \(rule.prefix(10)) » ne s'applique pas à votre diagnostic (recommandations : \(fired.joined(separator: ", ")))."
        case .refusalWithoutAnswer: "Une demande refusée dit pourquoi : écrivez la réponse."
        }
    }
}
