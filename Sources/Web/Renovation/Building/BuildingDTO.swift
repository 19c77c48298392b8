import Renovation

/// A ranked building in `/api/v1/renovation/…/batiments`, in the API's French snake_case.
struct BuildingDTO: Encodable {
    let rang: Int, score: Double, identifiant: String, nom: String, commune: String, usage: String, surface_m2: Double
    let annee_construction: Int?, provenance: String, energie_primaire_kwhep_an: Double, intensite_kwhep_m2_an: Double, etiquette: String
    let attendu_kwhep_m2_an: Double?, intervalle_80: [Double]?, ges_kgco2e_an: Double?, pourquoi: [String], raisons_estimation: [String]
    let centile_collectivite: Double?, centile_national: Double?, notes: [String]
    /// `assessment` replaces the ranking's, to give the estimate's reasons for one building.
    init(_ r: RankedBuilding, assessment: Assessment? = nil) {
        let a = assessment ?? r.assessment, b = r.building
        rang = r.rank; score = r.score; identifiant = b.id; nom = b.name; commune = b.communeCode; usage = b.usage.rawValue; surface_m2 = b.area
        annee_construction = b.constructionYear; provenance = a.provenance.rawValue; energie_primaire_kwhep_an = a.primaryKWh
        intensite_kwhep_m2_an = a.primaryPerM2; etiquette = a.label; attendu_kwhep_m2_an = a.expected?.kWhEPPerM2
        intervalle_80 = a.expected.map { [$0.low, $0.high] }; ges_kgco2e_an = a.ghgKg; pourquoi = r.why
        raisons_estimation = a.expected?.reasons.map(\.text) ?? []; centile_collectivite = r.localPercentile; centile_national = r.nationalPercentile
        notes = a.notes
    }
}
