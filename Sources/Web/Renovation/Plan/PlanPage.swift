import Cartography
import Foundation
import Renovation

/// `…/plan`: where the stock stands against the Décret tertiaire and the loi DDADUE, and the multi-year works plan
/// that meets them at least cost under a yearly budget — or why no budget of that size can. The same model prints
/// as the council's A4 plan (`…/plan/impression`).
struct PlanPage {
    static let template = "renovation-plan"

    struct Line { let label: String, value: String }
    struct TertiaryRow {
        let name: String, href: String, reference: String, latest: String, target: String, gap: String, provisional: Bool, best: String
    }
    struct WorkRow { let name: String, href: String, scenario: String, cost: String, saved: String }
    struct YearRow { let year: Int, budget: String, spent: String, consumption: String, works: [WorkRow] }

    let title: String
    let isDemo: Bool
    let base: String
    let printable: Bool
    let query: String
    /// The collectivité the operator reads, kept by the budget form.
    let collectivite: String?
    let operatQuery: String
    let summary: [Line]
    let stockStatement: String
    let tertiary: [TertiaryRow]
    let tertiaryNote: String?
    let bacs: [Line]
    let budgetValue: String
    let areaChecked: Bool
    let budgetStatement: String
    let hasPlan: Bool
    let planFacts: [Line]
    let years: [YearRow]
    let trajectoryChart: String
    let spendingChart: String
    let impossible: [String]
    /// Objectives out of reach whatever the money, left out of the optimisation.
    let unreachable: [String]
    let unreachableCount: String
    let caveats: [String]

    init(_ p: StockPlan, demo: Bool, base: String, printable: Bool, query: String, collectivite: String?) {
        title = demo ? "Plan pluriannuel de travaux — démonstration" : "Plan pluriannuel de travaux"
        isDemo = demo
        self.base = base
        self.printable = printable
        self.query = query
        self.collectivite = collectivite
        operatQuery = collectivite.map { "?collectivite=\(RenovationController.pathComponent($0))" } ?? ""
        let names = Dictionary(p.works.map { ($0.building.id, $0.building.name) }, uniquingKeysWith: { a, _ in a })
        func href(_ id: String) -> String { "\(base)/batiments/\(RenovationController.pathComponent(id))" }
        let measured = p.works.filter { $0.uses != nil }
        let subject = p.works.filter { $0.trajectory.subject }
        let stock = p.stock
        var lines = [Line(label: "Bâtiments de l'inventaire", value: Format.integer(p.works.count)),
                     Line(label: "Avec des consommations mesurées (plan possible)", value: Format.integer(measured.count)),
                     Line(label: "Soumis au décret tertiaire (≥ 1 000 m²)", value: Format.integer(subject.count)),
                     Line(label: "Surface des bâtiments de plus de 250 m² (loi DDADUE)", value: "\(Format.integer(Int(stock.largeArea.rounded()))) m²")]
        if let base = stock.baseline2021 {
            lines.append(Line(label: "Consommation de l'année de base (2021, loi DDADUE)", value: Self.mwh(base)))
        }
        summary = lines
        if let base = stock.baseline2021, let latest = stock.latest, let years = stock.latestYears {
            let target = StockTrajectory.target(base: base, year: 2030)
            let when = years.lowerBound == years.upperBound ? "en \(years.lowerBound)" : "aux dernières années connues (\(years.lowerBound)-\(years.upperBound))"
            let proxied = stock.proxied.isEmpty ? "" : " \(stock.proxied.count) bâtiment\(stock.proxied.count > 1 ? "s n'ont" : " n'a") pas de consommation 2021 : leur première année connue sert de base, à remplacer par 2021."
            stockStatement = (latest > target
                ? "Loi DDADUE : \(when), le parc consommait \(Self.mwh(latest)) ; l'objectif 2030 est \(Self.mwh(target)) (−1,9 % par an depuis 2021, base \(Self.mwh(base))). Il reste \(Self.mwh(latest - target)) à économiser d'ici 2030."
                : "Loi DDADUE : \(when), le parc consommait \(Self.mwh(latest)), déjà sous l'objectif 2030 de \(Self.mwh(target)).") + proxied
        } else {
            stockStatement = "Loi DDADUE : aucune consommation mesurée dans l'inventaire ; importez les consommations (une ligne par année et par énergie, 2021 au moins) pour calculer la trajectoire."
        }
        tertiary = subject.filter { $0.uses != nil }.map { w in
            let t = w.trajectory
            let need = w.requiredSaving(by: 2030)
            // Without a reference, the provisional target is the latest year less the saving `requiredSaving` asks.
            let target = t.milestones.first { $0.year == 2030 }?.target ?? t.latest.flatMap { latest in need.map { latest.raw - $0.kWh } }
            let bestShare = w.scenarios.map(\.result).filter(\.plannable).map(\.finalSaved).max()
            return TertiaryRow(
                name: w.building.name, href: href(w.building.id),
                reference: t.reference.map { "\($0.year) : \(Self.mwh($0.compared))" } ?? "aucune (2010-2019 non fournies)",
                latest: t.latest.map { "\($0.year) : \(Self.mwh($0.compared))" } ?? "—",
                target: target.map(Self.mwh) ?? "—",
                gap: need.map { $0.kWh > 0 ? Self.mwh($0.kWh) : "atteint" } ?? "—",
                provisional: need?.provisional ?? false,
                best: {
                    guard let needed = need?.kWh, needed > 0 else { return "—" }
                    guard let best = bestShare else { return "aucun scénario chiffré" }
                    return "\(Format.integer(Int((min(best / needed, 1) * 100).rounded()))) % de l'écart"
                }())
        }
        let unmeasured = subject.filter { $0.uses == nil }.count
        tertiaryNote = [subject.contains { $0.uses != nil && $0.trajectory.reference == nil }
            ? "Sans consommation 2010-2019, l'objectif est calculé sur la dernière année connue (plus exigeant que la règle, marqué « provisoire ») : importez l'historique (une ligne par année et par énergie) pour fixer l'année de référence."
            : nil,
            unmeasured > 0 ? "\(unmeasured) bâtiment\(unmeasured > 1 ? "s" : "") soumis au décret n'\(unmeasured > 1 ? "ont" : "a") pas de consommation mesurée : ni trajectoire ni plan possibles pour \(unmeasured > 1 ? "eux" : "lui")." : nil]
            .compactMap { $0 }.joined(separator: " ").nilIfEmpty
        var bacsCounts: [String: Int] = [:]
        for w in p.works { bacsCounts[w.bacs.text, default: 0] += 1 }
        bacs = bacsCounts.sorted { $0.key < $1.key }.map { Line(label: $0.key, value: "\($0.value) bâtiment\($0.value > 1 ? "s" : "")") }
        budgetValue = p.budgetComputed ? "" : String(Int(p.budget.rounded()))
        areaChecked = p.areaTargets
        budgetStatement = switch (p.budgetComputed, p.outcome.plan != nil) {
        case (true, true): "Aucun budget saisi : le plan ci-dessous utilise le plus petit budget annuel constant qui tient tous les objectifs atteignables, \(Self.euros(p.budget)) par an."
        case (true, false): "Aucun budget saisi, et aucun budget ne permet de tenir tous les objectifs atteignables (voir ci-dessous)."
        default: "Budget annuel saisi : \(Self.euros(p.budget)) par an, de \(p.settings.firstYear) à \(p.settings.lastYear), sans report d'une année sur l'autre."
        }
        let scenarioNames = Dictionary(p.works.flatMap { w in w.scenarios.map { ("\(w.building.id)|\($0.result.spec.id)", $0.result.spec.name) } }, uniquingKeysWith: { a, _ in a })
        switch p.outcome {
        case .plan(let s):
            hasPlan = true
            impossible = []
            var facts = [Line(label: "Coût total des travaux", value: Self.euros(s.totalCost) + " HT"),
                         Line(label: "Bâtiments rénovés", value: Format.integer(s.works.count))]
            facts.append(Line(label: "Optimalité", value: s.isOptimal
                ? "optimum prouvé (recherche exacte) : aucun plan moins cher ne tient les jalons"
                : "écart d'optimalité au plus \(s.gap.map { Format.decimal($0 * 100, decimals: 1) + " %" } ?? "inconnu") (plan du \(s.method == .fast ? "calcul rapide" : "calcul exact interrompu"), borne inférieure prouvée \(Self.euros(s.lowerBound)))"))
            planFacts = facts
            let byYear = Dictionary(grouping: s.works, by: \.year)
            years = s.years.map { y in
                YearRow(year: y.year, budget: y.budget.map(Self.euros) ?? "—", spent: Self.euros(y.spent), consumption: Self.mwh(y.totalKWh),
                        works: (byYear[y.year] ?? []).map { w in
                            WorkRow(name: names[w.candidate] ?? w.candidate, href: href(w.candidate), scenario: scenarioNames["\(w.candidate)|\(w.option)"] ?? w.option,
                                    cost: Self.euros(w.cost), saved: Self.mwh(w.savedKWh) + "/an")
                        })
            }
            let baseline = p.problem.baselineKWh
            var lines = [Charts.YearLine(label: "Consommation du parc avec le plan", colour: Charts.planColours.trajectory, values: s.years.map { ($0.year, $0.totalKWh / 1000) }),
                         Charts.YearLine(label: "Sans travaux (dernière année connue)", colour: Charts.planColours.other, dashed: true,
                                         values: s.years.map { ($0.year, baseline / 1000) })]
            if !stock.targets.isEmpty {
                let span = (s.years.first?.year ?? 0)...(s.years.last?.year ?? 0)
                lines.append(Charts.YearLine(label: "Objectif DDADUE (−1,9 %/an depuis 2021)", colour: Charts.planColours.target, dashed: true,
                                             values: stock.targets.filter { span.contains($0.year) }.map { ($0.year, $0.target / 1000) }))
            }
            trajectoryChart = Charts.yearLines(lines, title: "Consommation d'énergie finale du parc, MWh par an", id: "trajectoire",
                                               tick: { Format.integer(Int($0.rounded())) + " MWh" })
            spendingChart = Charts.yearColumns(s.years.filter { $0.budget != nil }.map { ($0.year, $0.spent) }, budget: p.budget,
                                               title: "Dépenses de travaux par année et budget annuel", id: "depenses", tick: { Self.euros($0) })
        case .infeasible(let i):
            hasPlan = false
            planFacts = []
            years = []
            trajectoryChart = ""
            spendingChart = ""
            // The requirements of a year that fail only together may be many: the first ones, then how many more.
            var text = i.failing.prefix(5).map { Self.requirement($0, names: names) }
            if i.failing.count > 5 { text.append("… et \(i.failing.count - 5) autres objectifs des mêmes années.") }
            text.append(Self.remedy(i, names: names))
            impossible = text
        }
        // One line per building (its first milestone out of reach, the later ones named), then the stock's.
        var seen = Set<String>(), texts: [String] = []
        for u in p.unreachable {
            switch u.kind {
            case .tertiary(let b):
                guard seen.insert(b).inserted else { continue }
                let later = p.unreachable.filter { $0.kind == u.kind && $0.year > u.year }.map { String($0.year) }
                texts.append("\(names[b] ?? b) — décret tertiaire \(u.year)\(later.isEmpty ? "" : " (et \(later.joined(separator: ", ")))") : il faut \(Self.mwh(u.required)) d'économies par an, le meilleur scénario chiffré en donne \(Self.mwh(u.best)).")
            case .stock:
                texts.append("Loi DDADUE \(u.year) : le parc doit économiser \(Self.mwh(u.required)) par an, tous les meilleurs scénarios chiffrés réunis en donnent \(Self.mwh(u.best)).")
            case .area:
                texts.append("Loi DDADUE \(u.year) : \(Format.integer(Int(u.required.rounded()))) m² à rénover à haut niveau de performance, les scénarios de rénovation globale chiffrés couvrent \(Format.integer(Int(u.best.rounded()))) m².")
            }
        }
        unreachable = texts
        unreachableCount = "\(texts.count) objectif\(texts.count > 1 ? "s" : "") hors d'atteinte : voir la liste"
        var caveats: [String] = ["Les coûts sont le milieu des fourchettes de la bibliothèque (ou des devis saisis), hors taxes, sans indexation ni actualisation ; seuls les scénarios dont chaque action est chiffrée entrent dans le plan.",
                       "Des travaux faits l'année N comptent à partir de l'année N+1.",
                       "Les valeurs marquées « à vérifier » ou « hypothèse de l'outil » dans l'onglet Travaux de chaque bâtiment doivent être confirmées par un audit ou un devis."]
        if p.works.contains(where: { $0.profile == .unknown }) {
            caveats.append("Les caractéristiques \(demo ? "des bâtiments de démonstration ne sont pas connues" : "de certains bâtiments ne sont pas renseignées") (toiture, murs, fenêtres, GTB, puissance) : seules les actions qui n'en dépendent pas sont chiffrées, ce qui limite les économies possibles. Renseignez-les dans l'onglet Travaux de chaque bâtiment.")
        }
        self.caveats = caveats
    }

    static func mwh(_ kWh: Double) -> String { "\(Format.decimal(kWh / 1000, decimals: kWh < 100_000 ? 1 : 0)) MWh" }
    static func euros(_ eur: Double) -> String { "\(Format.integer(Int(eur.rounded()))) €" }

    static func requirement(_ r: PlanInfeasibility.Requirement, names: [String: String]) -> String {
        switch r {
        case .obligation(let b, let year, let kWh):
            "Décret tertiaire, \(names[b] ?? b) : \(mwh(kWh)) d'économies par an à atteindre avant \(year)."
        case .milestone(let year, let max):
            "Loi DDADUE : le parc doit consommer au plus \(mwh(max)) en \(year)."
        case .areaTarget(let year, let area):
            "Loi DDADUE : \(Format.integer(Int(area.rounded()))) m² rénovés à haut niveau de performance avant \(year)."
        }
    }

    static func remedy(_ i: PlanInfeasibility, names: [String: String]) -> String {
        switch i.remedy {
        case .uniformBudget(let amount, let proven):
            "Avec ce budget, ces jalons ne peuvent pas être tenus. Il faudrait \(proven ? "au moins" : "environ") \(euros(amount)) par an, chaque année du plan."
        case .savingsInsufficient(let shortfall):
            "Aucun budget ne suffit : même en faisant tous les scénarios chiffrés dès la première année, il manque \(mwh(shortfall)) d'économies (ou de m² rénovés). Il faut des scénarios plus ambitieux : renseignez les caractéristiques des bâtiments ou saisissez des devis."
        case .conflicting:
            "Aucun budget ne suffit : chaque jalon peut être tenu seul, pas tous ensemble avec les scénarios disponibles (par exemple, le scénario qui économise le plus n'est pas celui qui rénove à haut niveau de performance)."
        case .lock(let b):
            "Le verrou posé sur \(names[b] ?? b) (exclu du plan ou travaux imposés) empêche de tenir ces jalons."
        }
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
