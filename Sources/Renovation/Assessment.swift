import Foundation

/// Where a figure comes from.
public enum Provenance: String, Codable, Sendable {
    /// From the owner's consumption data (invoices, meters).
    case mesure
    /// From a DPE already issued for the building.
    case dpe
    /// Estimated by the model, with its interval.
    case estimation

    public var label: String {
        switch self {
        case .mesure: "mesuré"
        case .dpe: "DPE existant"
        case .estimation: "estimé"
        }
    }
}

/// A building's energy figures, each with its source, whether measured, taken from a DPE or estimated.
public struct Assessment: Sendable, Codable, Equatable {
    public var provenance: Provenance
    /// The year of the consumption (measured), nil otherwise.
    public var year: Int?
    public var finalKWh: Double?
    public var primaryKWh: Double
    public var ghgKg: Double?
    /// True when a carrier had no known emission factor (district heating, "autre").
    public var ghgPartial: Bool
    public var primaryPerM2: Double
    public var finalPerM2: Double?
    /// Final energy with the heating carrier brought to the reference climate.
    public var climateCorrectedFinalPerM2: Double?
    public var label: String
    public var ghgLabel: String?
    /// What the model expects for a building of this kind (kWhEP/m²), and its 80 % interval.
    public var expected: Estimate?
    /// measured ÷ expected, when both exist.
    public var ratioToExpected: Double?
    /// Plain-French lines saying how each figure was obtained.
    public var notes: [String]
}

public struct Estimate: Sendable, Codable, Equatable {
    public var kWhEPPerM2: Double
    public var low: Double
    public var high: Double
    /// Each feature's effect, as a multiplicative factor on the estimate, strongest first.
    public var reasons: [Reason]

    public struct Reason: Sendable, Codable, Equatable {
        public var feature: String
        public var factor: Double
        public var text: String
    }
}

public enum Assessor {
    /// Measured figures when the owner gave consumption, else the DPE's, else the model's estimate. The
    /// model's expectation is attached in every case, to compare.
    /// `estimate` is the model's, when already computed for many buildings at once.
    public static func assess(_ b: Building, climate: ClimateTable, model: IntensityModel?, explain: Bool = true, estimate: Estimate? = nil) -> Assessment {
        let expected = estimate ?? model?.estimate(b, climate: climate, explain: explain)
        // Notes are sentences for the building's sheet; a ranking of thousands does without them.
        var notes: [String] = []
        func note(_ text: @autoclosure () -> String) { if explain { notes.append(text()) } }
        let scale = b.usage.scale
        // The latest year's lines, read in place (a national ranking assesses half a million buildings).
        if let year = b.consumptions.lazy.map(\.year).max(), b.area > 0 {
            let lines = b.consumptions.lazy.filter { $0.year == year }
            var final = 0.0, primary = 0.0, ghg = 0.0, partial = false, heating = 0.0
            // Without a declared heating energy, the largest carrier is taken as the heating one.
            let heatingCarrier = b.heatingEnergy ?? lines.max { $0.kWh < $1.kWh }!.carrier
            for line in lines {
                final += line.kWh
                primary += line.kWh * Factors.primary(line.carrier, year: year)
                let isHeating = line.carrier == heatingCarrier
                if isHeating { heating += line.kWh }
                if let f = Factors.ghg(line.carrier, isHeating: isHeating) { ghg += line.kWh * f } else { partial = true }
                note("\(line.carrier.label) \(year) : \(line.shown)")
            }
            note(year >= 2026 ? "Énergie primaire : électricité × 1,9 (consommation \(year))" : "Énergie primaire : électricité × 2,3 (consommation \(year), avant 2026)")
            if partial { note("GES partiels : le facteur d'émission du réseau de chaleur dépend du réseau (arrêté annuel), non fourni") }
            var corrected: Double?
            if let c = climate.correction(departement: b.departement, year: year) {
                corrected = (final - heating + heating * c.factor) / b.area
                note("Correction climatique du chauffage : DJU \(year) = \(Figures.integer(c.dju)), référence 2019-2023 = \(Figures.integer(c.reference)) (×\(Figures.decimal(c.factor, 2)))")
            } else {
                note("Pas de correction climatique : DJU \(year) non disponibles pour le département \(b.departement)")
            }
            let perM2 = primary / b.area
            return Assessment(provenance: .mesure, year: year, finalKWh: final, primaryKWh: primary, ghgKg: ghg, ghgPartial: partial,
                              primaryPerM2: perM2, finalPerM2: final / b.area, climateCorrectedFinalPerM2: corrected,
                              label: scale.label(kWhEPPerM2: perM2), ghgLabel: partial ? nil : scale.ghgLabel(kgCO2PerM2: ghg / b.area),
                              expected: expected, ratioToExpected: expected.map { perM2 / $0.kWhEPPerM2 }, notes: notes)
        }
        if let dpe = b.dpe, let perM2 = dpe.kWhEPPerM2, perM2 > 1 {
            note("Consommation du DPE\(dpe.number.map { " n° \($0)" } ?? "") : \(Figures.integer(perM2)) kWhEP/m²/an")
            return Assessment(provenance: .dpe, year: nil, finalKWh: nil, primaryKWh: perM2 * b.area, ghgKg: nil, ghgPartial: true,
                              primaryPerM2: perM2, finalPerM2: nil, climateCorrectedFinalPerM2: nil,
                              label: scale.label(kWhEPPerM2: perM2), ghgLabel: nil, expected: expected,
                              ratioToExpected: expected.map { perM2 / $0.kWhEPPerM2 }, notes: notes)
        }
        let perM2 = expected?.kWhEPPerM2 ?? 0
        note(model == nil ? "Aucune consommation et aucun modèle : pas d'estimation" :
                        "Aucune consommation fournie : estimation du modèle appris sur les DPE tertiaires ADEME")
        if b.usage == .piscine {
            note("Piscine : les DPE d'apprentissage ne distinguent pas les piscines des salles de sport ; l'estimation est sans doute basse (références publiées : 1 500 à 2 500 kWh/m²/an)")
        }
        return Assessment(provenance: .estimation, year: nil, finalKWh: nil, primaryKWh: perM2 * b.area, ghgKg: nil, ghgPartial: true,
                          primaryPerM2: perM2, finalPerM2: nil, climateCorrectedFinalPerM2: nil,
                          label: scale.label(kWhEPPerM2: perM2), ghgLabel: nil, expected: expected, ratioToExpected: nil, notes: notes)
    }
}
