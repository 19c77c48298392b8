import Foundation

/// An energy carrier as invoices and DPEs name it.
public enum EnergyCarrier: String, CaseIterable, Codable, Sendable {
    case electricite, gazNaturel = "gaz_naturel", fioul, gpl, bois, reseauChaleur = "reseau_chaleur", charbon, autre

    public var label: String {
        switch self {
        case .electricite: "Électricité"
        case .gazNaturel: "Gaz naturel"
        case .fioul: "Fioul domestique"
        case .gpl: "GPL, propane"
        case .bois: "Bois"
        case .reseauChaleur: "Réseau de chaleur"
        case .charbon: "Charbon, combustible fossile"
        case .autre: "Autre"
        }
    }

    public init?(text: String) {
        let f = Folding.fold(text)
        if f.isEmpty || f == "non renseigne" { return nil }
        if let exact = EnergyCarrier(rawValue: f.replacingOccurrences(of: " ", with: "_")) { self = exact; return }
        // A heat pump runs on electricity (its "chaleur" is no heat network).
        if f.contains("pompe a chaleur") || " \(f) ".contains(" pac ") || f.contains("aerotherm") || f.contains("geotherm") { self = .electricite; return }
        // "Gaz + électricité", "électricité / fioul": two energies are no one energy.
        let named = [f.contains("electri") || " \(f) ".contains(" elec "), f.contains("gaz") && !f.contains("gpl"), f.contains("fioul") || f.contains("fuel"),
                     f.contains("bois") || f.contains("granule"), f.contains("reseau") || f.contains("chauffage urbain"), f.contains("gpl") || f.contains("propane")]
        if named.filter({ $0 }).count > 1 { return nil }
        if f.contains("electri") || " \(f) ".contains(" elec ") { self = .electricite }
        else if f.contains("reseau") || f.contains("chauffage urbain") || f.contains("chaleur") { self = .reseauChaleur }
        else if f.contains("gpl") || f.contains("propane") || f.contains("butane") { self = .gpl }
        else if f.contains("gaz") { self = .gazNaturel }
        else if f.contains("fioul") || f.contains("fuel") { self = .fioul }
        else if f.contains("bois") || f.contains("granule") || f.contains("plaquette") { self = .bois }
        else if f.contains("charbon") || f.contains("combustible fossile") { self = .charbon }
        else if f == "autre" || f.contains("autre") { self = .autre }
        else { return nil }
    }
}

/// Conversion and emission factors, with the text that sets them.
public enum Factors {
    /// Primary energy factor: electricity 2.3 for consumption up to 2025, 1.9 from 2026 (arrêté du 13 août 2025,
    /// JO du 26 août 2025); 1 for every other carrier.
    public static func primary(_ carrier: EnergyCarrier, year: Int) -> Double {
        carrier == .electricite ? (year >= 2026 ? 1.9 : 2.3) : 1
    }

    /// kgCO2e per kWh of final energy, DPE 2021 factors (arrêté du 31 mars 2021). Electricity depends on the
    /// use; when the use is not given, the heating factor applies to the heating carrier and the lighting and
    /// other-uses factor (0.064, auxiliaires) to the rest. District heating depends on the network (annual
    /// arrêté): unknown here, so nil.
    public static func ghg(_ carrier: EnergyCarrier, isHeating: Bool) -> Double? {
        switch carrier {
        case .electricite: isHeating ? 0.079 : 0.064
        case .gazNaturel: 0.227
        case .fioul: 0.324
        case .gpl: 0.272
        case .bois: 0.030
        case .charbon: 0.385
        case .reseauChaleur, .autre: nil
        }
    }

    public static let ghgSource = "Facteurs d'émission du DPE (arrêté du 31 mars 2021)"
    public static let primarySource = "Coefficient d'énergie primaire de l'électricité : 2,3 jusqu'en 2025, 1,9 à partir du 1er janvier 2026 (arrêté du 13 août 2025)"
}

/// Units found in invoices and patrimony exports, converted to kWh.
public enum EnergyUnit: String, CaseIterable, Codable, Sendable {
    case kWh, MWh, GJ, m3 = "m³"

    /// 1 m³ of natural gas ≈ 11.2 kWh (PCS), the order of magnitude of the conversion coefficient printed on
    /// gas invoices (it varies between about 10.7 and 11.6 with the gas delivered); shown wherever used.
    public static let gasKWhPerM3 = 11.2

    public func kWh(_ value: Double) -> Double {
        switch self {
        case .kWh: value
        case .MWh: value * 1000
        case .GJ: value * 1000 / 3.6
        case .m3: value * Self.gasKWhPerM3
        }
    }

    public var conversion: String {
        switch self {
        case .kWh: "kWh"
        case .MWh: "1 MWh = 1 000 kWh"
        case .GJ: "1 GJ = 277,8 kWh"
        case .m3: "1 m³ de gaz ≈ 11,2 kWh PCS (coefficient moyen des factures)"
        }
    }

    public init?(text: String) {
        let f = Folding.fold(text)
        switch f {
        case "kwh", "kwhef", "kwh ef", "kwh pcs", "kwh pci": self = .kWh
        case "mwh", "mwhef", "mwh ef", "mwh pcs", "mwh pci": self = .MWh
        case "gj": self = .GJ
        case "m3", "m 3", "m³", "metre cube", "metres cubes": self = .m3
        default:
            if text.trimmingCharacters(in: .whitespaces) == "m³" { self = .m3 } else { return nil }
        }
    }
}

/// Prices by carrier are stored as a JSON object keyed by the carrier's code.
extension EnergyCarrier: CodingKeyRepresentable {}
