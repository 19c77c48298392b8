import Renovation
import Tabular

/// The inventory as a French Excel CSV (`batiments.csv`), one line per building shown, in ranking order; the
/// GeoJSON export carries the same columns.
enum InventoryExport {
    static let header = ["rang", "score", "identifiant", "nom", "commune", "usage", "surface_m2", "annee_construction", "provenance",
                         "energie_primaire_kwhep_an", "intensite_kwhep_m2_an", "etiquette", "attendu_kwhep_m2_an", "intervalle_bas", "intervalle_haut",
                         "ges_kgco2e_an", "pourquoi"]

    static func row(_ r: RankedBuilding) -> [FrenchCSV.Cell] {
        let a = r.assessment, b = r.building
        func n(_ x: Double?, _ d: Int = 0) -> FrenchCSV.Cell { x.map { .number($0, decimals: d) } ?? .empty }
        return [.integer(r.rank), n(r.score, 1), .text(b.id), .text(b.name), .text(b.communeCode), .text(b.usage.rawValue), n(b.area),
                b.constructionYear.map(FrenchCSV.Cell.integer) ?? .empty, .text(a.provenance.rawValue), n(a.primaryKWh), n(a.primaryPerM2, 1),
                .text(a.label), n(a.expected?.kWhEPPerM2, 1), n(a.expected?.low, 1), n(a.expected?.high, 1), n(a.ghgKg),
                .text(r.why.joined(separator: " | "))]
    }

    static func csv(_ shown: [RankedBuilding]) -> String { FrenchCSV.document(header: header, rows: shown.map(row)) }
}
