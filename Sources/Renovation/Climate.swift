/// Heating degree-days (base 18 °C) per département and year, and the climate zone: to correct heating
/// consumption for the weather and to feed the model.
public struct ClimateTable: Sendable, Equatable {
    public struct Departement: Sendable, Equatable {
        /// Complete years only.
        public let degreeDays: [Int: Double]
        public let coolingDegreeDays: [Int: Double]
        /// "H1a" … "H3".
        public let zone: String?
        /// The 2019-2023 mean: the reference the correction brings every year to.
        public let reference: Double?
        public let coolingReference: Double?

        public init(degreeDays: [Int: Double], coolingDegreeDays: [Int: Double], zone: String?) {
            self.degreeDays = degreeDays
            self.coolingDegreeDays = coolingDegreeDays
            self.zone = zone
            func mean(_ values: [Int: Double]) -> Double? {
                let years = (2019...2023).compactMap { values[$0] }
                return years.count == 5 ? years.reduce(0, +) / 5 : nil
            }
            reference = mean(degreeDays)
            coolingReference = mean(coolingDegreeDays)
        }
    }

    public let departements: [String: Departement]
    public static let source = "DJU base 18 °C par département, calculés d'après les températures quotidiennes départementales (ODRÉ, RTE/GRTgaz), 2018-2024 ; zones climatiques RT2012"

    /// Per département, the climate as the model reads it: reference degree-days, cooling reference and zone
    /// (H1 → 1, H2 → 2, H3 → 3), NaN when unknown. Plain numbers: a lookup for each building of a national
    /// ranking copies no dictionary.
    let modelVariables: [String: SIMD4<Double>]

    public init(departements: [String: Departement]) {
        self.departements = departements
        modelVariables = departements.mapValues { d in
            let zone: Double = switch d.zone?.prefix(2) { case "H1": 1; case "H2": 2; case "H3": 3; default: .nan }
            return SIMD4(d.reference ?? .nan, d.coolingReference ?? .nan, zone, 0)
        }
    }

    /// The factor bringing `year`'s heating to a reference-climate year, nil when the year is not covered.
    public func correction(departement: String, year: Int) -> (factor: Double, dju: Double, reference: Double)? {
        guard let d = departements[departement], let dju = d.degreeDays[year], let reference = d.reference, dju > 0 else { return nil }
        return (reference / dju, dju, reference)
    }
}
