import Referential

/// The use case "an intercommunalité's dashboard": every indicator for the EPCI as a whole, compared with the
/// département and the région of its seat, France and the EPCI of its size class, and its member communes
/// side by side. Computed from the `Observatory`, written as a page, a CSV or JSON by the web layer.
public struct EPCIDashboard: Sendable {
    /// How many member communes entered a group value, out of all: said when some are left out (secret or absent).
    public struct Coverage: Sendable, Equatable {
        public let used: Int
        public let total: Int
    }

    public struct Line: Sendable {
        public let indicator: Indicator
        public let value: Value
        /// nil when every member entered the value (or when there is no value to qualify).
        public let coverage: Coverage?
        /// Département (the seat's), région, France, in that order.
        public let comparisons: [Dashboard.Comparison]
        public let standing: EPCIStanding?
        /// The members' values, in the order of `members`.
        public let members: [Value]
    }

    public let epci: EPCI
    public let departement: Departement?
    public let region: Region?
    public let sizeClass: SizeClass
    /// In the order of the referential.
    public let members: [Commune]
    public let lines: [Line]

    /// nil for a SIREN the referential does not have.
    public init?(siren: String, observatory: Observatory) {
        let referential = observatory.referential
        guard let epci = referential.epci(siren) else { return nil }
        self.epci = epci
        departement = referential.departement(epci.departementCode)
        region = departement.flatMap { referential.region($0.regionCode) }
        sizeClass = SizeClass.of(epci.population, in: SizeClass.epcis)
        let members = referential.members(of: epci)
        self.members = members
        var levels: [(String, Level)] = []
        if let departement { levels.append((departement.name, .departement(departement.code))) }
        if let region { levels.append((region.name, .region(region.code))) }
        levels.append(("France", .france))
        lines = observatory.indicators.map { indicator in
            let value = observatory.value(indicator.id, level: .epci(siren))
            let coverage = observatory.coverage(indicator.id, level: .epci(siren)).flatMap { c in
                value.number != nil && c.used < c.total ? Coverage(used: c.used, total: c.total) : nil
            }
            return Line(indicator: indicator, value: value, coverage: coverage,
                        comparisons: levels.map { Dashboard.Comparison(label: $0.0, value: observatory.value(indicator.id, level: $0.1)) },
                        standing: observatory.standing(indicator.id, epci: siren),
                        members: observatory.members(indicator.id, epci: siren).map(\.value))
        }
    }

    /// The line of one indicator, nil for an id the catalogue does not have.
    public func line(_ indicatorID: String) -> Line? { lines.first { $0.indicator.id == indicatorID } }
}
