import Foundation

/// Answers as a person sent them, before they are checked: the questionnaire form's fields and the API's JSON
/// body are both read into this, and `Questionnaire.answers(_:)` is the one place that decides what is a valid
/// answer, so the page and the API accept and refuse the same things with the same words.
public struct AnswerInput: Sendable, Equatable {
    /// One value as sent: a number (the form's "2", the JSON's 2) or a word ("nsp", "nc", or anything else).
    public enum Value: Sendable, Equatable, Decodable {
        case points(Int), text(String)

        public init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let points = try? container.decode(Int.self) { self = .points(points) } else { self = .text(try container.decode(String.self)) }
        }
    }

    /// By question id.
    public var values: [String: Value]
    /// Raw values of `Priority` and `Obstacle`.
    public var priorities: [String]
    public var obstacles: [String]
    public var useCase: String?

    public init(values: [String: Value] = [:], priorities: [String] = [], obstacles: [String] = [], useCase: String? = nil) {
        self.values = values
        self.priorities = priorities
        self.obstacles = obstacles
        self.useCase = useCase
    }
}

/// Why answers were refused, in French (the page and the API show the same sentence).
public enum AnswerError: Error, Equatable, CustomStringConvertible {
    case unknownQuestion(String)
    case invalidAnswer(question: String)
    /// A priority or obstacle the questionnaire does not know: said, not dropped, since the routing rules read them.
    case unknownPriority(String)
    case unknownObstacle(String)

    public var description: String {
        switch self {
        case .unknownQuestion(let id): "Question inconnue « \(id.prefix(20)) »."
        case .invalidAnswer(let id): "Réponse invalide à la question \(id) : 0 à 3, « nsp » ou « nc »."
        case .unknownPriority(let value):
            "Valeur inconnue « \(value.prefix(20)) » dans « priorites » ; valeurs possibles : \(Priority.allCases.map(\.rawValue).joined(separator: ", "))."
        case .unknownObstacle(let value):
            "Valeur inconnue « \(value.prefix(20)) » dans « obstacles » ; valeurs possibles : \(Obstacle.allCases.map(\.rawValue).joined(separator: ", "))."
        }
    }
}

extension Questionnaire {
    /// The answers sent, checked against this questionnaire: 0 to 3 points, "nsp" (je ne sais pas), or "nc"
    /// (non concerné) where the question allows it; the use case named trimmed and cut at 200 characters.
    /// Unknown questions are reported first (by id), then the questions in the questionnaire's order.
    public func answers(_ input: AnswerInput) throws(AnswerError) -> Answers {
        if let unknown = input.values.keys.sorted().first(where: { question($0) == nil }) { throw .unknownQuestion(unknown) }
        var answers = Answers(version: version)
        for question in questions {
            switch input.values[question.id] {
            case nil: continue
            case .points(let p)? where (0...3).contains(p): answers.values[question.id] = .points(p)
            case .text("nsp")?: answers.values[question.id] = .dontKnow
            case .text("nc")? where question.allowsNotApplicable: answers.values[question.id] = .notApplicable
            default: throw .invalidAnswer(question: question.id)
            }
        }
        for value in input.priorities {
            guard let priority = Priority(rawValue: value) else { throw .unknownPriority(value) }
            answers.priorities.insert(priority)
        }
        for value in input.obstacles {
            guard let obstacle = Obstacle(rawValue: value) else { throw .unknownObstacle(value) }
            answers.obstacles.insert(obstacle)
        }
        let useCase = (input.useCase ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        answers.useCase = useCase.isEmpty ? nil : String(useCase.prefix(200))
        return answers
    }
}
