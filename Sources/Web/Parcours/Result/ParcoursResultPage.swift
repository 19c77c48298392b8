import Accounts
import Cartography
import Parcours
import Referential

/// `/parcours/resultat`: a diagnostic's result — the answers just sent, or the signed-in collectivité's
/// combined diagnostic, dated and signed, with its stratum and what the validator saw of its files.
struct ParcoursResultPage {
    static let template = "parcours-resultat"

    struct Score {
        let label: String
        let value: String
    }

    struct RecommendationView {
        let id: String
        let brick: String
        let title: String
        let because: String

        init(_ r: Recommendation) { (id, brick, title, because) = (r.id, r.brick.label, r.title, r.because) }
    }

    /// For a collectivité's result: its date in words, who answered, and where they disagree.
    struct Collective {
        let date: String
        let territory: String
        let respondents: Int
        let names: String
        let disagreements: String?
    }

    struct Conformity {
        let evidence: [String]
        let checks: [CheckView]
        let none: Bool
    }

    let level: String
    let global: String
    let reasons: [String]
    /// Below half the questions answered in some dimension: no level, and this is not the collectivité's result.
    let complete: Bool
    let missing: [String]
    let hasMissing: Bool
    /// A referent's incomplete answers: kept as a draft, out of the collectivité's result.
    let savedAsDraft: Bool
    let radar: String
    let scores: [Score]
    let strengths: String?
    let weaknesses: String?
    let recommendations: [RecommendationView]
    let dontKnow: String?
    let unanswered: Int
    let version: String
    let useCases: [UseCaseEntry]
    let collective: Collective?
    /// Collectivités of the same stratum, when there are at least five.
    let peers: BarometerPage.GroupView?
    let dimensionCodes: [String]
    /// For a signed-in collectivité: its files checked by the validator and what they changed.
    let conformity: Conformity?

    var title: String { collective.map { "Diagnostic du \($0.date)" } ?? "Résultat du diagnostic" }

    init(_ r: DiagnosticResult, answers: Answers, savedAsDraft: Bool = false, collective: Collective? = nil,
         peers: Barometer.Group? = nil, conformity: ConformitySummary? = nil) {
        level = r.level.label
        global = Format.decimal(r.global, decimals: 0)
        reasons = r.levelReasons
        complete = r.isComplete
        missing = r.missing
        hasMissing = !r.missing.isEmpty
        self.savedAsDraft = savedAsDraft
        radar = Charts.radar(Dimension.allCases.map { ($0.label, r.scores[$0]) }, title: "Scores des 7 dimensions, sur 100", id: "radar")
        scores = Dimension.allCases.map { Score(label: $0.label, value: r.scores[$0].map { Format.decimal($0, decimals: 0) } ?? "sans réponse") }
        strengths = r.strengths.isEmpty ? nil : r.strengths.map(\.label).joined(separator: ", ")
        weaknesses = r.weaknesses.isEmpty ? nil : r.weaknesses.map(\.label).joined(separator: ", ")
        recommendations = r.recommendations.map(RecommendationView.init)
        dontKnow = r.dontKnow.isEmpty ? nil : r.dontKnow.joined(separator: ", ")
        unanswered = r.unanswered.count
        version = r.version
        useCases = UseCaseCatalogue.suggestions(for: r, priorities: answers.priorities).map(UseCaseEntry.init)
        self.collective = collective
        self.peers = peers.map(BarometerPage.GroupView.init)
        dimensionCodes = Dimension.allCases.map(\.rawValue)
        self.conformity = conformity.map { summary in
            Conformity(evidence: r.evidence, checks: summary.latest.map(CheckView.init), none: summary.isEmpty)
        }
    }

    /// The collectivité's own diagnostic, signed with its referents' names; nil before any complete submission.
    static func load(_ owner: Owner, diagnostics: CollectiveDiagnostic, accounts: any AccountStore, referential: Referential) async throws -> Self? {
        guard let diagnostic = try await diagnostics.of(owner.description) else { return nil }
        let people = Dictionary(try await accounts.users().filter { $0.owner == owner }.map { ($0.login, $0.name) }, uniquingKeysWith: { a, _ in a })
        let questionnaire = diagnostics.questionnaire
        let collective = Collective(
            date: FrenchDay.long(diagnostic.submitted.map(\.updatedAt).max() ?? 0), territory: referential.ownerLabel(owner),
            respondents: diagnostic.submitted.count,
            names: diagnostic.submitted.map { people[$0.login] ?? $0.login }.sorted().joined(separator: ", "),
            disagreements: diagnostic.disagreements.isEmpty ? nil
                : diagnostic.disagreements.map { id in "\(id) (\(questionnaire.question(id)?.text ?? ""))" }.joined(separator: " ; "))
        let stratum = Stratum(diagnostic.profile)
        return Self(diagnostic.result, answers: diagnostic.answers, collective: collective,
                    peers: try await diagnostics.barometer().groups.first { $0.stratum == stratum }, conformity: diagnostic.conformity)
    }
}

/// The body of `POST /api/v1/parcours/diagnostic`: the answers, as the one parser reads them, and the territory.
struct DiagnosticRequest: Decodable {
    /// Points 0-3 per question id, or "nsp" (je ne sais pas), "nc" (non concerné).
    let answers: [String: AnswerInput.Value]
    let priorities: [String]?
    let obstacles: [String]?
    let useCase: String?
    /// INSEE code or SIREN, for the routing profile.
    let territory: String?

    var input: AnswerInput { AnswerInput(values: answers, priorities: priorities ?? [], obstacles: obstacles ?? [], useCase: useCase) }
}

/// The answer of `POST /api/v1/parcours/diagnostic`.
struct DiagnosticDTO: Encodable {
    struct Rec: Encodable { let id: String, brick: String, title: String, because: String }
    let version: String, level: String, global: Double, scores: [String: Double], reasons: [String]
    /// False below half the questions answered in some dimension: the level is then not established.
    let complete: Bool
    let missing: [String]
    let recommendations: [Rec], dontKnow: [String], unanswered: [String], useCases: [String]

    init(_ r: DiagnosticResult, priorities: Set<Priority>) {
        (version, level, global, reasons) = (r.version, r.level.rawValue, r.global, r.levelReasons)
        scores = Dictionary(uniqueKeysWithValues: r.scores.map { ($0.key.rawValue, $0.value) })
        (complete, missing, dontKnow, unanswered) = (r.isComplete, r.missing, r.dontKnow, r.unanswered)
        recommendations = r.recommendations.map { .init(id: $0.id, brick: $0.brick.rawValue, title: $0.title, because: $0.because) }
        useCases = UseCaseCatalogue.suggestions(for: r, priorities: priorities).map(\.id)
    }
}
