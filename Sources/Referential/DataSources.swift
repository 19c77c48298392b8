/// Where every figure comes from: the datasets the product shows, with producer, vintage and licence, so that
/// each page can name its sources and the Sources page can list them all.
public struct DataSource: Sendable, Codable, Equatable, Identifiable {
    public let id: String
    public let title: String
    public let producer: String
    public let vintage: String
    public let licence: String
    public let url: String
    public let note: String?

    public init(id: String, title: String, producer: String, vintage: String, licence: String = DataSource.licenceOuverte,
                url: String, note: String? = nil) {
        self.id = id
        self.title = title
        self.producer = producer
        self.vintage = vintage
        self.licence = licence
        self.url = url
        self.note = note
    }

    public static let licenceOuverte = "Licence Ouverte 2.0 (Etalab)"

    /// A short citation, e.g. "INSEE, Code officiel géographique, 2024".
    public var citation: String { "\(producer), \(title), \(vintage)" }
}

public enum DataSources {
    public static let cog = DataSource(
        id: "cog", title: "Code officiel géographique", producer: "INSEE", vintage: "1er janvier 2024",
        url: "https://www.insee.fr/fr/information/7766585")
    public static let populations = DataSource(
        id: "populations", title: "Populations légales 2021 (en vigueur au 1er janvier 2024)", producer: "INSEE",
        vintage: "recensement 2021", url: "https://www.insee.fr/fr/statistiques/7725600",
        note: "Population municipale sur la géographie 2024 telle que la DGCL la publie ; arrondissements municipaux selon l'INSEE.")
    public static let epci = DataSource(
        id: "epci", title: "Composition communale des EPCI à fiscalité propre", producer: "DGCL (Banatic)",
        vintage: "1er janvier 2024", url: "https://www.collectivites-locales.gouv.fr/institutions/liste-et-composition-des-epci-fiscalite-propre")
    public static let programmes = DataSource(
        id: "programmes", title: "Programmes de l'ANCT par commune", producer: "ANCT", vintage: "COG 2023",
        url: "https://www.data.gouv.fr/fr/organizations/agence-nationale-de-la-cohesion-des-territoires/",
        note: "Petites Villes de Demain, Action Cœur de Ville, Villages d'avenir, CRTE, France Services, Territoires d'industrie. Les codes des communes fusionnées depuis 2023 sont rattachés à la commune nouvelle.")
    public static let ort = DataSource(
        id: "ort", title: "Suivi des opérations de revitalisation de territoire (ORT)", producer: "ANCT", vintage: "2023",
        url: "https://www.data.gouv.fr/fr/organizations/agence-nationale-de-la-cohesion-des-territoires/",
        note: "Certains champs libres ont été masqués par le producteur.")
    public static let mairies = DataSource(
        id: "mairies", title: "Annuaire de l'administration : mairies", producer: "DILA (service-public.fr)", vintage: "2025",
        url: "https://lannuaire.service-public.fr/")
    public static let contoursCommunes = DataSource(
        id: "contours-communes", title: "Admin Express, contours simplifiés des communes", producer: "IGN", vintage: "2025",
        url: "https://geoservices.ign.fr/adminexpress",
        note: "Contours 2025 : les 64 communes fusionnées au 1er janvier 2025 sans commune déléguée n'ont pas de contour.")
    public static let contoursANCT = DataSource(
        id: "contours-anct", title: "Contours des EPCI, départements et régions (outre-mer rapprochés)",
        producer: "ANCT, service cartographique", vintage: "2022",
        url: "https://www.observatoire-des-territoires.gouv.fr/")

    public static let dpeTertiaire = DataSource(
        id: "dpe-tertiaire", title: "DPE tertiaire (v2), diagnostics de performance énergétique des bâtiments tertiaires", producer: "ADEME",
        vintage: "DPE établis de mi-2021 à début 2024", url: "https://data.ademe.fr/datasets/dpe01tertiaire",
        note: "Apprentissage du modèle d'estimation et référence nationale ; inventaire de démonstration tiré des DPE publiés. DPE vides, surfaces de remplissage (100 m²) et valeurs aberrantes écartés.")
    public static let degresJours = DataSource(
        id: "dju", title: "Températures quotidiennes départementales (degrés-jours unifiés base 18 °C calculés)", producer: "ODRÉ (RTE, GRTgaz)",
        vintage: "2018-2024 (2024 partiel, non utilisé)", url: "https://odre.opendatasoft.com/explore/dataset/temperature-quotidienne-departementale/",
        note: "Correction climatique des consommations de chauffage : référence = moyenne 2019-2023 du département.")

    public static let actionsRenovation = DataSource(
        id: "actions-renovation", title: "Bibliothèque des actions de rénovation : fiches CEE, coûts, durées de vie, aides, prix de l'énergie",
        producer: "territoires, d'après les fiches CEE (JORF), le Sénat, la Banque des Territoires, le programme ACTEE, l'ANCT", vintage: "novembre 2026",
        url: "/sources#actions-renovation",
        note: "Chaque valeur porte sa source et son statut : vérifiée, à vérifier (une seule source secondaire) ou hypothèse de l'outil (aucune source publique trouvée, à remplacer par un devis).")

    public static let all: [DataSource] = [cog, populations, epci, programmes, ort, mairies, contoursCommunes, contoursANCT, dpeTertiaire, degresJours, actionsRenovation]
}
