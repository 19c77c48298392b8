import Accounts
import Foundation
import Hummingbird
import NIOCore
import NIOFoundationCompat
import Parcours
import Referential

/// `/parcours`: the data-maturity self-diagnostic. Anyone can compute a result on the spot; a signed-in
/// referent saves drafts and answers for their collectivité, and the result then combines every referent's
/// submitted answers (`CollectiveDiagnostic`). The profile comes from the signed-in user's collectivité or from
/// the code typed in the form. The pages live in the folders beside this file.
struct ParcoursController: Sendable {
    let referential: Referential
    let store: any DiagnosticStore & ConformityStore & HelpRequestStore & EngineeringStore & AccountStore & BarometerStore & CohortStore & NoticeStore
    let views: Views
    /// The questionnaire in force; the observatoire reads whose diagnostic is submitted against it.
    var questionnaire: Questionnaire { .current }

    func register(on router: Router<AppRequestContext>) {
        router.get("/parcours", use: form)
        router.post("/parcours/resultat", use: result)
        router.get("/parcours/cas-usage", use: useCases)
        router.get("/parcours/barometre", use: barometer)
        router.get("/parcours/barometre.csv", use: barometerCSV)
        router.get("/api/v1/parcours/questionnaire", use: apiQuestionnaire)
        router.post("/api/v1/parcours/diagnostic", use: apiDiagnostic)
        router.get("/api/v1/parcours/cas-usage", use: apiUseCases)
        router.group().add(middleware: Access(.signedIn)).get("/parcours/resultat", use: savedResult)
        router.group().add(middleware: Access(.operatorOnly)).get("/operateur/diagnostics", use: operatorView)
        registerRequests(on: router)
        registerBarometer(on: router)
        registerEngineering(on: router)
        registerCohorts(on: router)
    }

    /// The diagnostics of the collectivités the referential knows.
    var diagnostics: CollectiveDiagnostic {
        CollectiveDiagnostic(questionnaire: questionnaire, store: store, profile: { [referential] in
            Owner($0).flatMap { Self.profile(for: $0, in: referential) }
        })
    }

    /// The routing profile of a collectivité known to the referential (nil for the operator or an unknown code).
    static func profile(for owner: Owner, in referential: Referential) -> Profile? {
        switch owner {
        case .commune(let code): referential.commune(code).map { Profile(isCommune: true, population: $0.population, isPVD: $0.isPVD) }
        case .epci(let siren): referential.epci(siren).map { Profile(isCommune: false, population: $0.population, isPVD: false) }
        case .operateur: nil
        }
    }

    /// The routing profile: the signed-in collectivité, else the commune or EPCI typed in the form.
    private func profile(code typed: String?, user: User?) throws -> Profile {
        if let owner = user?.owner, let profile = Self.profile(for: owner, in: referential) { return profile }
        let code = (typed ?? "").trimmingCharacters(in: .whitespaces).uppercased()
        if let profile = Self.profile(for: .commune(code), in: referential) ?? Self.profile(for: .epci(code), in: referential) { return profile }
        guard code.isEmpty else { throw WebError.badRequest("« \(code.prefix(20)) » n'est ni un code INSEE de commune ni un SIREN d'EPCI connu.") }
        return Profile(isCommune: false, population: 0, isPVD: false)
    }

    /// The answers sent, through the one parser: a refusal is a 400 with its French sentence.
    private func answers(_ input: AnswerInput) throws -> Answers {
        do { return try questionnaire.answers(input) } catch { throw WebError.badRequest(error.description) }
    }

    /// Diagnostics are the referents' to write (for their own collectivité).
    private func canSave(_ user: User?) -> Bool { user.map { $0.role == .referent && $0.canWrite($0.owner) } ?? false }

    var breadcrumbs: [Link] { [Link.home, Link(label: "Diagnostic", href: "/parcours")] }

    // MARK: Pages

    @Sendable func form(_ request: Request, context: AppRequestContext) async throws -> Response {
        let model = try await ParcoursFormPage.load(questionnaire: questionnaire, user: context.user, canSave: canSave(context.user), store: store,
                                                    csrf: context.session?.csrfToken, referential: referential)
        return views.page(ParcoursFormPage.template, model, title: "Diagnostic de maturité data", breadcrumbs: [Link.home], sources: [])
    }

    /// `POST /parcours/resultat`: anyone gets the result of the answers sent. A referent's answers are saved for
    /// the collectivité: complete, they count in its result, which has its own address (`GET /parcours/resultat`);
    /// incomplete, they stay a draft, so a diagnostic resting on silence is never the collectivité's result.
    @Sendable func result(_ request: Request, context: AppRequestContext) async throws -> Response {
        let answers = try answers(ParcoursFormPage.input(context.form, questionnaire: questionnaire))
        let profile = try profile(code: context.form["territoire"], user: context.user)
        let writer = context.user.flatMap { canSave($0) ? (owner: $0.owner.description, login: $0.login) : nil }
        switch try await diagnostics.answer(answers, profile: profile, savingFor: writer, draft: context.form["action"] == "brouillon") {
        case .computed(let r): return resultPage(ParcoursResultPage(r, answers: answers))
        case .incomplete(let r): return resultPage(ParcoursResultPage(r, answers: answers, savedAsDraft: true))
        case .draft: return .redirect(to: "/parcours", type: .normal)
        case .submitted: return .redirect(to: "/parcours/resultat", type: .normal)
        }
    }

    /// `GET /parcours/resultat`: the signed-in collectivité's result, from its referents' submitted answers,
    /// dated and signed, to reopen or print. Nobody else's: the collectivité is the signed-in user's.
    @Sendable func savedResult(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.signedIn
        guard user.role != .operateur else { return .redirect(to: "/operateur/diagnostics", type: .normal) }
        guard let model = try await ParcoursResultPage.load(user.owner, diagnostics: diagnostics, accounts: store, referential: referential) else {
            throw WebError.notFound("Votre collectivité n'a pas encore de diagnostic : il sera ici dès qu'un ou une référente données aura envoyé des réponses complètes au questionnaire (/parcours).")
        }
        return resultPage(model)
    }

    private func resultPage(_ model: ParcoursResultPage) -> Response {
        views.page(ParcoursResultPage.template, model, title: model.title, breadcrumbs: breadcrumbs, sources: [])
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
        return views.page(UseCasesPage.template, UseCasesPage(theme: theme, level: level), title: "Cas d'usage", breadcrumbs: breadcrumbs, sources: [])
    }

    @Sendable func barometer(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (groups, respondents) = try await diagnostics.barometer()
        return views.page(BarometerPage.template, BarometerPage(version: questionnaire.version, groups: groups, respondents: respondents,
                                                                    years: try await store.submissionYears()),
                          title: "Baromètre de la maturité data", breadcrumbs: breadcrumbs, sources: [])
    }

    /// The barometer as a French Excel CSV: the same groups as the page (never fewer than 5 collectivités).
    @Sendable func barometerCSV(_ request: Request, context: AppRequestContext) async throws -> Response {
        .csv(BarometerPage.csv(try await diagnostics.barometer().groups), filename: "barometre-\(questionnaire.version).csv")
    }

    /// The operator's view of every collectivité's diagnostic (the programme routes help from it); nobody else's.
    @Sendable func operatorView(_ request: Request, context: AppRequestContext) async throws -> Response {
        let model = OperatorDiagnosticsPage(version: questionnaire.version, entries: try await diagnostics.all(), referential: referential)
        return views.page(OperatorDiagnosticsPage.template, model, title: "Diagnostics des collectivités", breadcrumbs: [Link.home], sources: [])
    }

    // MARK: API

    @Sendable func apiQuestionnaire(_ request: Request, context: AppRequestContext) async throws -> Response {
        try .json(QuestionnaireDTO(questionnaire))
    }

    @Sendable func apiDiagnostic(_ request: Request, context: AppRequestContext) async throws -> Response {
        var request = request
        let body = try await request.collectBody(upTo: context.maxUploadSize)
        let input: DiagnosticRequest
        do { input = try APIJSON.decode(DiagnosticRequest.self, from: body) } catch {
            throw WebError.badRequest("Corps JSON attendu : {\"reponses\": {\"D1.1\": 2, …}, \"territoire\": \"29103\"}.")
        }
        let answers = try answers(input.input)
        let profile = try profile(code: input.territory, user: context.user)
        let result = DiagnosticRules.evaluate(answers, profile: profile, questionnaire: questionnaire)
        return try .json(DiagnosticDTO(result, priorities: answers.priorities))
    }

    @Sendable func apiUseCases(_ request: Request, context: AppRequestContext) async throws -> Response {
        try .json(UseCaseCatalogue.all.map(UseCaseDTO.init))
    }
}
