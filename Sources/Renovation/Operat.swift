import Foundation

/// The yearly consumption declaration of the Décret tertiaire, one line per building subject to it and energy.
///
/// ADEME publishes no import template for OPERAT (no column list was found): the columns follow what the
/// declaration must contain (Code de la construction et de l'habitation, R174-27, from décret 2019-771): the
/// activity, the floor area subject to the obligation, the year's consumption per energy in kWh, and the reference
/// year with its consumption per energy. Not covered: the structure's SIREN/SIRET and the EFA identifiers OPERAT
/// assigns, the intensity-of-use indicators (IIU), the modulations, the electric-vehicle charging consumption, the
/// delivery-point numbers (PRM/PCE): the inventory does not hold them.
public enum OperatDeclaration {
    public static let header = ["identifiant_batiment", "nom", "code_commune", "activite", "surface_assujettie_m2", "annee_declaree", "energie",
                                "consommation_kwh", "annee_reference", "consommation_reference_kwh"]

    public struct Line: Sendable, Equatable {
        public var building: Building
        public var year: Int
        public var carrier: EnergyCarrier
        public var kWh: Double
        public var referenceYear: Int?
        /// The reference year's consumption of the same energy (nil when the building used none of it then).
        public var referenceKWh: Double?
    }

    /// The lines for `year` (by default the latest year any subject building has), the buildings under 1,000 m²
    /// and those without consumption that year left out and counted.
    public static func lines(_ buildings: [Building], year: Int?, profiles: [String: WorksProfile], climate: ClimateTable)
        -> (year: Int?, lines: [Line], notSubject: Int, withoutYear: [String]) {
        let subject = buildings.filter { DecretTertiaire.applies(toArea: $0.area) }
        guard let year = year ?? subject.flatMap(\.consumptions).map(\.year).max() else { return (nil, [], buildings.count - subject.count, subject.map(\.id)) }
        var lines: [Line] = [], missing: [String] = []
        for b in subject {
            var byCarrier: [EnergyCarrier: Double] = [:]
            for c in b.consumptions where c.year == year { byCarrier[c.carrier, default: 0] += c.kWh }
            if byCarrier.isEmpty { missing.append(b.id); continue }
            let reference = TertiaryTrajectory.of(b, climate: climate, referenceYear: profiles[b.id]?.referenceYear).reference?.year
            for (carrier, kWh) in byCarrier.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                let ref = reference.map { y in b.consumptions.filter { $0.year == y && $0.carrier == carrier }.reduce(0) { $0 + $1.kWh } }
                lines.append(Line(building: b, year: year, carrier: carrier, kWh: kWh, referenceYear: reference, referenceKWh: ref == 0 ? nil : ref))
            }
        }
        return (year, lines, buildings.count - subject.count, missing)
    }
}
