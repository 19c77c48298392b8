/// The official geography of France (INSEE COG 2024, DGCL 2024) and the ANCT programmes, as plain values.

public struct Region: Sendable, Codable, Equatable {
    public let code: String
    public let name: String
    /// INSEE code of the commune that is the chef-lieu.
    public let chefLieu: String

    public init(code: String, name: String, chefLieu: String) {
        self.code = code
        self.name = name
        self.chefLieu = chefLieu
    }
}

public struct Departement: Sendable, Codable, Equatable {
    public let code: String
    public let regionCode: String
    public let name: String
    public let chefLieu: String

    public init(code: String, regionCode: String, name: String, chefLieu: String) {
        self.code = code
        self.regionCode = regionCode
        self.name = name
        self.chefLieu = chefLieu
    }
}

/// Legal nature of an EPCI à fiscalité propre (DGCL codes).
public enum EPCINature: String, Sendable, Codable, CaseIterable {
    case communauteDeCommunes = "CC"
    case communauteDAgglomeration = "CA"
    case communauteUrbaine = "CU"
    case metropole = "METRO"
    case metropoleDeLyon = "MET69"

    public var label: String {
        switch self {
        case .communauteDeCommunes: "Communauté de communes"
        case .communauteDAgglomeration: "Communauté d'agglomération"
        case .communauteUrbaine: "Communauté urbaine"
        case .metropole: "Métropole"
        case .metropoleDeLyon: "Métropole de Lyon (collectivité à statut particulier)"
        }
    }
}

public struct EPCI: Sendable, Codable, Equatable {
    public let siren: String
    public let name: String
    public let nature: EPCINature
    /// Fiscal regime: FPU (fiscalité professionnelle unique) or FA (fiscalité additionnelle).
    public let taxRegime: String
    /// Département of the seat, as the DGCL lists it.
    public let departementCode: String
    /// INSEE codes of the member communes, sorted.
    public let memberCodes: [String]
    /// Sum of the members' populations municipales.
    public let population: Int

    public init(siren: String, name: String, nature: EPCINature, taxRegime: String, departementCode: String,
                memberCodes: [String], population: Int) {
        self.siren = siren
        self.name = name
        self.nature = nature
        self.taxRegime = taxRegime
        self.departementCode = departementCode
        self.memberCodes = memberCodes
        self.population = population
    }
}

/// The ANCT programmes shown on a commune's card.
public enum Programme: String, Sendable, Codable, CaseIterable {
    case petitesVillesDeDemain = "pvd"
    case actionCoeurDeVille = "acv"
    case villagesDAvenir = "va"
    case crte = "crte"
    case franceServices = "fs"
    case territoiresDIndustrie = "ti"

    public var label: String {
        switch self {
        case .petitesVillesDeDemain: "Petites Villes de Demain"
        case .actionCoeurDeVille: "Action Cœur de Ville"
        case .villagesDAvenir: "Villages d'avenir"
        case .crte: "Contrat pour la réussite de la transition écologique"
        case .franceServices: "France Services"
        case .territoiresDIndustrie: "Territoires d'industrie"
        }
    }

    public var shortLabel: String {
        switch self {
        case .petitesVillesDeDemain: "PVD"
        case .actionCoeurDeVille: "ACV"
        case .villagesDAvenir: "Villages d'avenir"
        case .crte: "CRTE"
        case .franceServices: "France Services"
        case .territoiresDIndustrie: "Territoires d'industrie"
        }
    }
}

public struct ProgrammeMembership: Sendable, Codable, Equatable {
    public let programme: Programme
    /// The ANCT identifier (e.g. `pvd-53-29-11`); a commune may have several for one programme.
    public let identifiers: [String]

    public init(programme: Programme, identifiers: [String]) {
        self.programme = programme
        self.identifiers = identifiers
    }
}

/// Opération de revitalisation de territoire, as the ANCT follow-up table (2023) records it.
public struct ORT: Sendable, Codable, Equatable {
    /// "Signée", "En cours", "Non signée", or nil when the table leaves it blank.
    public let state: String?
    /// ISO date of signature, when signed.
    public let signatureDate: String?
    /// When not signed: the planned date as written by the ANCT (e.g. "4e trimestre 2023").
    public let plannedSignature: String?
    /// Progress of the operation (e.g. "Phase opérationnelle"), when given.
    public let progress: String?
    /// Last update of the row, as published (DD-MM-YYYY).
    public let updatedOn: String?

    public init(state: String?, signatureDate: String?, plannedSignature: String?, progress: String?, updatedOn: String?) {
        self.state = state
        self.signatureDate = signatureDate
        self.plannedSignature = plannedSignature
        self.progress = progress
        self.updatedOn = updatedOn
    }

    public var isSigned: Bool { state == "Signée" }
}

public struct OpeningSlot: Sendable, Codable, Equatable {
    /// Day range as published, e.g. "lundi"–"vendredi".
    public let fromDay: String
    public let toDay: String
    /// Time ranges "HH:MM–HH:MM".
    public let hours: [String]

    public init(fromDay: String, toDay: String, hours: [String]) {
        self.fromDay = fromDay
        self.toDay = toDay
        self.hours = hours
    }
}

public struct TownHall: Sendable, Codable, Equatable {
    public let latitude: Double?
    public let longitude: Double?
    public let address: String?
    public let phone: String?
    public let email: String?
    public let website: String?
    public let openingHours: [OpeningSlot]

    public init(latitude: Double?, longitude: Double?, address: String?, phone: String?, email: String?,
                website: String?, openingHours: [OpeningSlot]) {
        self.latitude = latitude
        self.longitude = longitude
        self.address = address
        self.phone = phone
        self.email = email
        self.website = website
        self.openingHours = openingHours
    }
}

/// A part of a commune with a code of its own: municipal arrondissement (Paris, Lyon, Marseille),
/// commune déléguée or commune associée.
public struct SubCommune: Sendable, Codable, Equatable {
    public enum Kind: String, Sendable, Codable {
        case arrondissement = "ARM", deleguee = "COMD", associee = "COMA"

        public var label: String {
            switch self {
            case .arrondissement: "arrondissement municipal"
            case .deleguee: "commune déléguée"
            case .associee: "commune associée"
            }
        }
    }

    public let kind: Kind
    public let code: String
    public let name: String
    /// Population municipale 2021, when INSEE publishes it for this part (arrondissements only).
    public let population: Int?

    public init(kind: Kind, code: String, name: String, population: Int?) {
        self.kind = kind
        self.code = code
        self.name = name
        self.population = population
    }
}

public struct Commune: Sendable, Codable, Equatable {
    public let code: String
    public let name: String
    public let departementCode: String
    public let regionCode: String
    public let epciSiren: String?
    /// Population municipale 2021 (in force on 1 January 2024), on the 2024 geography.
    public let population: Int
    public let populationTotale: Int?
    public let programmes: [ProgrammeMembership]
    public let ort: ORT?
    public let subCommunes: [SubCommune]
    /// INSEE codes of the communes sharing a border, sorted.
    public let neighbours: [String]

    public init(code: String, name: String, departementCode: String, regionCode: String, epciSiren: String?,
                population: Int, populationTotale: Int?, programmes: [ProgrammeMembership], ort: ORT?,
                subCommunes: [SubCommune], neighbours: [String]) {
        self.code = code
        self.name = name
        self.departementCode = departementCode
        self.regionCode = regionCode
        self.epciSiren = epciSiren
        self.population = population
        self.populationTotale = populationTotale
        self.programmes = programmes
        self.ort = ort
        self.subCommunes = subCommunes
        self.neighbours = neighbours
    }

    public func isMember(of programme: Programme) -> Bool {
        programmes.contains { $0.programme == programme }
    }

    public var isPVD: Bool { isMember(of: .petitesVillesDeDemain) }
}
