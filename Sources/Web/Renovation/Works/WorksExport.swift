import Renovation
import Tabular

/// A building's scenarios as a French Excel CSV (`…/travaux.csv`): one line per scenario, generated ones first,
/// with the same figures as the tab and the API; the actions in order and the excluded ones with why.
enum WorksExport {
    static let header = ["batiment", "scenario", "type", "nom", "genere", "cout_bas_eur", "cout_haut_eur", "energie_finale_avant_kwh",
                         "energie_finale_economisee_kwh", "part_economisee_pct", "energie_primaire_economisee_kwhep", "ges_evites_kgco2e",
                         "facture_economisee_eur", "retour_simple_bas_ans", "retour_simple_haut_ans", "van_basse_eur", "van_haute_eur",
                         "taux_actualisation_pct", "duree_ans", "etiquette_avant", "etiquette_apres", "part_ecart_2030_pct",
                         "reste_a_charge_sans_subventions_eur", "reste_a_charge_au_plafond_eur", "actions", "actions_exclues"]

    static func csv(_ w: BuildingWorks) -> String {
        let s = w.settings
        func n(_ x: Double?, _ d: Int = 0) -> FrenchCSV.Cell { x.map { .number($0, decimals: d) } ?? .empty }
        return FrenchCSV.document(header: header, rows: w.scenarios.map { sc in
            let r = sc.result
            return [.text(w.building.id), .text(r.spec.id), .text(r.spec.kind.rawValue), .text(r.spec.name), .text(sc.generated ? "oui" : "non"),
                    n(r.costLow), n(r.costHigh), n(r.before.total), n(r.finalSaved), n(r.finalSavedShare * 100, 1), n(r.primaryBefore - r.primaryAfter),
                    n(r.ghgBefore - r.ghgAfter), n(r.billSaved), n(r.paybackLow, 1), n(r.paybackHigh, 1), n(r.npvLow), n(r.npvHigh),
                    n(s.discountRate * 100, 1), .integer(s.horizon), .text(r.labelBefore), .text(r.labelAfter), n(sc.gap2030Covered.map { $0 * 100 }, 1),
                    n(sc.funding.remainingWithoutGrants), n(sc.funding.remainingAtCeiling),
                    .text(r.effects.map { e in e.quantity.map { "\(e.action) (\(Figures.integer($0)) \(e.assiette?.label ?? ""))" } ?? e.action }.joined(separator: " | ")),
                    .text(r.excluded.map { "\($0.action) : \($0.reason)" }.joined(separator: " | "))]
        })
    }
}
