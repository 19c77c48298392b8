import Accounts
import Parcours
import Referential

/// `/parcours`: the questionnaire, pre-filled with the signed-in referent's saved answers (draft or sent).
struct ParcoursFormPage {
    static let template = "parcours"

    struct Choice {
        let value: String
        let label: String
        let id: String
        let checked: Bool
    }

    struct QuestionView {
        let id: String
        let name: String
        let text: String
        let barometer: Bool
        let choices: [Choice]
    }

    struct DimensionView {
        let code: String
        let label: String
        let questions: [QuestionView]
    }

    let version: String
    let canSave: Bool
    /// The signed-in collectivité has a result to reopen.
    let hasResult: Bool
    let status: String?
    let useCase: String
    let dimensions: [DimensionView]
    let priorities: [Checkbox]
    let obstacles: [Checkbox]
    let csrf: String?
    let territory: String?

    /// `saved`: the person's own answers, when they write the collectivité's diagnostic.
    init(questionnaire: Questionnaire, saved: SavedAnswers?, hasResult: Bool, canSave: Bool, csrf: String?, territory: String?) {
        let given = saved?.answers ?? Answers()
        func value(_ answer: Answer?) -> String? {
            switch answer {
            case .points(let p)?: String(p)
            case .dontKnow?: "nsp"
            case .notApplicable?: "nc"
            case nil: nil
            }
        }
        dimensions = Dimension.allCases.map { d in
            DimensionView(code: d.rawValue, label: d.label, questions: questionnaire.questions(in: d).map { q in
                let current = value(given.values[q.id])
                var choices = q.choices.enumerated().map { Choice(value: String($0.offset), label: $0.element, id: "\(q.id)-\($0.offset)", checked: current == String($0.offset)) }
                choices.append(Choice(value: "nsp", label: "Je ne sais pas", id: "\(q.id)-nsp", checked: current == "nsp"))
                if q.allowsNotApplicable { choices.append(Choice(value: "nc", label: "Non concerné", id: "\(q.id)-nc", checked: current == "nc")) }
                return QuestionView(id: q.id, name: "q_\(q.id)", text: q.text, barometer: q.barometer, choices: choices)
            })
        }
        version = questionnaire.version
        self.canSave = canSave
        self.hasResult = hasResult
        status = saved.map { $0.submitted ? "Vos réponses sont enregistrées ; vous pouvez les modifier." : "Brouillon enregistré : reprenez où vous en étiez." }
        useCase = given.useCase ?? ""
        priorities = Priority.allCases.map { Checkbox(name: "priorite_\($0.rawValue)", label: $0.label, checked: given.priorities.contains($0)) }
        obstacles = Obstacle.allCases.map { Checkbox(name: "obstacle_\($0.rawValue)", label: $0.label, checked: given.obstacles.contains($0)) }
        self.csrf = csrf
        self.territory = territory
    }

    /// The form for `user`: a referent's own answers pre-filled (`canSave`), and whether their collectivité has a
    /// result to reopen; the operator and anonymous visitors get it blank.
    static func load(questionnaire: Questionnaire, user: User?, canSave: Bool, store: any DiagnosticStore, csrf: String?,
                     referential: Referential) async throws -> Self {
        var saved: SavedAnswers?
        var hasResult = false
        if let user, user.role != .operateur {
            let all = try await store.answers(owner: user.owner.description, version: questionnaire.version)
            saved = canSave ? all.first { $0.login == user.login } : nil
            hasResult = all.contains(where: \.submitted)
        }
        return Self(questionnaire: questionnaire, saved: saved, hasResult: hasResult, canSave: canSave, csrf: csrf,
                    territory: user.map { referential.ownerLabel($0.owner) })
    }

    /// The form's fields as the one answer parser reads them: `q_<id>` (a number or a word), a checkbox per
    /// priority and obstacle, `cas_usage`.
    static func input(_ form: Query, questionnaire: Questionnaire) -> AnswerInput {
        var input = AnswerInput()
        for question in questionnaire.questions {
            guard let text = form["q_\(question.id)"] else { continue }
            input.values[question.id] = Int(text).map(AnswerInput.Value.points) ?? .text(text)
        }
        input.priorities = Priority.allCases.map(\.rawValue).filter { form["priorite_\($0)"] != nil }
        input.obstacles = Obstacle.allCases.map(\.rawValue).filter { form["obstacle_\($0)"] != nil }
        input.useCase = form["cas_usage"]
        return input
    }
}

/// The body of `GET /api/v1/parcours/questionnaire`.
struct QuestionnaireDTO: Encodable {
    struct QuestionDTO: Encodable { let id: String, dimension: String, text: String, choices: [String], barometer: Bool, allowsNotApplicable: Bool }
    struct DimensionDTO: Encodable { let code: String, label: String, weight: Double }
    let version: String
    let dimensions: [DimensionDTO]
    let questions: [QuestionDTO]
    let priorities: [String]
    let obstacles: [String]

    init(_ questionnaire: Questionnaire) {
        version = questionnaire.version
        dimensions = Dimension.allCases.map { .init(code: $0.rawValue, label: $0.label, weight: $0.weight) }
        questions = questionnaire.questions.map { .init(id: $0.id, dimension: $0.dimension.rawValue, text: $0.text, choices: $0.choices,
                                                         barometer: $0.barometer, allowsNotApplicable: $0.allowsNotApplicable) }
        priorities = Priority.allCases.map(\.rawValue)
        obstacles = Obstacle.allCases.map(\.rawValue)
    }
}
