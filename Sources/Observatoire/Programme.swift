import Foundation
import Referential

/// A population size class: the communes or EPCI whose population municipale is in `lower..<upper`.
public struct SizeClass: Sendable, Hashable, Identifiable {
    public let lower: Int
    /// nil for the last, open-ended class.
    public let upper: Int?
    public let label: String

    public var id: String { "\(lower)" }

    public func contains(_ population: Int) -> Bool { population >= lower && population < (upper ?? .max) }

    /// The classes of communes: Petites Villes de Demain have up to about 20,000 inhabitants, so the classes are
    /// fine below that.
    public static let communes = make([2_000, 3_500, 5_000, 10_000, 20_000, 50_000])
    /// The classes of EPCI, from the small communautés de communes to the metropolises.
    public static let epcis = make([15_000, 30_000, 50_000, 100_000, 300_000])

    public static func of(_ population: Int, in classes: [SizeClass]) -> SizeClass {
        classes.first { $0.contains(population) } ?? classes[classes.count - 1]
    }

    private static func make(_ bounds: [Int]) -> [SizeClass] {
        func number(_ n: Int) -> String { n.formatted(.number.grouping(.automatic).locale(Locale(identifier: "fr_FR"))) }
        var classes = [SizeClass(lower: 0, upper: bounds[0], label: "moins de \(number(bounds[0])) hab.")]
        for (low, high) in zip(bounds, bounds.dropFirst()) {
            classes.append(SizeClass(lower: low, upper: high, label: "de \(number(low)) à \(number(high)) hab."))
        }
        classes.append(SizeClass(lower: bounds[bounds.count - 1], upper: nil, label: "\(number(bounds[bounds.count - 1])) hab. et plus"))
        return classes
    }
}

/// An EPCI's figure for an indicator beside the other EPCI of its size class.
public struct EPCIStanding: Sendable, Equatable {
    public let value: Value
    public let sizeClass: SizeClass
    /// How many EPCI of the class have a value, and their median.
    public let peersWithValue: Int
    public let peerMedian: Double?
    /// The share (0-100) of the class's EPCI with a lower value, ties counted as half; nil without a value.
    public let percentile: Double?
}

/// What the programme view asks: one indicator over the Petites Villes de Demain, narrowed and sorted.
public struct ProgrammeQuery: Sendable, Equatable {
    public enum Sort: String, Sendable, CaseIterable { case value = "valeur", name = "nom", population }

    public var indicatorID: String
    public var regionCode: String?
    public var departementCode: String?
    public var sizeClass: SizeClass?
    /// Keep communes whose value is within these bounds (inclusive).
    public var minimum: Double?
    public var maximum: Double?
    public var sort: Sort
    public var descending: Bool
    /// Only these communes (the ones an operator accompanies), when given.
    public var communeCodes: Set<String>?

    public init(indicatorID: String, regionCode: String? = nil, departementCode: String? = nil, sizeClass: SizeClass? = nil,
                minimum: Double? = nil, maximum: Double? = nil, sort: Sort = .value, descending: Bool = true,
                communeCodes: Set<String>? = nil) {
        self.indicatorID = indicatorID
        self.regionCode = regionCode
        self.departementCode = departementCode
        self.sizeClass = sizeClass
        self.minimum = minimum
        self.maximum = maximum
        self.sort = sort
        self.descending = descending
        self.communeCodes = communeCodes
    }
}

/// The answer of the programme view: the selected Petites Villes de Demain with their value and their
/// percentile among all PVD, the ones without a value (secret or not covered) counted apart, and the
/// distribution of the values.
public struct ProgrammeTable: Sendable {
    public struct Row: Sendable {
        public let commune: Commune
        public let value: Double
        /// Among all 1,653 PVD, not only the selection: a commune keeps its place whatever the filters.
        public let pvdPercentile: Double
    }

    public struct Bin: Sendable, Equatable {
        public let lower: Double
        public let upper: Double
        public let count: Int
    }

    public let indicator: Indicator
    public let rows: [Row]
    /// Communes of the selection (before the value bounds) without a value: secret or not in the source.
    public let withoutValue: [Commune]
    public let median: Double?
    public let bins: [Bin]
}

extension Observatory {
    /// The EPCI's value and where it stands among the EPCI of its size class.
    public func standing(_ indicatorID: String, epci siren: String) -> EPCIStanding? {
        guard let i = indicatorIndex[indicatorID], let epci = referential.epci(siren), groups[.epci(siren)] != nil else { return nil }
        let sizeClass = SizeClass.of(epci.population, in: SizeClass.epcis)
        let peers = referential.epcis.filter { sizeClass.contains($0.population) }
            .compactMap { groups[.epci($0.siren)].flatMap { groupValues[i][$0] } }
            .sorted()
        let value = value(indicatorID, level: .epci(siren))
        return EPCIStanding(value: value, sizeClass: sizeClass, peersWithValue: peers.count, peerMedian: Self.median(peers),
                            percentile: value.number.map { Self.percentile(of: $0, in: peers) })
    }

    /// The member communes of an EPCI with their value, in the order of the referential.
    public func members(_ indicatorID: String, epci siren: String) -> [(commune: Commune, value: Value)] {
        guard let epci = referential.epci(siren) else { return [] }
        return referential.members(of: epci).map { ($0, value(indicatorID, commune: $0.code)) }
    }

    /// The programme view: every PVD matching the query, with its value, sorted; `bins` classes of equal width
    /// over the selected values.
    public func programme(_ query: ProgrammeQuery, bins binCount: Int = 10) -> ProgrammeTable? {
        guard let indicator = indicator(query.indicatorID) else { return nil }
        var rows: [ProgrammeTable.Row] = []
        var withoutValue: [Commune] = []
        for c in pvdIndices {
            let commune = referential.communes[c]
            if let r = query.regionCode, commune.regionCode != r { continue }
            if let d = query.departementCode, commune.departementCode != d { continue }
            if let s = query.sizeClass, !s.contains(commune.population) { continue }
            if let codes = query.communeCodes, !codes.contains(commune.code) { continue }
            guard let v = value(indicator.id, commune: commune.code).number else {
                withoutValue.append(commune)
                continue
            }
            if let low = query.minimum, v < low { continue }
            if let high = query.maximum, v > high { continue }
            rows.append(.init(commune: commune, value: v, pvdPercentile: percentile(indicator.id, of: v, among: .pvd) ?? 0))
        }
        rows.sort { a, b in
            let (x, y) = query.descending ? (b, a) : (a, b)
            switch query.sort {
            case .value: if x.value != y.value { return x.value < y.value }
            case .population: if x.commune.population != y.commune.population { return x.commune.population < y.commune.population }
            case .name: break
            }
            // Names in French order, ascending whatever the direction, so ties read alphabetically.
            return a.commune.name.compare(b.commune.name, locale: Locale(identifier: "fr_FR")) == .orderedAscending
        }
        let sorted = rows.map(\.value).sorted()
        return ProgrammeTable(indicator: indicator, rows: rows, withoutValue: withoutValue, median: Self.median(sorted),
                              bins: Self.bins(sorted, count: binCount))
    }

    /// Classes of equal width from the smallest to the largest value; the last one includes its upper bound.
    public static func bins(_ sorted: [Double], count: Int) -> [ProgrammeTable.Bin] {
        guard let low = sorted.first, let high = sorted.last, count > 0 else { return [] }
        guard high > low else { return [.init(lower: low, upper: high, count: sorted.count)] }
        let width = (high - low) / Double(count)
        var counts = Array(repeating: 0, count: count)
        for v in sorted { counts[min(count - 1, Int((v - low) / width))] += 1 }
        return counts.enumerated().map { k, n in
            .init(lower: low + Double(k) * width, upper: k == count - 1 ? high : low + Double(k + 1) * width, count: n)
        }
    }

    static func percentile(of value: Double, in sorted: [Double]) -> Double {
        let below = lowerBound(sorted, value)
        var equal = 0
        while below + equal < sorted.count && sorted[below + equal] == value { equal += 1 }
        return 100 * (Double(below) + Double(equal) / 2) / Double(sorted.count)
    }
}
