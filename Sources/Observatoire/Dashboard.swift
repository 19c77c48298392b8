import Referential

/// The use case "a commune's dashboard": every indicator of the commune with its EPCI, département, région
/// and France, the median of the Petites Villes de Demain, the commune's percentiles, its time series and the
/// communes that resemble it. Computed once from the `Observatory`, then written as a page, a portrait, a CSV,
/// JSON or SVG charts by the web layer.
public struct Dashboard: Sendable {
    /// One level the commune is compared with, named as the tables name it.
    public struct Comparison: Sendable, Equatable {
        public let label: String
        public let value: Value
    }

    public struct Line: Sendable {
        public let indicator: Indicator
        public let commune: Value
        /// EPCI (when the commune has one), département, région, France, in that order.
        public let comparisons: [Comparison]
        public let pvdMedian: Double?
        /// Share of the Petites Villes de Demain (of all communes) below the commune, ties counted half, in %.
        public let percentilePVD: Double?
        public let percentileAll: Double?
    }

    /// Indicators measuring the same thing at several dates, with the dates the commune has a value for.
    public struct Series: Sendable {
        public struct Point: Sendable, Equatable {
            public let vintage: String
            public let value: Double
            public let decimals: Int
        }

        /// The series id shared by its indicators.
        public let id: String
        /// The series' first indicator, which names it.
        public let indicator: Indicator
        /// By vintage; two or more.
        public let points: [Point]
    }

    /// A commune that resembles this one, with its values of the features the resemblance is measured on.
    public struct Peer: Sendable {
        public let peer: PeerIndex.Peer
        public let departement: Departement?
        /// In the order of `features`.
        public let values: [Value]
    }

    public let commune: Commune
    public let epci: EPCI?
    public let departement: Departement?
    public let region: Region?
    public let lines: [Line]
    public let series: [Series]
    /// The indicators the peers are compared on (`PeerIndex.features`), and the commune's values of them.
    public let features: [Indicator]
    public let featureValues: [Value]
    public let peersPVD: [Peer]
    public let peersAll: [Peer]
    /// The features the commune has no value for (counted as the mean when looking for peers).
    public let missingFeatures: [String]

    public init(_ commune: Commune, observatory: Observatory) {
        let referential = observatory.referential
        self.commune = commune
        epci = commune.epciSiren.flatMap(referential.epci)
        departement = referential.departement(commune.departementCode)
        region = referential.region(commune.regionCode)
        var levels: [(String, Level)] = []
        if let epci { levels.append((epci.name, .epci(epci.siren))) }
        if let departement { levels.append((departement.name, .departement(departement.code))) }
        if let region { levels.append((region.name, .region(region.code))) }
        levels.append(("France", .france))
        let lines = observatory.indicators.map { indicator in
            let value = observatory.value(indicator.id, commune: commune.code)
            return Line(
                indicator: indicator, commune: value,
                comparisons: levels.map { Comparison(label: $0.0, value: observatory.value(indicator.id, level: $0.1)) },
                pvdMedian: observatory.pvdMedian(indicator.id),
                percentilePVD: value.number.flatMap { observatory.percentile(indicator.id, of: $0, among: .pvd) },
                percentileAll: value.number.flatMap { observatory.percentile(indicator.id, of: $0, among: .all) })
        }
        self.lines = lines
        series = Self.series(lines)
        let features = PeerIndex.features.compactMap { observatory.indicator($0.indicatorID) }
        self.features = features
        featureValues = features.map { observatory.value($0.id, commune: commune.code) }
        func peers(_ population: PeerIndex.Population) -> [Peer] {
            observatory.peers.peers(of: commune.code, among: population).map { peer in
                Peer(peer: peer, departement: referential.departement(peer.commune.departementCode),
                     values: features.map { observatory.value($0.id, commune: peer.commune.code) })
            }
        }
        peersPVD = peers(.pvd)
        peersAll = peers(.all)
        missingFeatures = observatory.peers.missingFeatures(of: commune.code)
    }

    /// The line of one indicator, nil for an id the catalogue does not have.
    public func line(_ indicatorID: String) -> Line? { lines.first { $0.indicator.id == indicatorID } }

    /// The commune's series that have a value at two dates or more, in the catalogue's order.
    static func series(_ lines: [Line]) -> [Series] {
        var result: [Series] = []
        var seen = Set<String>()
        for line in lines {
            guard let id = line.indicator.series, seen.insert(id).inserted else { continue }
            let points = lines.filter { $0.indicator.series == id }
                .compactMap { l in l.commune.number.map { Series.Point(vintage: l.indicator.vintage, value: $0, decimals: l.indicator.decimals) } }
                .sorted { $0.vintage < $1.vintage }
            guard points.count >= 2 else { continue }
            result.append(Series(id: id, indicator: line.indicator, points: points))
        }
        return result
    }
}
