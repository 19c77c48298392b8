import Foundation
import Hummingbird
import Referential
import Renovation
import Tabular

/// The stock-level plan: `…/plan` (page), `…/plan/impression` (A4 for the council), `…/plan.csv`, `…/scenarios.csv`,
/// `…/operat.csv`, and `/api/v1/renovation[/demo]/plan`. Same scope as the inventory: the demo is public, an
/// inventory's plan is its collectivité's (and the operator's).
extension RenovationController {
    func registerPlan(on router: Router<AppRequestContext>, readers: RouterGroup<AppRequestContext>) {
        router.get(RouterPath("\(Self.demoBase)/plan")) { try await planPage($0, $1, demo: true, printable: false) }
        router.get(RouterPath("\(Self.demoBase)/plan/impression")) { try await planPage($0, $1, demo: true, printable: true) }
        router.get(RouterPath("\(Self.demoBase)/plan.csv")) { try await planFile($0, $1, demo: true, file: .plan) }
        router.get(RouterPath("\(Self.demoBase)/scenarios.csv")) { try await planFile($0, $1, demo: true, file: .scenarios) }
        router.get(RouterPath("\(Self.demoBase)/operat.csv")) { try await planFile($0, $1, demo: true, file: .operat) }
        router.get("/api/v1/renovation/demo/plan") { try await apiPlan($0, $1, demo: true) }
        readers.get(RouterPath("\(Self.ownBase)/plan")) { try await planPage($0, $1, demo: false, printable: false) }
        readers.get(RouterPath("\(Self.ownBase)/plan/impression")) { try await planPage($0, $1, demo: false, printable: true) }
        readers.get("/api/v1/renovation/plan") { try await apiPlan($0, $1, demo: false) }
        // Files, not pages: refused (401) rather than redirected, by `scope`.
        router.get(RouterPath("\(Self.ownBase)/plan.csv")) { try await planFile($0, $1, demo: false, file: .plan) }
        router.get(RouterPath("\(Self.ownBase)/scenarios.csv")) { try await planFile($0, $1, demo: false, file: .scenarios) }
        router.get(RouterPath("\(Self.ownBase)/operat.csv")) { try await planFile($0, $1, demo: false, file: .operat) }
    }

    enum PlanFile { case plan, scenarios, operat }

    /// The plan the query asks: `budget` (€ a year, French or plain digits; none → the smallest that suffices) and
    /// `surface=1` to add the DDADUE's 3 % of area a year.
    /// `api`: a parameter given empty is refused (the page's form sends an empty budget for « the smallest »).
    func stockPlan(_ request: Request, _ context: AppRequestContext, demo: Bool, api: Bool = false) async throws -> (plan: StockPlan, query: String) {
        let (owner, buildings) = try await scope(request, context, demo: demo)
        let setup = try await setup.value
        guard let library = setup.library else { throw WebError.notFound("La bibliothèque des actions de rénovation n'est pas chargée.") }
        let query = try Query(request.uri.query)
        if api, let empty = ["budget", "surface"].first(where: { query[$0]?.isEmpty == true }) {
            throw WebError.badRequest("Paramètre \(empty) vide : donnez une valeur ou omettez-le.")
        }
        var budget: Double?
        if let text = query["budget"]?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
            let plain = text.replacingOccurrences(of: "€", with: "").trimmingCharacters(in: .whitespaces)
            guard let value = Double(plain) ?? FrenchNumber.parse(plain), value.isFinite, value >= 0, value <= 1e12 else {
                throw WebError.badRequest("Budget annuel illisible : « \(text.prefix(40)) ». Écrivez un montant en euros, par exemple 150 000.")
            }
            budget = value
        }
        let surface = query["surface"] ?? ""
        guard surface.isEmpty || surface == "1" else {
            throw WebError.badRequest("Paramètre surface : « 1 » pour ajouter l'objectif de 3 % de surface rénovée par an, rien sinon.")
        }
        let area = surface == "1"
        let stored = demo ? nil : try await works.settings(owner: owner)
        let settings = stored ?? WorksSettings(economics: EconomicSettings(library: library))
        let profiles = demo ? [:] : try await works.profiles(owner: owner)
        let scenarios = demo ? [:] : try await works.allScenarios(owner: owner)
        let planning = StockPlanning(engine: ScenarioEngine(library: library, climate: setup.climate, settings: settings.economics),
                                     today: Calendar(identifier: .gregorian).component(.year, from: Date()))
        let plan = planning.plan(buildings, profiles: profiles, userScenarios: scenarios, settings: settings, budget: budget ?? stored?.yearlyBudget,
                                 areaTargets: area)
        // The operator reads a collectivité's plan: its links keep the collectivité.
        let collectivite = demo ? nil : query["collectivite"].map { "collectivite=\(Self.pathComponent($0))" }
        let canonical = [budget.map { "budget=\(Int($0.rounded()))" }, area ? "surface=1" : nil, collectivite].compactMap { $0 }.joined(separator: "&")
        return (plan, canonical.isEmpty ? "" : "?" + canonical)
    }

    @Sendable func planPage(_ request: Request, _ context: AppRequestContext, demo: Bool, printable: Bool) async throws -> Response {
        let (plan, query) = try await stockPlan(request, context, demo: demo)
        let base = demo ? Self.demoBase : Self.ownBase
        let model = PlanPage(plan, demo: demo, base: base, printable: printable, query: query,
                             collectivite: demo ? nil : try Query(request.uri.query)["collectivite"])
        return views.page(PlanPage.template, model, title: model.title,
                          breadcrumbs: [Link.home, Link(label: demo ? "Démonstration rénovation" : "Bâtiments", href: base)],
                          sources: [DataSources.actionsRenovation, DataSources.dpeTertiaire, DataSources.degresJours])
    }

    @Sendable func planFile(_ request: Request, _ context: AppRequestContext, demo: Bool, file: PlanFile) async throws -> Response {
        let suffix = demo ? "-demonstration" : ""
        switch file {
        case .plan:
            return Response.csv(PlanExport.planCSV(try await stockPlan(request, context, demo: demo).plan), filename: "plan-travaux\(suffix).csv")
        case .scenarios:
            return Response.csv(PlanExport.scenariosCSV(try await stockPlan(request, context, demo: demo).plan.works), filename: "scenarios\(suffix).csv")
        case .operat:
            let (owner, buildings) = try await scope(request, context, demo: demo)
            let query = try Query(request.uri.query)
            let year = try query["annee"].map { text -> Int in
                guard let y = Int(text), (2010...2100).contains(y) else { throw WebError.badRequest("Année illisible : « \(text.prefix(20)) » (par exemple 2025).") }
                return y
            }
            let profiles = demo ? [:] : try await works.profiles(owner: owner)
            let declaration = OperatDeclaration.lines(buildings, year: year, profiles: profiles, climate: try await setup.value.climate)
            return Response.csv(PlanExport.operatCSV(declaration), filename: "operat-\(declaration.year.map(String.init) ?? "aucune-annee")\(suffix).csv")
        }
    }

    @Sendable func apiPlan(_ request: Request, _ context: AppRequestContext, demo: Bool) async throws -> Response {
        let (plan, query) = try await stockPlan(request, context, demo: demo, api: true)
        return try .json(PlanDTO(plan, page: PlanPage(plan, demo: demo, base: demo ? Self.demoBase : Self.ownBase, printable: false, query: query, collectivite: nil)))
    }
}
