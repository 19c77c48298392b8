import Accounts
import Foundation
import Hummingbird
import NIOCore
import Referential
import Renovation

/// The « Travaux » tab of a building (`…/batiments/{id}/travaux`), its CSV and its API: read by whoever reads the
/// inventory (the demo by anyone, read-only), written by the collectivité's agents and referents only. Every store
/// call names the caller's collectivité, so another one's building is a 404.
extension RenovationController {
    static let worksRefusal = "Seuls les agents et référents de la collectivité modifient les travaux de ses bâtiments ; votre rôle permet de les lire."

    func registerWorks(on router: Router<AppRequestContext>, readers: RouterGroup<AppRequestContext>) {
        let sheet = "/batiments/{id}/travaux"
        router.get(RouterPath(Self.demoBase + sheet)) { try await works($0, $1, demo: true) }
        router.get(RouterPath(Self.demoBase + sheet + ".csv")) { try await worksCSV($0, $1, demo: true) }
        router.get("/api/v1/renovation/demo/batiments/{id}/scenarios") { try await apiWorks($0, $1, demo: true) }
        readers.get(RouterPath(Self.ownBase + sheet)) { try await works($0, $1, demo: false) }
        // A file, not a page: refused (401) rather than redirected.
        router.get(RouterPath(Self.ownBase + sheet + ".csv")) { try await worksCSV($0, $1, demo: false) }
        readers.post(RouterPath(Self.ownBase + sheet + "/caracteristiques"), use: profileForm)
        readers.post(RouterPath(Self.ownBase + sheet + "/scenarios"), use: scenarioForm)
        readers.post(RouterPath(Self.ownBase + sheet + "/scenarios/{scenario}/suppression"), use: deleteScenarioForm)
        readers.post(RouterPath(Self.ownBase + sheet + "/reglages"), use: settingsForm)
        readers.get("/api/v1/renovation/batiments/{id}/scenarios") { try await apiWorks($0, $1, demo: false) }
        readers.post("/api/v1/renovation/batiments/{id}/scenarios", use: apiCreateScenario)
        readers.delete("/api/v1/renovation/batiments/{id}/scenarios/{scenario}", use: apiDeleteScenario)
        readers.put("/api/v1/renovation/batiments/{id}/profil", use: apiSaveProfile)
    }

    // MARK: Reading

    private struct Loaded {
        let owner: String
        let building: Building
        let library: ActionLibrary?
        let works: BuildingWorks?
    }

    private static var thisYear: Int { Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: Date()).year! }

    /// The building `{id}` of `owner`'s inventory (the demo's when `owner` is nil) with its works.
    private func load(_ context: AppRequestContext, owner: String?) async throws -> Loaded {
        let id = try context.parameters.decoded("id")
        let setup = try await setup.value
        let found = owner == nil ? setup.demo.first { $0.id == id } : try await store.building(owner: owner!, id: id)
        guard let b = found else { throw WebError.notFound("Aucun bâtiment « \(id.prefix(40)) » dans cet inventaire.") }
        let profile = owner == nil ? .unknown : try await store.profiles(owner: owner!)[b.id] ?? .unknown
        let custom = owner == nil ? [] : try await store.scenarios(owner: owner!, building: b.id)
        let saved = owner == nil ? nil : try await store.settings(owner: owner!)
        let works = setup.library.map { library in
            BuildingWorks(b, profile: profile, custom: custom, library: library, climate: setup.climate,
                          settings: saved?.economics ?? EconomicSettings(library: library), today: Self.thisYear)
        }
        return Loaded(owner: owner ?? RenovationSetup.demoOwner, building: b, library: setup.library, works: works)
    }

    private func read(_ request: Request, _ context: AppRequestContext, demo: Bool) async throws -> Loaded {
        try await load(context, owner: demo ? nil : try inventoryOwner(request, context))
    }

    /// The caller's own building, for a write: agents and referents only, their collectivité's building only.
    private func writable(_ context: AppRequestContext) async throws -> (User, Loaded) {
        let user = try writer(context, refusal: Self.worksRefusal)
        return (user, try await load(context, owner: user.owner.description))
    }

    private func page(_ loaded: Loaded, _ context: AppRequestContext, demo: Bool, errors: [String] = [], notice: String? = nil,
                      sentProfile: WorksProfile? = nil, status: HTTPResponse.Status = .ok) -> Response {
        let user = context.user
        let editable = !demo && user.map { $0.canWrite($0.owner) && $0.owner.description == loaded.owner } == true
        let model = WorksPage(loaded.works, building: loaded.building, library: loaded.library, demo: demo,
                              ownerQuery: Self.ownerQuery(context, owner: loaded.owner, demo: demo), editable: editable,
                              csrf: context.session?.csrfToken ?? "", errors: errors, notice: notice, sentProfile: sentProfile)
        return views.page(WorksPage.template, model, status: status, title: "Travaux — \(loaded.building.name)",
                          breadcrumbs: [Link.home, Link(label: demo ? "Démonstration rénovation" : "Bâtiments", href: demo ? Self.demoBase : Self.ownBase),
                                        Link(label: loaded.building.name, href: model.sheet + model.ownerQuery)],
                          sources: [DataSources.degresJours])
    }

    @Sendable func works(_ request: Request, _ context: AppRequestContext, demo: Bool) async throws -> Response {
        let notice: String? = switch try Query(request.uri.query)["fait"] {
        case "caracteristiques": "Caractéristiques enregistrées : les scénarios en tiennent compte."
        case "scenario": "Scénario enregistré."
        case "supprime": "Scénario supprimé."
        case "reglages": "Prix de l'énergie et actualisation enregistrés pour tous les bâtiments de la collectivité."
        default: nil
        }
        return page(try await read(request, context, demo: demo), context, demo: demo, notice: notice)
    }

    @Sendable func worksCSV(_ request: Request, _ context: AppRequestContext, demo: Bool) async throws -> Response {
        let loaded = try await read(request, context, demo: demo)
        guard let works = loaded.works else { throw WebError.notFound("Bibliothèque des actions de rénovation non chargée.") }
        return Response.csv(WorksExport.csv(works), filename: "travaux-\(Self.pathComponent(loaded.building.id)).csv")
    }

    // MARK: Forms

    private func redirect(_ loaded: Loaded, _ done: String, anchor: String) -> Response {
        .redirect(to: "\(Self.ownBase)/batiments/\(Self.pathComponent(loaded.building.id))/travaux?fait=\(done)#\(anchor)", type: .normal)
    }

    /// A form refused: the tab again with every problem, nothing written.
    private func refused(_ loaded: Loaded, _ context: AppRequestContext, _ error: WorksInputError, sentProfile: WorksProfile? = nil) -> Response {
        page(loaded, context, demo: false, errors: error.problems, sentProfile: sentProfile, status: .unprocessableContent)
    }

    @Sendable func profileForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (user, loaded) = try await writable(context)
        var problems: [String] = []
        let input = WorksProfileDTO(form: { context.form[$0] }, problems: &problems)
        switch input.profile() {
        case .failure(let e): return refused(loaded, context, WorksInputError(problems: problems + e.problems), sentProfile: input.asSent)
        case .success(let profile) where problems.isEmpty:
            try await store.saveProfile(owner: loaded.owner, building: loaded.building.id, profile, actor: user.login)
            return redirect(loaded, "caracteristiques", anchor: "caracteristiques")
        case .success: return refused(loaded, context, WorksInputError(problems: problems), sentProfile: input.asSent)
        }
    }

    /// A new scenario's identifier, unique among the building's.
    private static func newScenarioID() -> String { "perso-" + String(UInt32.random(in: .min ... .max), radix: 16) }

    private func add(_ input: ScenarioInput, _ user: User, _ loaded: Loaded) async throws -> Result<ScenarioSpec, WorksInputError> {
        guard let library = loaded.library else { throw WebError.notFound("Bibliothèque des actions de rénovation non chargée.") }
        let existing = try await store.scenarios(owner: loaded.owner, building: loaded.building.id)
        guard existing.count < ScenarioInput.limit else {
            return .failure(WorksInputError(problems: ["\(ScenarioInput.limit) scénarios au plus par bâtiment : supprimez-en un avant d'en ajouter"]))
        }
        let result = input.spec(id: Self.newScenarioID(), library: library)
        if case .success(let spec) = result { try await store.saveScenario(owner: loaded.owner, building: loaded.building.id, spec, actor: user.login) }
        return result
    }

    @Sendable func scenarioForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (user, loaded) = try await writable(context)
        guard let library = loaded.library else { throw WebError.notFound("Bibliothèque des actions de rénovation non chargée.") }
        var problems: [String] = []
        let input = ScenarioInput(form: { context.form[$0] }, library: library, problems: &problems)
        guard problems.isEmpty else { return refused(loaded, context, WorksInputError(problems: problems)) }
        switch try await add(input, user, loaded) {
        case .success(let spec): return redirect(loaded, "scenario", anchor: "scenario-\(spec.id)")
        case .failure(let e): return refused(loaded, context, e)
        }
    }

    @Sendable func deleteScenarioForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (user, loaded) = try await writable(context)
        let id = try context.parameters.decoded("scenario")
        guard try await store.deleteScenario(owner: loaded.owner, building: loaded.building.id, id: id, actor: user.login) else {
            throw WebError.notFound("Aucun scénario « \(id.prefix(40)) » pour ce bâtiment.")
        }
        return redirect(loaded, "supprime", anchor: "scenarios")
    }

    @Sendable func settingsForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (user, loaded) = try await writable(context)
        switch EconomicsInput.settings({ context.form[$0] }, year: loaded.works?.settings.year ?? Self.thisYear) {
        case .failure(let e): return refused(loaded, context, e)
        case .success(let economics):
            // The plan's budget, years and choices stay as they were.
            var settings = try await store.settings(owner: loaded.owner) ?? WorksSettings(economics: economics)
            settings.economics = economics
            try await store.saveSettings(owner: loaded.owner, settings, actor: user.login)
            return redirect(loaded, "reglages", anchor: "reglages")
        }
    }

    // MARK: API

    private func dto(_ loaded: Loaded) throws -> WorksDTO {
        guard let works = loaded.works, let library = loaded.library else { throw WebError.notFound("Bibliothèque des actions de rénovation non chargée.") }
        return WorksDTO(works, library: library)
    }

    @Sendable func apiWorks(_ request: Request, _ context: AppRequestContext, demo: Bool) async throws -> Response {
        try .json(try dto(try await read(request, context, demo: demo)))
    }

    @Sendable func apiCreateScenario(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (user, loaded) = try await writable(context)
        let input = try await APIJSON.body(Closed<ScenarioInput>.self, request, context,
                                           example: "{\"nom\": \"Combles et GTB\", \"actions\": [{\"action\": \"combles\", \"cout_bas_eur\": 20000, \"cout_haut_eur\": 25000}]}").value
        if case .failure(let e) = try await add(input, user, loaded) { throw WebError.badRequest(e.description) }
        return try .json(try dto(try await load(context, owner: loaded.owner)), status: .created)
    }

    @Sendable func apiDeleteScenario(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (user, loaded) = try await writable(context)
        let id = try context.parameters.decoded("scenario")
        guard try await store.deleteScenario(owner: loaded.owner, building: loaded.building.id, id: id, actor: user.login) else {
            throw WebError.notFound("Aucun scénario « \(id.prefix(40)) » pour ce bâtiment.")
        }
        return Response(status: .noContent)
    }

    @Sendable func apiSaveProfile(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (user, loaded) = try await writable(context)
        let input = try await APIJSON.body(Closed<WorksProfileDTO>.self, request, context,
                                           example: "{\"niveaux\": 2, \"toiture\": \"combles\", \"gtb\": false}, sans autre champ").value
        switch input.profile() {
        case .failure(let e): throw WebError.badRequest(e.description)
        case .success(let profile):
            try await store.saveProfile(owner: loaded.owner, building: loaded.building.id, profile, actor: user.login)
            return try .json(try dto(try await load(context, owner: loaded.owner)))
        }
    }
}
