import Foundation

/// How far a value of the action library can be trusted, shown beside it on every page.
public enum ValueStatus: String, Codable, Sendable {
    /// Seen in the official text or in two concordant sources.
    case verifie
    /// One secondary source: to check against the official text before relying on it.
    case aVerifier = "a_verifier"
    /// No public source found: the tool's order of magnitude, to replace with a quote or a study.
    case hypothese

    public var label: String {
        switch self {
        case .verifie: "vérifié"
        case .aVerifier: "à vérifier"
        case .hypothese: "hypothèse de l'outil"
        }
    }
}

/// The end uses a building's consumption is split into (see `EndUses`).
public enum EndUse: String, Codable, Sendable {
    case chauffage, eclairage, electricite, tous
    /// GTB: its fiche gives a heating and a lighting saving.
    case chauffageEtEclairage = "chauffage_et_eclairage"
}

/// The sectors of the CEE tertiary fiches, which scale their forfaits.
public enum CEESector: String, Codable, Sendable {
    case bureaux, enseignement, commerces, hotellerie, sante, autres, sport

    /// Schools fall under "Enseignement", town halls under "Bureaux", health and social under "Santé"; sports halls,
    /// pools, culture and multi-purpose halls under "Autres" (the ventilation fiche has its own sports category).
    public init(_ usage: Usage) {
        switch usage {
        case .ecole: self = .enseignement
        case .administration: self = .bureaux
        case .santeSocial: self = .sante
        case .gymnase, .piscine: self = .sport
        case .culture, .sallePolyvalente, .autre: self = .autres
        }
    }

    /// The fiches without a sports row count sports buildings among "Autres".
    var fallback: CEESector? { self == .sport ? .autres : nil }
}

/// A sourced number.
public struct Sourced<Value: Codable & Sendable>: Codable, Sendable {
    public var value: Value
    public var status: ValueStatus
    public var source: String
}

/// One renovation action of the library, as data (`Data/batiments/actions_renovation.json`).
public struct RenovationAction: Codable, Sendable, Identifiable {
    public enum Category: String, Codable, Sendable {
        case gestion, regulation, enveloppe, chauffage, ventilation, eclairage, production

        public var label: String {
            switch self {
            case .gestion: "Gestion et sobriété"
            case .regulation: "Régulation"
            case .enveloppe: "Enveloppe"
            case .chauffage: "Chauffage"
            case .ventilation: "Ventilation"
            case .eclairage: "Éclairage"
            case .production: "Production d'énergie"
            }
        }
    }

    /// What a CEE forfait or a cost is counted per.
    public enum Assiette: String, Codable, Sendable {
        /// The floor area (heated, managed).
        case surface
        /// The roof: floor area ÷ levels.
        case toiture
        /// The ground floor: floor area ÷ levels.
        case plancher
        /// The walls' area, given by the user.
        case murs
        /// The windows' area, given by the user.
        case fenetres

        public var label: String {
            switch self {
            case .surface: "m² de surface"
            case .toiture: "m² de toiture"
            case .plancher: "m² de plancher bas"
            case .murs: "m² de murs"
            case .fenetres: "m² de fenêtres"
            }
        }
    }

    public struct Saving: Codable, Sendable {
        public enum Kind: String, Codable, Sendable { case percent, cee, none }
        public var kind: Kind
        /// For `percent`: the share of the end use saved.
        public var fraction: Double?
        public var fiche: String?
        public var version: String?
        public var status: ValueStatus
        public var source: String
        public var assiette: Assiette?
        /// kWh cumac per unit of assiette by climate zone (combustible heating when the fiche distinguishes).
        public var byZone: [String: Double]?
        /// The same for electric heating, when the fiche gives it.
        public var byZoneElectric: [String: Double]?
        public var sectorFactor: [String: Double]?
        /// Fiches whose forfait is per sector, multiplied by a zone factor (GTB, district heating).
        public var zoneFactor: [String: Double]?
        public var heatingBySector: [String: Double]?
        public var lightingBySector: [String: Double]?
    }

    public struct Cost: Codable, Sendable {
        public enum Unit: String, Codable, Sendable {
            case forfait
            /// € per m² of floor area.
            case eurM2Surface = "eur_m2_surface"
            /// € per m² of the action's assiette (insulation, windows).
            case eurM2Assiette = "eur_m2_assiette"
            /// € per kW of heating power.
            case eurKW = "eur_kw"
        }
        public var unit: Unit
        public var low: Double
        public var high: Double
        public var status: ValueStatus
        public var source: String
    }

    public struct Lifetime: Codable, Sendable {
        public var years: Int
        public var status: ValueStatus
        public var source: String
    }

    public struct Power: Codable, Sendable {
        public var wattsPerM2: Double
        public var status: ValueStatus
        public var source: String
    }

    public var id: String
    public var label: String
    public var category: Category
    public var endUse: EndUse
    /// The heating carrier after the works (heat pump, heat network).
    public var switchTo: EnergyCarrier?
    public var saving: Saving
    public var cost: Cost?
    public var lifetime: Lifetime?
    public var power: Power?
    /// Conditions on the building's characteristics (`Requirement`), all needed.
    public var requires: [Requirement]
}

/// What an action needs to know of the building before it is proposed: an unknown characteristic never
/// counts as met (no attic insulation for a building whose roof is not described).
public enum Requirement: String, Codable, Sendable {
    case gtbAbsente = "gtb_absente"
    case toitureCombles = "toiture_combles"
    case toitureTerrasse = "toiture_terrasse"
    case mursNonIsoles = "murs_non_isoles"
    case plancherSurLocalNonChauffe = "plancher_sur_local_non_chauffe"
    case simpleVitrage = "simple_vitrage"
    case chauffageFossile = "chauffage_fossile"
    case reseauChaleurProche = "reseau_chaleur_proche"
    case ventilationSansDoubleFlux = "ventilation_sans_double_flux"

    /// What to fill in on the building's characteristics when the requirement is unknown.
    public var question: String {
        switch self {
        case .gtbAbsente: "le bâtiment a-t-il déjà une GTB ?"
        case .toitureCombles, .toitureTerrasse: "quel est le type de toiture, est-elle déjà isolée ?"
        case .mursNonIsoles: "les murs sont-ils isolés, quelle est leur surface ?"
        case .plancherSurLocalNonChauffe: "le plancher bas donne-t-il sur un local non chauffé ou un vide sanitaire ?"
        case .simpleVitrage: "reste-t-il des fenêtres à simple vitrage, sur quelle surface ?"
        case .chauffageFossile: "quelle est l'énergie de chauffage ?"
        case .reseauChaleurProche: "un réseau de chaleur passe-t-il à proximité ?"
        case .ventilationSansDoubleFlux: "quelle est la ventilation ?"
        }
    }
}

/// What the owner knows of a building beyond its inventory line, to tell which actions apply and on what
/// quantities. Every field may stay unknown.
public struct WorksProfile: Codable, Sendable, Equatable {
    public enum Roof: String, Codable, Sendable, CaseIterable { case combles, terrasse, dejaIsolee = "deja_isolee" }
    public enum Ventilation: String, Codable, Sendable, CaseIterable { case naturelle, simpleFlux = "simple_flux", doubleFlux = "double_flux" }

    public var levels: Int?
    public var roof: Roof?
    public var wallsInsulated: Bool?
    /// Walls' area to insulate, m².
    public var wallArea: Double?
    public var floorOverUnheated: Bool?
    /// Single-glazed windows' area, m² (0 when none left).
    public var singleGlazingArea: Double?
    public var hasBACS: Bool?
    public var heatNetworkNearby: Bool?
    public var ventilation: Ventilation?
    /// Heating (or cooling) power, kW, for the BACS obligation and heat-pump sizing.
    public var heatingPowerKW: Double?
    /// The Décret tertiaire reference year the owner chose (2010-2019), nil for the default.
    public var referenceYear: Int?
    /// The absolute level Cabs (kWh/m²/yr) from OPERAT, by milestone year, when the owner has it.
    public var cabs: [Int: Double]?

    public init(levels: Int? = nil, roof: Roof? = nil, wallsInsulated: Bool? = nil, wallArea: Double? = nil, floorOverUnheated: Bool? = nil,
                singleGlazingArea: Double? = nil, hasBACS: Bool? = nil, heatNetworkNearby: Bool? = nil, ventilation: Ventilation? = nil,
                heatingPowerKW: Double? = nil, referenceYear: Int? = nil, cabs: [Int: Double]? = nil) {
        self.levels = levels
        self.roof = roof
        self.wallsInsulated = wallsInsulated
        self.wallArea = wallArea
        self.floorOverUnheated = floorOverUnheated
        self.singleGlazingArea = singleGlazingArea
        self.hasBACS = hasBACS
        self.heatNetworkNearby = heatNetworkNearby
        self.ventilation = ventilation
        self.heatingPowerKW = heatingPowerKW
        self.referenceYear = referenceYear
        self.cabs = cabs
    }

    public static let unknown = WorksProfile()

    /// nil when unknown, else whether it holds.
    func holds(_ r: Requirement, heating: EnergyCarrier?) -> Bool? {
        switch r {
        case .gtbAbsente: hasBACS.map { !$0 }
        case .toitureCombles: roof.map { $0 == .combles }
        case .toitureTerrasse: roof.map { $0 == .terrasse }
        case .mursNonIsoles: wallsInsulated.map { !$0 && (wallArea ?? 0) > 0 }
        case .plancherSurLocalNonChauffe: floorOverUnheated
        case .simpleVitrage: singleGlazingArea.map { $0 > 0 }
        case .chauffageFossile: heating.map { [.gazNaturel, .fioul, .gpl, .charbon].contains($0) }
        case .reseauChaleurProche: heatNetworkNearby
        case .ventilationSansDoubleFlux: ventilation.map { $0 != .doubleFlux }
        }
    }
}

/// The library: every action with its sources, the deep-renovation benchmark and default energy prices.
public struct ActionLibrary: Codable, Sendable {
    public struct DeepRenovation: Codable, Sendable {
        public struct Levels: Codable, Sendable {
            public var status: ValueStatus
            public var `default`: Int
            public var source: String
        }
        public var cost: RenovationAction.Cost
        public var levels: Levels
    }

    public struct Price: Codable, Sendable {
        public var eurPerKWh: Double
        public var status: ValueStatus
        public var source: String
    }

    public struct CEEPrice: Codable, Sendable {
        public var eurPerMWhCumac: Double
        public var status: ValueStatus
        public var source: String
    }

    public var version: String
    public var actions: [RenovationAction]
    public var deepRenovation: DeepRenovation
    /// Keyed by `EnergyCarrier.rawValue`.
    public var energyPrices: [String: Price]
    /// The share of electricity counted as heating when heating is electric (invoices do not split it).
    public var electricHeatingShare: Sourced<Double>
    /// The market value of the certificates, to estimate the CEE premium of an action.
    public var ceePrice: CEEPrice

    public func action(_ id: String) -> RenovationAction? { actions.first { $0.id == id } }

    /// The CEE conversion factor F(n) = Σ_{t=0}^{n−1} 1.04^−t: kWh cumac ÷ F(n) = kWh saved per year over a
    /// conventional lifetime of n years (the first year not discounted, as the worked examples of the scheme do).
    public static func cumacFactor(years: Int) -> Double {
        (0..<years).reduce(0) { $0 + pow(1.04, -Double($1)) }
    }
}
