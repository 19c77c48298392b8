import Foundation
import Referential

/// The themes of the dashboard, in display order.
public enum Theme: String, Sendable, CaseIterable, Codable {
    case demographie, logement, revenus, emploi, economie, sante

    public var label: String {
        switch self {
        case .demographie: "Démographie"
        case .logement: "Logement"
        case .revenus: "Revenus"
        case .emploi: "Emploi"
        case .economie: "Économie"
        case .sante: "Santé et services"
        }
    }
}

public enum Unit: String, Sendable, Codable {
    /// `consultations`: the APL, consultations per inhabitant and year, said in the label rather than after
    /// each figure (it would widen every column of the dashboard).
    case inhabitants, count, percent, percentPerYear, perThousand, euros, perKm2, persons, index, consultations

    /// The unit as written after a figure.
    public var symbol: String {
        switch self {
        case .inhabitants: "hab."
        case .count: ""
        case .percent: "%"
        case .percentPerYear: "% par an"
        case .perThousand: "‰"
        case .euros: "€"
        case .perKm2: "hab./km²"
        case .persons: "pers."
        case .index: ""
        case .consultations: ""
        }
    }
}

/// How an indicator is computed from source variables, for a commune and for any group of communes.
/// Groups are computed from the sums of their communes' variables, so a rate is a ratio of sums.
public enum Formula: Sendable, Equatable {
    /// A term of a ratio: a variable, or the difference of two.
    public enum Term: Sendable, Equatable {
        case variable(String)
        case difference(String, String)

        var variables: [String] {
            switch self {
            case .variable(let v): [v]
            case .difference(let a, let b): [a, b]
            }
        }

        func evaluate(_ sum: (String) -> Double) -> Double {
            switch self {
            case .variable(let v): sum(v)
            case .difference(let a, let b): sum(a) - sum(b)
            }
        }
    }

    /// A count: the group's value is the sum.
    case sum(String)
    /// `scale × Σ numerator ÷ Σ denominator`.
    case ratio(Term, Term, scale: Double)
    /// Mean annual growth in %: `((Σ to ÷ Σ from)^(1/years) − 1) × 100`.
    case annualGrowth(from: String, to: String, years: Double)
    /// A value the producer publishes per commune only (a median, a rate of a hidden count): groups have none.
    case communeOnly(String)

    public var variables: [String] {
        switch self {
        case .sum(let v), .communeOnly(let v): [v]
        case .ratio(let n, let d, _): n.variables + d.variables
        case .annualGrowth(let from, let to, _): [from, to]
        }
    }

    public var isAdditive: Bool {
        if case .communeOnly = self { return false }
        return true
    }

    /// The value from the sums of the variables; nil when undefined (division by zero).
    public func evaluate(_ sum: (String) -> Double) -> Double? {
        switch self {
        case .sum(let v), .communeOnly(let v):
            return sum(v)
        case .ratio(let n, let d, let scale):
            let denominator = d.evaluate(sum)
            guard denominator != 0 else { return nil }
            return scale * n.evaluate(sum) / denominator
        case .annualGrowth(let from, let to, let years):
            let start = sum(from), end = sum(to)
            guard start > 0, end > 0 else { return nil }
            return (Foundation.pow(end / start, 1 / years) - 1) * 100
        }
    }
}

public struct Indicator: Sendable, Identifiable {
    public let id: String
    public let label: String
    public let definition: String
    public let unit: Unit
    public let decimals: Int
    public let theme: Theme
    public let source: DataSource
    /// The year or period the figure describes, as users read it ("2018", "2015-2021").
    public let vintage: String
    public let formula: Formula
    /// Indicators measuring the same thing at several dates share a series id, for time series charts.
    public let series: String?

    public init(id: String, label: String, definition: String, unit: Unit, decimals: Int = 1, theme: Theme,
                source: DataSource, vintage: String, formula: Formula, series: String? = nil) {
        self.id = id
        self.label = label
        self.definition = definition
        self.unit = unit
        self.decimals = decimals
        self.theme = theme
        self.source = source
        self.vintage = vintage
        self.formula = formula
        self.series = series
    }
}

public enum ObservatoireSources {
    public static let comparateur = DataSource(
        id: "insee-comparateur-2022", title: "Base du comparateur de territoires (édition janvier 2022)", producer: "INSEE",
        vintage: "recensement 2018, Filosofi 2019, établissements fin 2018, géographie 2021",
        url: "https://www.insee.fr/fr/statistiques/2521169",
        note: "Les communes fusionnées depuis 2021 reçoivent la somme des effectifs de leurs anciennes communes ; médianes et taux n'y sont pas recalculables. Une case vide est un secret statistique.")
    public static let recensement2021 = DataSource(
        id: "insee-rp-2021", title: "Comparateur de territoires (édition 2024, recensement 2021)", producer: "INSEE",
        vintage: "recensement 2021, état civil 2022, géographie 2024",
        url: "https://www.insee.fr/fr/statistiques/2011101")
    public static let apl = DataSource(
        id: "drees-apl-2022-2023", title: "Accessibilité potentielle localisée (APL) aux médecins généralistes", producer: "DREES",
        vintage: "2022 et 2023 (populations 2020 et 2021)",
        url: "https://data.drees.solidarites-sante.gouv.fr/explore/dataset/530_l-accessibilite-potentielle-localisee-apl/information/",
        note: "Au-dessus de la commune, l'APL est la moyenne des communes pondérée par leur population standardisée (méthode de la DREES) ; Paris, Lyon et Marseille sont recomposées de leurs arrondissements. Mayotte n'est pas couverte.")
    public static let eloignement = DataSource(
        id: "insee-eloignement-equipements-2021", title: "Part de la population éloignée des équipements (gamme de proximité, intermédiaire, supérieure)",
        producer: "INSEE", vintage: "2021 (recensement, base permanente des équipements, distancier Metric), géographie 2023",
        url: "https://statistiques-locales.insee.fr",
        note: "Calculée au centre de la commune : chaque commune vaut 0 % ou 100 %. Au-dessus de la commune, la part est pondérée par la population 2021. Non disponible pour 23 communes.")
    public static let all = [comparateur, recensement2021, apl, eloignement]
}

/// The indicator catalogue. Formulas name the source variables (INSEE column names); see `ObservatoireSources`.
public enum Catalogue {
    static let c = ObservatoireSources.comparateur
    static let r = ObservatoireSources.recensement2021
    static let apl = ObservatoireSources.apl
    static let eloignement = ObservatoireSources.eloignement

    public static let indicators: [Indicator] = [
        // Démographie
        Indicator(id: "pop_2021", label: "Population 2021", definition: "Population municipale au recensement de 2021.",
                  unit: .inhabitants, decimals: 0, theme: .demographie, source: r, vintage: "2021",
                  formula: .sum("population_2021"), series: "population"),
        Indicator(id: "pop_2018", label: "Population 2018", definition: "Population municipale au recensement de 2018.",
                  unit: .inhabitants, decimals: 0, theme: .demographie, source: c, vintage: "2018",
                  formula: .sum("P18_POP"), series: "population"),
        Indicator(id: "pop_2015", label: "Population 2015", definition: "Population municipale au recensement de 2015.",
                  unit: .inhabitants, decimals: 0, theme: .demographie, source: r, vintage: "2015",
                  formula: .sum("population_2015"), series: "population"),
        Indicator(id: "pop_2013", label: "Population 2013", definition: "Population municipale au recensement de 2013.",
                  unit: .inhabitants, decimals: 0, theme: .demographie, source: c, vintage: "2013",
                  formula: .sum("P13_POP"), series: "population"),
        Indicator(id: "croissance_2015_2021", label: "Évolution annuelle de la population 2015-2021",
                  definition: "Taux de variation annuel moyen de la population municipale entre 2015 et 2021.",
                  unit: .percentPerYear, decimals: 2, theme: .demographie, source: r, vintage: "2015-2021",
                  formula: .annualGrowth(from: "population_2015", to: "population_2021", years: 6)),
        Indicator(id: "croissance_2013_2018", label: "Évolution annuelle de la population 2013-2018",
                  definition: "Taux de variation annuel moyen de la population municipale entre 2013 et 2018.",
                  unit: .percentPerYear, decimals: 2, theme: .demographie, source: c, vintage: "2013-2018",
                  formula: .annualGrowth(from: "P13_POP", to: "P18_POP", years: 5)),
        Indicator(id: "densite_2021", label: "Densité de population 2021",
                  definition: "Population municipale 2021 rapportée à la superficie (km²).",
                  unit: .perKm2, decimals: 1, theme: .demographie, source: r, vintage: "2021",
                  formula: .ratio(.variable("population_2021"), .variable("superficie_km2"), scale: 1)),
        Indicator(id: "naissances_2022", label: "Naissances 2022", definition: "Naissances domiciliées dans la commune en 2022 (état civil).",
                  unit: .count, decimals: 0, theme: .demographie, source: r, vintage: "2022", formula: .sum("naissances_2022"), series: "naissances"),
        Indicator(id: "deces_2022", label: "Décès 2022", definition: "Décès domiciliés dans la commune en 2022 (état civil).",
                  unit: .count, decimals: 0, theme: .demographie, source: r, vintage: "2022", formula: .sum("deces_2022"), series: "deces"),
        Indicator(id: "naissances_2020", label: "Naissances 2020", definition: "Naissances domiciliées dans la commune en 2020 (état civil).",
                  unit: .count, decimals: 0, theme: .demographie, source: c, vintage: "2020", formula: .sum("NAISD20"), series: "naissances"),
        Indicator(id: "deces_2020", label: "Décès 2020", definition: "Décès domiciliés dans la commune en 2020 (état civil).",
                  unit: .count, decimals: 0, theme: .demographie, source: c, vintage: "2020", formula: .sum("DECESD20"), series: "deces"),
        Indicator(id: "solde_naturel_2013_2018", label: "Solde naturel 2013-2018",
                  definition: "Naissances moins décès entre le 1er janvier 2013 et le 1er janvier 2018, pour 1 000 habitants de 2013.",
                  unit: .perThousand, decimals: 1, theme: .demographie, source: c, vintage: "2013-2018",
                  formula: .ratio(.difference("NAIS1318", "DECE1318"), .variable("P13_POP"), scale: 1000)),
        Indicator(id: "taille_menages_2021", label: "Personnes par ménage 2021",
                  definition: "Population municipale 2021 rapportée au nombre de ménages (inclut les personnes hors ménage : approximation de la taille des ménages).",
                  unit: .persons, decimals: 2, theme: .demographie, source: r, vintage: "2021",
                  formula: .ratio(.variable("population_2021"), .variable("menages_2021"), scale: 1), series: "menages"),
        Indicator(id: "taille_menages_2018", label: "Personnes par ménage 2018",
                  definition: "Population municipale 2018 rapportée au nombre de ménages (approximation de la taille des ménages).",
                  unit: .persons, decimals: 2, theme: .demographie, source: c, vintage: "2018",
                  formula: .ratio(.variable("P18_POP"), .variable("P18_MEN"), scale: 1), series: "menages"),
        // Logement
        Indicator(id: "logements_2018", label: "Logements 2018", definition: "Nombre de logements en 2018.",
                  unit: .count, decimals: 0, theme: .logement, source: c, vintage: "2018", formula: .sum("P18_LOG")),
        Indicator(id: "part_rp_2018", label: "Part des résidences principales", definition: "Résidences principales ÷ logements, 2018.",
                  unit: .percent, decimals: 1, theme: .logement, source: c, vintage: "2018",
                  formula: .ratio(.variable("P18_RP"), .variable("P18_LOG"), scale: 100)),
        Indicator(id: "part_rs_2018", label: "Part des résidences secondaires",
                  definition: "Résidences secondaires et logements occasionnels ÷ logements, 2018.",
                  unit: .percent, decimals: 1, theme: .logement, source: c, vintage: "2018",
                  formula: .ratio(.variable("P18_RSECOCC"), .variable("P18_LOG"), scale: 100)),
        Indicator(id: "vacance_2018", label: "Taux de logements vacants", definition: "Logements vacants ÷ logements, 2018.",
                  unit: .percent, decimals: 1, theme: .logement, source: c, vintage: "2018",
                  formula: .ratio(.variable("P18_LOGVAC"), .variable("P18_LOG"), scale: 100)),
        Indicator(id: "proprietaires_2018", label: "Part des propriétaires occupants",
                  definition: "Résidences principales occupées par leur propriétaire ÷ résidences principales, 2018.",
                  unit: .percent, decimals: 1, theme: .logement, source: c, vintage: "2018",
                  formula: .ratio(.variable("P18_RP_PROP"), .variable("P18_RP"), scale: 100)),
        // Revenus
        Indicator(id: "niveau_vie_median_2019", label: "Niveau de vie médian", definition: "Médiane du revenu disponible par unité de consommation, 2019 (Filosofi).",
                  unit: .euros, decimals: 0, theme: .revenus, source: c, vintage: "2019", formula: .communeOnly("MED19")),
        Indicator(id: "pauvrete_2019", label: "Taux de pauvreté", definition: "Part des personnes vivant sous le seuil de pauvreté (60 % du niveau de vie médian), 2019 (Filosofi).",
                  unit: .percent, decimals: 1, theme: .revenus, source: c, vintage: "2019", formula: .communeOnly("TP6019")),
        Indicator(id: "menages_fiscaux_2019", label: "Ménages fiscaux", definition: "Nombre de ménages fiscaux, 2019 (Filosofi).",
                  unit: .count, decimals: 0, theme: .revenus, source: c, vintage: "2019", formula: .sum("NBMENFISC19")),
        Indicator(id: "menages_imposes_2019", label: "Part des ménages fiscaux imposés", definition: "Part des ménages fiscaux imposés, 2019 (Filosofi).",
                  unit: .percent, decimals: 1, theme: .revenus, source: c, vintage: "2019", formula: .communeOnly("PIMP19")),
        // Emploi
        Indicator(id: "emplois_2018", label: "Emplois au lieu de travail 2018", definition: "Nombre d'emplois situés dans la commune, 2018.",
                  unit: .count, decimals: 0, theme: .emploi, source: c, vintage: "2018", formula: .sum("P18_EMPLT"), series: "emplois"),
        Indicator(id: "emplois_2013", label: "Emplois au lieu de travail 2013", definition: "Nombre d'emplois situés dans la commune, 2013.",
                  unit: .count, decimals: 0, theme: .emploi, source: c, vintage: "2013", formula: .sum("P13_EMPLT"), series: "emplois"),
        Indicator(id: "evolution_emplois_2013_2018", label: "Évolution annuelle de l'emploi 2013-2018",
                  definition: "Taux de variation annuel moyen du nombre d'emplois au lieu de travail entre 2013 et 2018.",
                  unit: .percentPerYear, decimals: 2, theme: .emploi, source: c, vintage: "2013-2018",
                  formula: .annualGrowth(from: "P13_EMPLT", to: "P18_EMPLT", years: 5)),
        Indicator(id: "concentration_emploi_2018", label: "Indicateur de concentration d'emploi",
                  definition: "Emplois dans la commune pour 100 actifs occupés de 15 à 64 ans qui y résident (actifs moins chômeurs), 2018. Au-dessus de 100, la commune offre plus d'emplois qu'elle n'a d'actifs occupés.",
                  unit: .index, decimals: 1, theme: .emploi, source: c, vintage: "2018",
                  formula: .ratio(.variable("P18_EMPLT"), .difference("P18_ACT1564", "P18_CHOM1564"), scale: 100)),
        Indicator(id: "chomage_2021", label: "Taux de chômage des 15-64 ans 2021", definition: "Chômeurs ÷ actifs de 15 à 64 ans, au sens du recensement, 2021.",
                  unit: .percent, decimals: 1, theme: .emploi, source: r, vintage: "2021",
                  formula: .ratio(.variable("pop_15_64_chomage_2021"), .variable("pop_15_64_active_2021"), scale: 100), series: "chomage"),
        Indicator(id: "chomage_2018", label: "Taux de chômage des 15-64 ans 2018", definition: "Chômeurs ÷ actifs de 15 à 64 ans, au sens du recensement, 2018.",
                  unit: .percent, decimals: 1, theme: .emploi, source: c, vintage: "2018",
                  formula: .ratio(.variable("P18_CHOM1564"), .variable("P18_ACT1564"), scale: 100), series: "chomage"),
        Indicator(id: "part_emplois_salaries_2018", label: "Part des emplois salariés", definition: "Emplois salariés ÷ emplois au lieu de travail, 2018.",
                  unit: .percent, decimals: 1, theme: .emploi, source: c, vintage: "2018",
                  formula: .ratio(.variable("P18_EMPLT_SAL"), .variable("P18_EMPLT"), scale: 100)),
        // Économie
        Indicator(id: "etablissements_2018", label: "Établissements actifs", definition: "Établissements actifs fin 2018.",
                  unit: .count, decimals: 0, theme: .economie, source: c, vintage: "2018", formula: .sum("ETTOT18")),
        Indicator(id: "part_agriculture_2018", label: "Part de l'agriculture", definition: "Établissements de l'agriculture, sylviculture et pêche ÷ établissements actifs, fin 2018.",
                  unit: .percent, decimals: 1, theme: .economie, source: c, vintage: "2018",
                  formula: .ratio(.variable("ETAZ18"), .variable("ETTOT18"), scale: 100)),
        Indicator(id: "part_industrie_2018", label: "Part de l'industrie", definition: "Établissements de l'industrie ÷ établissements actifs, fin 2018.",
                  unit: .percent, decimals: 1, theme: .economie, source: c, vintage: "2018",
                  formula: .ratio(.variable("ETBE18"), .variable("ETTOT18"), scale: 100)),
        Indicator(id: "part_construction_2018", label: "Part de la construction", definition: "Établissements de la construction ÷ établissements actifs, fin 2018.",
                  unit: .percent, decimals: 1, theme: .economie, source: c, vintage: "2018",
                  formula: .ratio(.variable("ETFZ18"), .variable("ETTOT18"), scale: 100)),
        Indicator(id: "part_commerce_services_2018", label: "Part du commerce, des transports et services",
                  definition: "Établissements du commerce, des transports et services divers ÷ établissements actifs, fin 2018.",
                  unit: .percent, decimals: 1, theme: .economie, source: c, vintage: "2018",
                  formula: .ratio(.variable("ETGU18"), .variable("ETTOT18"), scale: 100)),
        Indicator(id: "part_commerce_auto_2018", label: "dont commerce et réparation automobile",
                  definition: "Établissements du commerce et de la réparation automobile ÷ établissements actifs, fin 2018.",
                  unit: .percent, decimals: 1, theme: .economie, source: c, vintage: "2018",
                  formula: .ratio(.variable("ETGZ18"), .variable("ETTOT18"), scale: 100)),
        Indicator(id: "part_administration_2018", label: "Part de l'administration, l'enseignement, la santé et l'action sociale",
                  definition: "Établissements de l'administration publique, de l'enseignement, de la santé et de l'action sociale ÷ établissements actifs, fin 2018.",
                  unit: .percent, decimals: 1, theme: .economie, source: c, vintage: "2018",
                  formula: .ratio(.variable("ETOQ18"), .variable("ETTOT18"), scale: 100)),
        Indicator(id: "part_petits_etablissements_2018", label: "Part des établissements de 1 à 9 salariés",
                  definition: "Établissements de 1 à 9 salariés ÷ établissements actifs (y compris sans salarié), fin 2018.",
                  unit: .percent, decimals: 1, theme: .economie, source: c, vintage: "2018",
                  formula: .ratio(.variable("ETTEF118"), .variable("ETTOT18"), scale: 100)),
        // Santé et services
        Indicator(id: "apl_mg_2023", label: "Accès aux médecins généralistes (APL, consultations par habitant) 2023",
                  definition: "Nombre de consultations de médecine générale accessibles par habitant et par an (accessibilité potentielle localisée, DREES), 2023 : elle tient compte de l'offre et de la demande des communes voisines. Au-dessus de la commune : moyenne pondérée par la population standardisée.",
                  unit: .consultations, decimals: 2, theme: .sante, source: apl, vintage: "2023",
                  formula: .ratio(.variable(LoadedVariables.aplWeighted2023), .variable(LoadedVariables.aplWeight2023), scale: 1), series: "apl_mg"),
        Indicator(id: "apl_mg_2022", label: "Accès aux médecins généralistes (APL, consultations par habitant) 2022",
                  definition: "Nombre de consultations de médecine générale accessibles par habitant et par an (accessibilité potentielle localisée, DREES), 2022. Au-dessus de la commune : moyenne pondérée par la population standardisée.",
                  unit: .consultations, decimals: 2, theme: .sante, source: apl, vintage: "2022",
                  formula: .ratio(.variable(LoadedVariables.aplWeighted2022), .variable(LoadedVariables.aplWeight2022), scale: 1), series: "apl_mg"),
        Indicator(id: "apl_mg_moins65_2023", label: "Accès aux généralistes de moins de 65 ans (APL, consultations par habitant) 2023",
                  definition: "APL 2023 aux seuls médecins généralistes de moins de 65 ans : l'offre qui restera quand les plus âgés partiront en retraite. Au-dessus de la commune : moyenne pondérée par la population standardisée.",
                  unit: .consultations, decimals: 2, theme: .sante, source: apl, vintage: "2023",
                  formula: .ratio(.variable(LoadedVariables.aplUnder65Weighted2023), .variable(LoadedVariables.aplWeight2023), scale: 1), series: "apl_mg_moins65"),
        Indicator(id: "eloignement_proximite_2021", label: "Population éloignée des équipements de proximité",
                  definition: "Part de la population à plus de 7 minutes en voiture des équipements de la gamme de proximité (boulangerie, école, médecin généraliste, bureau de poste…), 2021.",
                  unit: .percent, decimals: 1, theme: .sante, source: eloignement, vintage: "2021",
                  formula: .ratio(.variable(LoadedVariables.remoteEveryday), .variable(LoadedVariables.remoteWeight), scale: 1)),
        Indicator(id: "eloignement_intermediaire_2021", label: "Population éloignée des équipements intermédiaires",
                  definition: "Part de la population à plus de 15 minutes en voiture des équipements de la gamme intermédiaire (collège, supermarché, gendarmerie, laboratoire d'analyses…), 2021.",
                  unit: .percent, decimals: 1, theme: .sante, source: eloignement, vintage: "2021",
                  formula: .ratio(.variable(LoadedVariables.remoteIntermediate), .variable(LoadedVariables.remoteWeight), scale: 1)),
        Indicator(id: "eloignement_superieur_2021", label: "Population éloignée des équipements supérieurs",
                  definition: "Part de la population à plus de 30 minutes en voiture des équipements de la gamme supérieure (lycée, hypermarché, urgences, maternité…), 2021.",
                  unit: .percent, decimals: 1, theme: .sante, source: eloignement, vintage: "2021",
                  formula: .ratio(.variable(LoadedVariables.remoteHigher), .variable(LoadedVariables.remoteWeight), scale: 1)),
    ]

    public static let byID: [String: Indicator] = Dictionary(uniqueKeysWithValues: indicators.map { ($0.id, $0) })

    /// Every source variable the catalogue uses, with whether a group's value is a sum of its communes'.
    public static var variables: [String] {
        var seen: [String] = []
        for indicator in indicators { for v in indicator.formula.variables where !seen.contains(v) { seen.append(v) } }
        return seen
    }

    /// Variables the loader computes from the published columns so that a group's value is a weighted mean:
    /// Σ (value × weight) ÷ Σ weight, as a ratio of two sums like every other rate.
    public enum LoadedVariables {
        /// APL × the standardised population DREES publishes with it (2021 for the APL 2023, 2020 for 2022: its weighting), and that population.
        public static let aplWeighted2023 = "apl_mg_2023_x_pop_std_2021", aplWeight2023 = "pop_standardisee_2021"
        public static let aplWeighted2022 = "apl_mg_2022_x_pop_std_2020", aplWeight2022 = "pop_standardisee_2020"
        public static let aplUnder65Weighted2023 = "apl_mg_moins65_2023_x_pop_std_2021"
        /// Share far from each range of facilities × population 2021, and that population.
        public static let remoteEveryday = "pct_eloignee_proximite_x_pop_2021"
        public static let remoteIntermediate = "pct_eloignee_intermediaire_x_pop_2021"
        public static let remoteHigher = "pct_eloignee_superieur_x_pop_2021"
        public static let remoteWeight = "pop_2021_eloignement"
    }

    /// Variables that cannot be summed across communes (medians, rates of hidden counts).
    public static let nonAdditiveVariables: Set<String> = ["MED19", "TP6019", "PIMP19"]
}
