import Referential
import Renovation

/// `…/batiments/{id}`: one building's sheet — identity, figures, the estimate's reasons, its rank and why, how it
/// compares, and what the décret tertiaire asks of it.
struct BuildingPage {
    static let template = "renovation-batiment"

    struct Line { let label: String, value: String }
    struct Reason { let text: String }
    let name: String
    let isDemo: Bool
    let base: String
    /// The sheet's own address; its « Travaux » tab is `sheet/travaux`.
    let sheet: String
    /// `?collectivite=` for the operator, so the « Travaux » tab reads the same inventory.
    let ownerQuery: String
    let provenance: String
    let provenanceClass: String
    let isEstimate: Bool
    let identity: [Line]
    let figures: [Line]
    let notes: [String]
    let label: String
    let labelScale: String
    let estimate: String?
    let interval: String?
    let reasons: [Reason]
    let flag: String?
    let rank: String
    let of: String
    let score: String
    let why: [String]
    let benchmarks: [Line]
    let decret: String

    /// `a`: the ranking's assessment again, now with the estimate's reasons; `nationalCount`: the national
    /// reference's DPE of the building's usage.
    init(_ r: RankedBuilding, assessment a: Assessment, of count: Int, nationalCount: Int, demo: Bool, ownerQuery: String = "", referential: Referential) {
        let b = r.building
        func line(_ label: String, _ value: String?) -> Line? { value.map { Line(label: label, value: $0) } }
        identity = [
            line("Identifiant", b.id), line("Commune", referential.communeLabel(b.communeCode)), line("Adresse", b.address),
            line("Usage", "\(b.usage.label) — secteurs DPE : \(b.usage.dpeSectors)"), line("Surface", "\(RenovationFormat.int(b.area)) m²"),
            line("Année de construction", b.constructionYear.map(String.init) ?? "inconnue"),
            line("Énergie de chauffage", b.heatingEnergy?.label ?? "inconnue"),
            line("DPE existant", b.dpe.map { d in [d.number.map { "n° \($0)" }, d.kWhEPPerM2.map { "\(RenovationFormat.int($0)) kWhEP/m²/an" }, d.label.map { "étiquette \($0)" }]
                .compactMap { $0 }.joined(separator: ", ") }.flatMap { $0.isEmpty ? nil : $0 } ?? "aucun"),
            line("Patrimoine protégé", b.heritage ? "oui (modulation possible des objectifs du décret tertiaire)" : "non indiqué"),
            line("Source", b.source),
        ].compactMap { $0 }
        figures = [
            line("Énergie primaire", "\(RenovationFormat.int(a.primaryKWh / 1000)) MWhEP/an (\(a.provenance.label))"),
            line("Intensité", "\(RenovationFormat.int(a.primaryPerM2)) kWhEP/m²/an"),
            line("Énergie finale", a.finalKWh.map { "\(RenovationFormat.int($0 / 1000)) MWh/an, \(RenovationFormat.int(a.finalPerM2!)) kWh/m²/an" }),
            line("Énergie finale corrigée du climat", a.climateCorrectedFinalPerM2.map { "\(RenovationFormat.int($0)) kWh/m²/an" }),
            line("Émissions de gaz à effet de serre", a.ghgKg.map { "\(RenovationFormat.decimal($0 / 1000)) tCO₂e/an, \(RenovationFormat.decimal($0 / b.area)) kgCO₂e/m²\(a.ghgPartial ? " (partiel)" : "")" }),
            line("Étiquette climat", a.ghgLabel),
            line("Année des consommations", a.year.map(String.init)),
        ].compactMap { $0 }
        var benchmarks: [Line] = []
        if let p = r.localPercentile { benchmarks.append(Line(label: "Parmi les bâtiments « \(b.usage.label) » de l'inventaire", value: "plus consommateur que \(RenovationFormat.percent(p)) d'entre eux")) }
        if let p = r.nationalPercentile {
            benchmarks.append(Line(label: "Parmi \(RenovationFormat.int(Double(nationalCount))) DPE tertiaires ADEME du même usage", value: "plus consommateur que \(RenovationFormat.percent(p)) d'entre eux"))
        }
        self.benchmarks = benchmarks
        let e = a.expected
        if let ratio = a.ratioToExpected, let e, a.primaryPerM2 > e.high {
            flag = "Consommation \(RenovationFormat.decimal(ratio)) fois supérieure à l'attendu pour ce type de bâtiment, au-delà de l'intervalle à 80 % (\(RenovationFormat.int(e.low)) à \(RenovationFormat.int(e.high)) kWhEP/m²/an) : à examiner en priorité."
        } else {
            flag = nil
        }
        name = b.name
        isDemo = demo
        base = demo ? RenovationController.demoBase : RenovationController.ownBase
        sheet = "\(base)/batiments/\(RenovationController.pathComponent(b.id))"
        self.ownerQuery = ownerQuery
        (provenance, provenanceClass, isEstimate) = (a.provenance.label, a.provenance.rawValue, a.provenance == .estimation)
        (notes, label, labelScale) = (a.notes, a.label, b.usage.scale.label)
        estimate = e.map { RenovationFormat.int($0.kWhEPPerM2) }
        interval = e.map { "\(RenovationFormat.int($0.low)) et \(RenovationFormat.int($0.high))" }
        reasons = e?.reasons.map { Reason(text: $0.text) } ?? []
        (rank, of, score, why) = (Format.integer(r.rank), Format.integer(count), RenovationFormat.decimal(r.score), r.why)
        decret = DecretTertiaire.obligations(area: b.area)
    }
}
