/// One answer to a scored question.
public enum Answer: Sendable, Equatable, Codable {
    case points(Int)
    /// "Je ne sais pas": scores 0 and is flagged.
    case dontKnow
    /// The collectivité is not concerned: left out of the score.
    case notApplicable
}

/// What one person answered, for one version of the questionnaire.
public struct Answers: Sendable, Equatable, Codable {
    public var version: String
    public var values: [String: Answer]
    public var priorities: Set<Priority>
    public var obstacles: Set<Obstacle>
    /// A use case the collectivité can name for a formation-action.
    public var useCase: String?

    public init(version: String = Questionnaire.v2026.version, values: [String: Answer] = [:], priorities: Set<Priority> = [],
                obstacles: Set<Obstacle> = [], useCase: String? = nil) {
        self.version = version
        self.values = values
        self.priorities = priorities
        self.obstacles = obstacles
        self.useCase = useCase
    }

    /// Several people's answers as one: per question the median of the points given (a "don't know" counts
    /// only if nobody knew; "not applicable" only if everyone said so); priorities and obstacles are the
    /// union. Questions where answers differ by 2 points or more are returned as disagreements.
    public static func combine(_ all: [Answers]) -> (answers: Answers, disagreements: [String]) {
        guard let first = all.first else { return (Answers(), []) }
        var combined = Answers(version: first.version)
        var disagreements: [String] = []
        for id in Set(all.flatMap(\.values.keys)).sorted() {
            let given = all.compactMap { $0.values[id] }
            let points = given.compactMap { if case .points(let p) = $0 { p } else { nil } }.sorted()
            if !points.isEmpty {
                combined.values[id] = .points(points[(points.count - 1) / 2])
                if points.last! - points.first! >= 2 { disagreements.append(id) }
            } else if given.contains(.dontKnow) {
                combined.values[id] = .dontKnow
            } else {
                combined.values[id] = .notApplicable
            }
        }
        combined.priorities = all.reduce(into: Set()) { $0.formUnion($1.priorities) }
        combined.obstacles = all.reduce(into: Set()) { $0.formUnion($1.obstacles) }
        combined.useCase = all.compactMap(\.useCase).first { !$0.isEmpty }
        return (combined, disagreements)
    }
}

/// What the routing needs to know of the collectivité beyond its answers (from the referential).
public struct Profile: Sendable, Equatable {
    public let isCommune: Bool
    public let population: Int
    public let isPVD: Bool
    /// Number of agents, when known: the open-data obligation applies from 50 agents and 3,500 inhabitants.
    public let agents: Int?
    public let managesPublicBuildings: Bool

    public init(isCommune: Bool, population: Int, isPVD: Bool, agents: Int? = nil, managesPublicBuildings: Bool = true) {
        self.isCommune = isCommune
        self.population = population
        self.isPVD = isPVD
        self.agents = agents
        self.managesPublicBuildings = managesPublicBuildings
    }
}

public enum MaturityLevel: String, Sendable, Codable, Comparable {
    case debutant, intermediaire, pionnier

    public var label: String {
        switch self {
        case .debutant: "débutant"
        case .intermediaire: "intermédiaire"
        case .pionnier: "pionnier"
        }
    }

    private var rank: Int { self == .debutant ? 0 : self == .intermediaire ? 1 : 2 }
    public static func < (a: Self, b: Self) -> Bool { a.rank < b.rank }
}

/// The four kinds of help of the programme.
public enum Brick: String, Sendable, Codable {
    case sensibilisation, ingenierie, outils, formationAction

    public var label: String {
        switch self {
        case .sensibilisation: "Sensibilisation"
        case .ingenierie: "Ingénierie"
        case .outils: "Outils clés en main"
        case .formationAction: "Formation-action"
        }
    }
}

public struct Recommendation: Sendable, Equatable, Identifiable {
    /// The rule that fired (stable: a later request can start from it).
    public let id: String
    public let brick: Brick
    public let title: String
    /// Why, in plain words, with the figures that fired the rule.
    public let because: String
}

public struct DiagnosticResult: Sendable {
    public let version: String
    /// 0-100 per dimension; nil when every question of the dimension was "not applicable" or unanswered.
    public let scores: [Dimension: Double]
    public let global: Double
    public let level: MaturityLevel
    /// The rules that set the level, in plain words.
    public let levelReasons: [String]
    public let recommendations: [Recommendation]
    /// Questions answered "je ne sais pas".
    public let dontKnow: [String]
    public let unanswered: [String]
    /// Answers corrected by what the validator saw (rules C1 and C2), in plain words.
    public let evidence: [String]
    /// How many questions of each dimension were answered (a "je ne sais pas" or "non concerné" is an answer).
    public let coverage: [Dimension: Coverage]
    /// What is missing for the rules that could not be examined, in plain words.
    public let missing: [String]

    public func score(_ d: Dimension) -> Double { scores[d] ?? 0 }

    /// Complete when every dimension has at least half its questions answered: below that, the level and the
    /// recommendations would rest on silence, so the result is not the collectivité's (see `DiagnosticRules`).
    public var isComplete: Bool { coverage.values.allSatisfy(\.isEnough) }

    /// A dimension's score as the rules may use it: only when at least half its questions are answered.
    public func established(_ d: Dimension) -> Double? { coverage[d]?.isEnough == true ? scores[d] : nil }

    public var strengths: [Dimension] {
        Dimension.allCases.filter { (established($0) ?? 0) >= 60 }.sorted { score($0) > score($1) }
    }
    public var weaknesses: [Dimension] {
        Dimension.allCases.filter { established($0).map { $0 < 35 } ?? false }.sorted { score($0) < score($1) }
    }
}

/// Answered questions of one dimension.
public struct Coverage: Sendable, Equatable {
    public let answered: Int
    public let total: Int

    public init(answered: Int, total: Int) {
        self.answered = answered
        self.total = total
    }

    public var unanswered: Int { total - answered }
    /// At least half the questions answered (2 of 4, 3 of 5).
    public var isEnough: Bool { 2 * answered >= total }
}

/// One person's saved answers for their collectivité.
public struct SavedAnswers: Sendable, Equatable {
    public let login: String
    public let answers: Answers
    /// False while the person is still answering (a draft); true once they asked for the result.
    public let submitted: Bool
    public let updatedAt: Double

    public init(login: String, answers: Answers, submitted: Bool, updatedAt: Double) {
        self.login = login
        self.answers = answers
        self.submitted = submitted
        self.updatedAt = updatedAt
    }
}

/// Where diagnostics are kept. Every call names the owning collectivité (its `Owner` text), which the web layer
/// takes from the signed-in user, never from the request: a collectivité only ever reaches its own answers.
public protocol DiagnosticStore: Sendable {
    func saveAnswers(owner: String, login: String, answers: Answers, submitted: Bool) async throws
    func answers(owner: String, version: String) async throws -> [SavedAnswers]
    /// Every collectivité's submitted answers, by owner: for aggregates only (groups of 5 or more).
    func allSubmitted(version: String) async throws -> [String: [Answers]]
}
