import Accounts
import Foundation
import Cartography
import Hummingbird
import NIOCore
import NIOFoundationCompat
import Parcours
import Referential
import Tabular

/// `/parcours`: the data-maturity self-diagnostic. Anyone can compute a result on the spot; a signed-in
/// referent saves drafts and answers for their collectivité, and the result then combines every referent's
/// submitted answers (median per question, disagreements shown). The profile comes from the signed-in user's
/// collectivité or from the code typed in the form.
struct ParcoursController: Sendable {
    let referential: Referential
    let store: any DiagnosticStore & ConformityStore & HelpRequestStore & AccountStore
    let views: Views
    let questionnaire = Questionnaire.v2026

    func register(on router: Router<AppRequestContext>) {
        router.get("/parcours", use: form)
        router.post("/parcours/resultat", use: result)
        router.get("/parcours/resultat", use: savedResult)
        router.get("/parcours/cas-usage", use: useCases)
        router.get("/parcours/barometre", use: barometer)
        router.get("/parcours/barometre.csv", use: barometerCSV)
        router.get("/operateur/diagnostics", use: operatorView)
        router.get("/api/v1/parcours/questionnaire", use: apiQuestionnaire)
        router.post("/api/v1/parcours/diagnostic", use: apiDiagnostic)
        router.get("/api/v1/parcours/cas-usage", use: apiUseCases)
        registerRequests(on: router)
    }

    // MARK: API

    struct QuestionnaireDTO: Encodable {
        struct QuestionDTO: Encodable { let id: String, dimension: String, text: String, choices: [String], barometer: Bool, allowsNotApplicable: Bool }
        struct DimensionDTO: Encodable { let code: String, label: String, weight: Double }
        let version: String
        let dimensions: [DimensionDTO]
        let questions: [QuestionDTO]
        let priorities: [String]
        let obstacles: [String]
    }

    @Sendable func apiQuestionnaire(_ request: Request, context: AppRequestContext) async throws -> Response {
        try .json(QuestionnaireDTO(
            version: questionnaire.version,
            dimensions: Dimension.allCases.map { .init(code: $0.rawValue, label: $0.label, weight: $0.weight) },
            questions: questionnaire.questions.map { .init(id: $0.id, dimension: $0.dimension.rawValue, text: $0.text, choices: $0.choices,
                                                            barometer: $0.barometer, allowsNotApplicable: $0.allowsNotApplicable) },
            priorities: Priority.allCases.map(\.rawValue), obstacles: Obstacle.allCases.map(\.rawValue)))
    }

    /// The request body of `POST /api/v1/parcours/diagnostic`.
    struct DiagnosticRequest: Decodable {
        /// Points 0-3 per question id, or "nsp" (je ne sais pas), "nc" (non concerné).
        let answers: [String: AnswerValue]
        let priorities: [String]?
        let obstacles: [String]?
        let useCase: String?
        /// INSEE code or SIREN, for the routing profile.
        let territory: String?

        enum AnswerValue: Decodable {
            case points(Int), text(String)
            init(from decoder: any Decoder) throws {
                let c = try decoder.singleValueContainer()
                if let p = try? c.decode(Int.self) { self = .points(p) } else { self = .text(try c.decode(String.self)) }
            }
        }
    }

    struct DiagnosticDTO: Encodable {
        struct Rec: Encodable { let id: String, brick: String, title: String, because: String }
        let version: String, level: String, global: Double, scores: [String: Double], reasons: [String]
        /// False below half the questions answered in some dimension: the level is then not established.
        let complete: Bool
        let missing: [String]
        let recommendations: [Rec], dontKnow: [String], unanswered: [String], useCases: [String]
    }

    @Sendable func apiDiagnostic(_ request: Request, context: AppRequestContext) async throws -> Response {
        var request = request
        let body = try await request.collectBody(upTo: context.maxUploadSize)
        let input: DiagnosticRequest
        do { input = try APIJSON.decode(DiagnosticRequest.self, from: body) } catch {
            throw WebError.badRequest("Corps JSON attendu : {\"reponses\": {\"D1.1\": 2, …}, \"territoire\": \"29103\"}.")
        }
        var answers = Answers(version: questionnaire.version)
        for (id, value) in input.answers {
            guard let question = questionnaire.question(id) else { throw WebError.badRequest("Question inconnue « \(id.prefix(20)) ».") }
            switch value {
            case .points(let p) where (0...3).contains(p): answers.values[id] = .points(p)
            case .text("nsp"): answers.values[id] = .dontKnow
            case .text("nc") where question.allowsNotApplicable: answers.values[id] = .notApplicable
            default: throw WebError.badRequest("Réponse invalide à la question \(id) : 0 à 3, « nsp » ou « nc ».")
            }
        }
        // An unknown priority or obstacle is said, not dropped: the routing rules read them.
        func known<T: RawRepresentable & CaseIterable>(_ values: [String]?, _ key: String) throws -> Set<T> where T.RawValue == String {
            try Set((values ?? []).map { value in
                guard let known = T(rawValue: value) else {
                    throw WebError.badRequest("Valeur inconnue « \(value.prefix(20)) » dans « \(key) » ; valeurs possibles : \(T.allCases.map(\.rawValue).joined(separator: ", ")).")
                }
                return known
            })
        }
        answers.priorities = try known(input.priorities, "priorites")
        answers.obstacles = try known(input.obstacles, "obstacles")
        answers.useCase = input.useCase
        let r = DiagnosticRules.evaluate(answers, profile: try profile(code: input.territory, user: context.user), questionnaire: questionnaire)
        return try .json(DiagnosticDTO(
            version: r.version, level: r.level.rawValue, global: r.global,
            scores: Dictionary(uniqueKeysWithValues: r.scores.map { ($0.key.rawValue, $0.value) }), reasons: r.levelReasons,
            complete: r.isComplete, missing: r.missing,
            recommendations: r.recommendations.map { .init(id: $0.id, brick: $0.brick.rawValue, title: $0.title, because: $0.because) },
            dontKnow: r.dontKnow, unanswered: r.unanswered,
            useCases: r.isComplete ? Self.suggestions(level: r.level, priorities: answers.priorities).map(\.id) : []))
    }

    struct UseCaseDTO: Encodable {
        let id: String, title: String, theme: String, goal: String, data: String, schema: String?, difficulty: String
        let level: String, benefits: String, examples: String, sources: [String], platform: String?
    }

    @Sendable func apiUseCases(_ request: Request, context: AppRequestContext) async throws -> Response {
        try .json(UseCaseCatalogue.all.map {
            UseCaseDTO(id: $0.id, title: $0.title, theme: $0.theme.rawValue, goal: $0.goal, data: $0.data, schema: $0.schema,
                       difficulty: $0.difficulty, level: $0.level.rawValue, benefits: $0.benefits, examples: $0.examples,
                       sources: $0.sources, platform: $0.platform)
        })
    }

    struct UseCasesPage {
        struct Option {
            let value: String
            let label: String
            let selected: Bool
        }

        struct Entry {
            let id: String
            let title: String
            let theme: String
            let goal: String
            let data: String
            let schema: String?
            let difficulty: String
            let level: String
            let benefits: String
            let examples: String
            let sources: [String]
            let platform: String?
        }

        let themes: [Option]
        let levels: [Option]
        let entries: [Entry]
        let count: Int
    }

    static func entry(_ u: UseCase) -> UseCasesPage.Entry {
        .init(id: u.id, title: u.title, theme: u.theme.label, goal: u.goal, data: u.data, schema: u.schema, difficulty: u.difficulty,
              level: u.level.label, benefits: u.benefits, examples: u.examples, sources: u.sources, platform: u.platform)
    }

    @Sendable func useCases(_ request: Request, context: AppRequestContext) async throws -> Response {
        let query = try Query(request.uri.query)
        let theme = try query["theme"].flatMap { text -> UseCase.Theme? in
            guard !text.isEmpty else { return nil }
            guard let theme = UseCase.Theme(rawValue: text) else { throw WebError.badRequest("Thème inconnu « \(text.prefix(30)) ».") }
            return theme
        }
        let level = try query["niveau"].flatMap { text -> MaturityLevel? in
            guard !text.isEmpty else { return nil }
            guard let level = MaturityLevel(rawValue: text) else { throw WebError.badRequest("Niveau inconnu « \(text.prefix(30)) ».") }
            return level
        }
        let entries = UseCaseCatalogue.filtered(theme: theme, level: level).map(Self.entry)
        let model = UseCasesPage(
            themes: UseCase.Theme.allCases.map { .init(value: $0.rawValue, label: $0.label, selected: $0 == theme) },
            levels: [MaturityLevel.debutant, .intermediaire, .pionnier].map { .init(value: $0.rawValue, label: "accessible au niveau \($0.label)", selected: $0 == level) },
            entries: entries, count: entries.count)
        return views.page("cas-usage", model, title: "Cas d'usage", breadcrumbs: [Link.home, Link(label: "Diagnostic", href: "/parcours")], sources: [])
    }

    struct FormPage {
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

        struct Option {
            let name: String
            let label: String
            let checked: Bool
        }

        let version: String
        let canSave: Bool
        /// The signed-in collectivité has a result to reopen.
        let hasResult: Bool
        let status: String?
        let useCase: String
        let dimensions: [DimensionView]
        let priorities: [Option]
        let obstacles: [Option]
        let csrf: String?
        let territory: String?
    }

    /// Every collectivité's complete combined result, with its stratum: an incomplete one is published nowhere.
    private func allResults() async throws -> [(Stratum, DiagnosticResult)] {
        try await resultsByOwner().filter(\.result.isComplete).map { ($0.stratum, $0.result) }
    }

    /// The same, with the collectivité and its number of respondents, ordered by collectivité.
    func resultsByOwner() async throws -> [(owner: Owner, stratum: Stratum, respondents: Int, result: DiagnosticResult)] {
        let checks = try await store.allConformity()
        let now = Date().timeIntervalSince1970
        return try await store.allSubmitted(version: questionnaire.version).compactMap { key, answers in
            guard let owner = Owner(key), let profile = profile(for: owner) else { return nil }
            return (owner, Stratum(profile), answers.count,
                    evaluate(answers, profile: profile, conformity: ConformitySummary(checks[key] ?? [], now: now)))
        }.sorted { $0.owner.description < $1.owner.description }
    }

    /// What the validator saw of a collectivité's files (rules C1 and C2 of the diagnostic).
    func conformity(_ owner: String) async throws -> ConformitySummary {
        ConformitySummary(try await store.conformity(owner: owner), now: Date().timeIntervalSince1970)
    }

    /// A collectivité's diagnostic: its people's submitted answers combined, scored with what the validator saw.
    func evaluate(_ submitted: [Answers], profile: Profile, conformity: ConformitySummary) -> DiagnosticResult {
        DiagnosticRules.evaluate(Answers.combine(submitted).answers, profile: profile, questionnaire: questionnaire, conformity: conformity)
    }

    struct BarometerPage {
        struct GroupView {
            let label: String
            let count: Int
            let global: String
            let levels: String
            let scores: [String]
        }

        let version: String
        let dimensions: [String]
        let groups: [GroupView]
        let total: Int
    }

    static func groupView(_ g: Barometer.Group) -> BarometerPage.GroupView {
        .init(label: g.stratum.label, count: g.count, global: Format.decimal(g.meanGlobal, decimals: 0),
              levels: [MaturityLevel.debutant, .intermediaire, .pionnier].map { "\($0.label) \(g.levels[$0] ?? 0)" }.joined(separator: ", "),
              scores: Dimension.allCases.map { Format.decimal(g.meanScores[$0] ?? 0, decimals: 0) })
    }

    @Sendable func barometer(_ request: Request, context: AppRequestContext) async throws -> Response {
        let results = try await allResults()
        let model = BarometerPage(version: questionnaire.version, dimensions: Dimension.allCases.map(\.rawValue),
                                  groups: Barometer.groups(results).map(Self.groupView), total: results.count)
        return views.page("barometre", model, title: "Baromètre de la maturité data", breadcrumbs: [Link.home, Link(label: "Diagnostic", href: "/parcours")], sources: [])
    }

    /// The barometer as a French Excel CSV: the same groups as the page (never fewer than 5 collectivités).
    @Sendable func barometerCSV(_ request: Request, context: AppRequestContext) async throws -> Response {
        let groups = Barometer.groups(try await allResults())
        let header = ["strate", "collectivites", "score_global_moyen", "debutant", "intermediaire", "pionnier"]
            + Dimension.allCases.map { "score_\($0.rawValue)" }
        let rows = groups.map { g -> [FrenchCSV.Cell] in
            [.text(g.stratum.label), .integer(g.count), .number(g.meanGlobal, decimals: 1)]
                + [MaturityLevel.debutant, .intermediaire, .pionnier].map { .integer(g.levels[$0] ?? 0) }
                + Dimension.allCases.map { .number(g.meanScores[$0] ?? 0, decimals: 1) }
        }
        return .csv(FrenchCSV.document(header: header, rows: rows), filename: "barometre-\(questionnaire.version).csv")
    }

    struct OperatorPage {
        struct Row { let territory: String, stratum: String, respondents: Int, level: String, global: String, scores: [String], rules: String }
        let version: String
        let dimensions: [String]
        let rows: [Row]
    }

    /// The operator's view of every collectivité's diagnostic (the programme routes help from it); nobody else's.
    @Sendable func operatorView(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard try operatorOnly(context) != nil else { return .redirect(to: "/connexion", type: .normal) }
        let rows = try await resultsByOwner().map { entry in
            OperatorPage.Row(territory: referential.ownerLabel(entry.owner), stratum: entry.stratum.label, respondents: entry.respondents,
                             level: entry.result.isComplete ? entry.result.level.label : "diagnostic incomplet",
                             global: Format.decimal(entry.result.global, decimals: 0),
                             scores: Dimension.allCases.map { entry.result.scores[$0].map { Format.decimal($0, decimals: 0) } ?? "—" },
                             rules: entry.result.recommendations.map(\.id).joined(separator: ", "))
        }
        return views.page("operateur-diagnostics", OperatorPage(version: questionnaire.version, dimensions: Dimension.allCases.map(\.rawValue), rows: rows),
                          title: "Diagnostics des collectivités", breadcrumbs: [Link.home], sources: [])
    }

    /// Diagnostics are the referents' to write (for their own collectivité).
    private func canSave(_ user: User?) -> Bool { user.map { $0.role == .referent && $0.canWrite($0.owner) } ?? false }

    @Sendable func form(_ request: Request, context: AppRequestContext) async throws -> Response {
        var saved: SavedAnswers?
        var hasResult = false
        if let user = context.user, user.role != .operateur {
            let all = try await store.answers(owner: user.owner.description, version: questionnaire.version)
            saved = canSave(user) ? all.first { $0.login == user.login } : nil
            hasResult = all.contains(where: \.submitted)
        }
        let given = saved?.answers ?? Answers()
        func value(_ answer: Answer?) -> String? {
            switch answer {
            case .points(let p)?: String(p)
            case .dontKnow?: "nsp"
            case .notApplicable?: "nc"
            case nil: nil
            }
        }
        let dimensions = Dimension.allCases.map { d in
            FormPage.DimensionView(code: d.rawValue, label: d.label, questions: questionnaire.questions(in: d).map { q in
                let current = value(given.values[q.id])
                var choices = q.choices.enumerated().map { FormPage.Choice(value: String($0.offset), label: $0.element, id: "\(q.id)-\($0.offset)", checked: current == String($0.offset)) }
                choices.append(FormPage.Choice(value: "nsp", label: "Je ne sais pas", id: "\(q.id)-nsp", checked: current == "nsp"))
                if q.allowsNotApplicable { choices.append(FormPage.Choice(value: "nc", label: "Non concerné", id: "\(q.id)-nc", checked: current == "nc")) }
                return FormPage.QuestionView(id: q.id, name: "q_\(q.id)", text: q.text, barometer: q.barometer, choices: choices)
            })
        }
        let model = FormPage(
            version: questionnaire.version, canSave: canSave(context.user), hasResult: hasResult,
            status: saved.map { $0.submitted ? "Vos réponses sont enregistrées ; vous pouvez les modifier." : "Brouillon enregistré : reprenez où vous en étiez." },
            useCase: given.useCase ?? "", dimensions: dimensions,
            priorities: Priority.allCases.map { FormPage.Option(name: "priorite_\($0.rawValue)", label: $0.label, checked: given.priorities.contains($0)) },
            obstacles: Obstacle.allCases.map { FormPage.Option(name: "obstacle_\($0.rawValue)", label: $0.label, checked: given.obstacles.contains($0)) },
            csrf: context.session?.csrfToken, territory: context.user.map { referential.ownerLabel($0.owner) })
        return views.page("parcours", model, title: "Diagnostic de maturité data", breadcrumbs: [Link.home], sources: [])
    }

    /// The routing profile of a collectivité known to the referential (nil for the operator or an unknown code).
    func profile(for owner: Owner) -> Profile? {
        switch owner {
        case .commune(let code): referential.commune(code).map { Profile(isCommune: true, population: $0.population, isPVD: $0.isPVD) }
        case .epci(let siren): referential.epci(siren).map { Profile(isCommune: false, population: $0.population, isPVD: false) }
        case .operateur: nil
        }
    }

    /// The routing profile: the signed-in collectivité, else the commune or EPCI typed in the form.
    private func profile(code typed: String?, user: User?) throws -> Profile {
        if let owner = user?.owner, let profile = profile(for: owner) { return profile }
        let code = (typed ?? "").trimmingCharacters(in: .whitespaces).uppercased()
        if let profile = profile(for: .commune(code)) ?? profile(for: .epci(code)) { return profile }
        guard code.isEmpty else { throw WebError.badRequest("« \(code.prefix(20)) » n'est ni un code INSEE de commune ni un SIREN d'EPCI connu.") }
        return Profile(isCommune: false, population: 0, isPVD: false)
    }

    /// Use cases within reach of the level, those of the stated priorities first, the most demanding the level
    /// allows first (a pioneer is not sent to beginner cases), six at most.
    static func suggestions(level: MaturityLevel, priorities: Set<Priority>) -> [UseCase] {
        let preferred: Set<UseCase.Theme> = priorities.contains(.energie) ? [.energie] : []
        return UseCaseCatalogue.filtered(theme: nil, level: level)
            .sorted { a, b in
                let pa = preferred.contains(a.theme), pb = preferred.contains(b.theme)
                if pa != pb { return pa }
                if a.level != b.level { return a.level > b.level }
                return a.id < b.id
            }
            .prefix(6).map { $0 }
    }

    struct ResultPage {
        struct Score {
            let label: String
            let value: String
        }

        struct RecommendationView {
            let id: String
            let brick: String
            let title: String
            let because: String
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
        let useCases: [UseCasesPage.Entry]
        /// For a collectivité's result: its date in words, who answered, and where they disagree.
        let collective: Collective?
        /// Collectivités of the same stratum, when there are at least five.
        let peers: BarometerPage.GroupView?
        let dimensionCodes: [String]
        /// For a signed-in collectivité: its files checked by the validator and what they changed.
        let conformity: Conformity?

        struct Collective {
            let date: String
            let territory: String
            let respondents: Int
            let names: String
            let disagreements: String?
        }

        struct Conformity {
            let evidence: [String]
            let checks: [ValidationController.CheckView]
            let none: Bool
        }
    }

    /// The answers of the form, refused when a value is not one the question offers.
    private func answers(_ context: AppRequestContext) throws -> Answers {
        var answers = Answers(version: questionnaire.version)
        for question in questionnaire.questions {
            switch context.form["q_\(question.id)"] {
            case "nsp": answers.values[question.id] = .dontKnow
            case "nc" where question.allowsNotApplicable: answers.values[question.id] = .notApplicable
            case let text?:
                guard let p = Int(text), (0...3).contains(p) else {
                    throw WebError.badRequest("Réponse invalide à la question \(question.id).")
                }
                answers.values[question.id] = .points(p)
            case nil: continue
            }
        }
        answers.priorities = Set(Priority.allCases.filter { context.form["priorite_\($0.rawValue)"] != nil })
        answers.obstacles = Set(Obstacle.allCases.filter { context.form["obstacle_\($0.rawValue)"] != nil })
        let useCase = (context.form["cas_usage"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        answers.useCase = useCase.isEmpty ? nil : String(useCase.prefix(200))
        return answers
    }

    /// `POST /parcours/resultat`: anyone gets the result of the answers sent. A referent's answers are saved for
    /// the collectivité: complete, they count in its result, which has its own address (`GET /parcours/resultat`);
    /// incomplete, they stay a draft, so a diagnostic resting on silence is never the collectivité's result.
    @Sendable func result(_ request: Request, context: AppRequestContext) async throws -> Response {
        let answers = try answers(context)
        let r = DiagnosticRules.evaluate(answers, profile: try profile(code: context.form["territoire"], user: context.user), questionnaire: questionnaire)
        guard let user = context.user, canSave(user) else { return resultPage(r, answers: answers) }
        let draft = context.form["action"] == "brouillon"
        try await store.saveAnswers(owner: user.owner.description, login: user.login, answers: answers, submitted: !draft && r.isComplete)
        if draft { return .redirect(to: "/parcours", type: .normal) }
        if r.isComplete { return .redirect(to: "/parcours/resultat", type: .normal) }
        return resultPage(r, answers: answers, savedAsDraft: true)
    }

    /// `GET /parcours/resultat`: the signed-in collectivité's result, from its referents' submitted answers,
    /// dated and signed, to reopen or print. Nobody else's: the collectivité is the signed-in user's.
    @Sendable func savedResult(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let user = context.user else { return .redirect(to: "/connexion", type: .normal) }
        guard user.role != .operateur else { return .redirect(to: "/operateur/diagnostics", type: .normal) }
        guard let diagnostic = try await collectiveDiagnostic(user.owner) else {
            throw WebError.notFound("Votre collectivité n'a pas encore de diagnostic : il sera ici dès qu'un ou une référente données aura envoyé des réponses complètes au questionnaire (/parcours).")
        }
        let people = Dictionary(try await store.users().filter { $0.owner == user.owner }.map { ($0.login, $0.name) }, uniquingKeysWith: { a, _ in a })
        let stratum = Stratum(diagnostic.profile)
        let collective = ResultPage.Collective(
            date: FrenchDay.long(diagnostic.submitted.map(\.updatedAt).max() ?? 0), territory: referential.ownerLabel(user.owner),
            respondents: diagnostic.submitted.count,
            names: diagnostic.submitted.map { people[$0.login] ?? $0.login }.sorted().joined(separator: ", "),
            disagreements: diagnostic.disagreements.isEmpty ? nil
                : diagnostic.disagreements.map { id in "\(id) (\(questionnaire.question(id)?.text ?? ""))" }.joined(separator: " ; "))
        return resultPage(diagnostic.result, answers: diagnostic.answers, collective: collective,
                          peers: Barometer.groups(try await allResults()).first { $0.stratum == stratum }, conformity: diagnostic.conformity)
    }

    func resultPage(_ r: DiagnosticResult, answers: Answers, savedAsDraft: Bool = false, collective: ResultPage.Collective? = nil,
                    peers: Barometer.Group? = nil, conformity: ConformitySummary? = nil) -> Response {
        let model = ResultPage(
            level: r.level.label, global: Format.decimal(r.global, decimals: 0), reasons: r.levelReasons, complete: r.isComplete, missing: r.missing,
            hasMissing: !r.missing.isEmpty, savedAsDraft: savedAsDraft,
            radar: Charts.radar(Dimension.allCases.map { ($0.label, r.scores[$0]) }, title: "Scores des 7 dimensions, sur 100", id: "radar"),
            scores: Dimension.allCases.map { ResultPage.Score(label: $0.label, value: r.scores[$0].map { Format.decimal($0, decimals: 0) } ?? "sans réponse") },
            strengths: r.strengths.isEmpty ? nil : r.strengths.map(\.label).joined(separator: ", "),
            weaknesses: r.weaknesses.isEmpty ? nil : r.weaknesses.map(\.label).joined(separator: ", "),
            recommendations: r.recommendations.map { .init(id: $0.id, brick: $0.brick.label, title: $0.title, because: $0.because) },
            dontKnow: r.dontKnow.isEmpty ? nil : r.dontKnow.joined(separator: ", "), unanswered: r.unanswered.count, version: r.version,
            useCases: r.isComplete ? Self.suggestions(level: r.level, priorities: answers.priorities).map(Self.entry) : [],
            collective: collective, peers: peers.map(Self.groupView), dimensionCodes: Dimension.allCases.map(\.rawValue),
            conformity: conformity.map { summary in
                .init(evidence: r.evidence, checks: summary.latest.map(ValidationController.checkView), none: summary.isEmpty)
            })
        let title = collective.map { "Diagnostic du \($0.date)" } ?? "Résultat du diagnostic"
        return views.page("parcours-resultat", model, title: title, breadcrumbs: [Link.home, Link(label: "Diagnostic", href: "/parcours")], sources: [])
    }
}
