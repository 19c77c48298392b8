import Foundation
import Renovation
import Tabular

/// The plan's files: the works year by year, every scenario of every building, and the OPERAT declaration —
/// French Excel CSVs — and the API's JSON of the plan.
enum PlanExport {
    static func n(_ x: Double?, _ d: Int = 0) -> FrenchCSV.Cell { x.map { .number($0, decimals: d) } ?? .empty }

    static let planHeader = ["annee", "identifiant", "batiment", "scenario", "cout_eur_ht", "economie_kwh_an", "surface_haute_performance_m2"]

    static func planCSV(_ p: StockPlan) -> String {
        let names = Dictionary(p.works.map { ($0.building.id, $0.building.name) }, uniquingKeysWith: { a, _ in a })
        let scenarios = Dictionary(p.works.flatMap { w in w.scenarios.map { ("\(w.building.id)|\($0.result.spec.id)", $0.result.spec.name) } }, uniquingKeysWith: { a, _ in a })
        let rows: [[FrenchCSV.Cell]] = (p.outcome.plan?.works ?? []).map { w in
            [.integer(w.year), .text(w.candidate), .text(names[w.candidate] ?? ""), .text(scenarios["\(w.candidate)|\(w.option)"] ?? w.option),
             n(w.cost), n(w.savedKWh), n(w.highPerformanceArea)]
        }
        return FrenchCSV.document(header: planHeader, rows: rows)
    }

    static let scenarioHeader = ["identifiant", "batiment", "scenario", "type", "cout_bas_eur_ht", "cout_haut_eur_ht", "actions_non_chiffrees",
                                 "energie_finale_avant_kwh", "economie_kwh", "economie_pct", "energie_primaire_avant_kwhep", "energie_primaire_apres_kwhep",
                                 "ges_avant_kgco2e", "ges_apres_kgco2e", "facture_avant_eur", "facture_economisee_eur", "retour_simple_bas_ans",
                                 "retour_simple_haut_ans", "van_basse_eur", "van_haute_eur", "etiquette_avant", "etiquette_apres", "haute_performance", "actions"]

    static func scenariosCSV(_ works: [BuildingWorks]) -> String {
        let rows: [[FrenchCSV.Cell]] = works.flatMap { w in
            w.scenarios.map(\.result).map { r in
                [.text(w.building.id), .text(w.building.name), .text(r.spec.name), .text(r.spec.kind.rawValue), n(r.costLow), n(r.costHigh),
                 .text(r.uncosted.joined(separator: " | ")), n(r.before.total), n(r.finalSaved), n(r.finalSavedShare * 100, 1), n(r.primaryBefore), n(r.primaryAfter),
                 n(r.ghgBefore), n(r.ghgAfter), n(r.billBefore), n(r.billSaved), n(r.paybackLow, 1), n(r.paybackHigh, 1), n(r.npvLow), n(r.npvHigh),
                 .text(r.labelBefore), .text(r.labelAfter), .text(r.highPerformance ? "oui" : "non"), .text(r.effects.map(\.action).joined(separator: " | "))]
            }
        }
        return FrenchCSV.document(header: scenarioHeader, rows: rows)
    }

    static func operatCSV(_ d: (year: Int?, lines: [OperatDeclaration.Line], notSubject: Int, withoutYear: [String])) -> String {
        let rows: [[FrenchCSV.Cell]] = d.lines.map { l in
            [.text(l.building.id), .text(l.building.name), .text(l.building.communeCode), .text(l.building.usage.label), n(l.building.area),
             .integer(l.year), .text(l.carrier.label), n(l.kWh), l.referenceYear.map(FrenchCSV.Cell.integer) ?? .empty, n(l.referenceKWh)]
        }
        return FrenchCSV.document(header: OperatDeclaration.header, rows: rows)
    }
}

/// The plan as the API gives it (`/api/v1/renovation/plan`).
struct PlanDTO: Encodable {
    struct Year: Encodable {
        let year: Int, budget: Double?, spent: Double, totalKWh: Double
        enum CodingKeys: String, CodingKey { case year = "annee", budget, spent = "depense", totalKWh = "consommation_kwh" }
    }
    struct Work: Encodable {
        let year: Int, building: String, scenario: String, cost: Double, savedKWh: Double
        enum CodingKeys: String, CodingKey { case year = "annee", building = "batiment", scenario, cost = "cout", savedKWh = "economie_kwh" }
    }
    enum CodingKeys: String, CodingKey {
        case budget, budgetComputed = "budget_calcule", feasible = "realisable", totalCost = "cout_total", lowerBound = "borne_inferieure",
             gap = "ecart_optimalite", optimal = "optimal", years = "annees", works = "travaux", impossible
    }
    let budget: Double
    let budgetComputed: Bool
    let feasible: Bool
    let totalCost: Double?
    let lowerBound: Double?
    let gap: Double?
    let optimal: Bool?
    let years: [Year]
    let works: [Work]
    /// The requirements that fail and what would meet them, in French (empty with a plan).
    let impossible: [String]

    init(_ p: StockPlan, page: PlanPage) {
        budget = p.budget
        budgetComputed = p.budgetComputed
        let s = p.outcome.plan
        feasible = s != nil
        totalCost = s?.totalCost
        lowerBound = s?.lowerBound
        gap = s?.gap
        optimal = s?.isOptimal
        years = s?.years.map { Year(year: $0.year, budget: $0.budget, spent: $0.spent, totalKWh: $0.totalKWh) } ?? []
        works = s?.works.map { Work(year: $0.year, building: $0.candidate, scenario: $0.option, cost: $0.cost, savedKWh: $0.savedKWh) } ?? []
        impossible = page.impossible
    }
}
