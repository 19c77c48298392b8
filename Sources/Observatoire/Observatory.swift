import Foundation
import Referential

/// A figure as the dashboard shows it.
public enum Value: Sendable, Equatable {
    case value(Double)
    /// The producer hides it (statistical secrecy).
    case secret
    /// The source does not cover it (commune created or merged after the vintage, or a value that cannot be
    /// computed for a group).
    case unavailable

    public var number: Double? {
        if case .value(let v) = self { return v }
        return nil
    }
}

/// The levels a commune is compared with.
public enum Level: Sendable, Hashable {
    case epci(String), departement(String), region(String), france
}

/// Every indicator computed for every commune and every EPCI, département, région and France, with the
/// distributions among all communes and among Petites Villes de Demain, and the peer index. Built once from
/// the source table; read-only afterwards.
public struct Observatory: Sendable {
    public let referential: Referential
    public let indicators: [Indicator]
    public let peers: PeerIndex
    let indicatorIndex: [String: Int]
    /// `values[i][c]`: indicator i for commune c (index in `referential.communes`); NaN when not a value.
    private let values: [[Double]]
    private let states: [[SourceTable.State]]
    let groups: [Level: Int]
    /// `groupValues[i][g]`: indicator i for group g, nil when it cannot be computed.
    let groupValues: [[Double?]]
    /// `groupCoverage[i][g]`: how many of the group's communes entered the computation, out of how many.
    private let groupCoverage: [[(used: Int, total: Int)]]
    private let sortedAll: [[Double]]
    private let sortedPVD: [[Double]]
    let pvdIndices: [Int]

    public init(referential: Referential, table: SourceTable, indicators: [Indicator] = Catalogue.indicators) {
        self.referential = referential
        self.indicators = indicators
        indicatorIndex = Dictionary(uniqueKeysWithValues: indicators.enumerated().map { ($1.id, $0) })
        let communes = referential.communes
        let n = communes.count

        // Align the source columns on the referential's communes.
        let rowOf = Dictionary(uniqueKeysWithValues: table.codes.enumerated().map { ($1, $0) })
        let rows = communes.map { rowOf[$0.code] }
        func column(_ variable: String) -> SourceTable.Column {
            guard let source = table.columns[variable] else { return SourceTable.Column(count: n) }
            var aligned = SourceTable.Column(count: n)
            for (c, row) in rows.enumerated() {
                guard let row else { continue }
                aligned.values[c] = source.values[row]
                aligned.states[c] = source.states[row]
            }
            return aligned
        }
        var columns: [String: SourceTable.Column] = [:]
        for indicator in indicators { for v in indicator.formula.variables where columns[v] == nil { columns[v] = column(v) } }

        // Groups: each commune belongs to one EPCI (or none), one département, one région, and France.
        var groups: [Level: Int] = [.france: 0]
        for e in referential.epcis { groups[.epci(e.siren)] = groups.count }
        for d in referential.departements { groups[.departement(d.code)] = groups.count }
        for r in referential.regions { groups[.region(r.code)] = groups.count }
        let membership: [[Int]] = communes.map { c in
            var g = [0]
            if let e = c.epciSiren, let i = groups[.epci(e)] { g.append(i) }
            if let i = groups[.departement(c.departementCode)] { g.append(i) }
            if let i = groups[.region(c.regionCode)] { g.append(i) }
            return g
        }
        var groupTotals = Array(repeating: 0, count: groups.count)
        for m in membership { for g in m { groupTotals[g] += 1 } }
        self.groups = groups

        var values: [[Double]] = []
        var states: [[SourceTable.State]] = []
        var groupValues: [[Double?]] = []
        var groupCoverage: [[(Int, Int)]] = []
        for indicator in indicators {
            let variables = indicator.formula.variables
            let cols = variables.map { columns[$0]! }
            var v = Array(repeating: Double.nan, count: n)
            var s = Array(repeating: SourceTable.State.absent, count: n)
            var sums = Array(repeating: Array(repeating: 0.0, count: variables.count), count: groups.count)
            var used = Array(repeating: 0, count: groups.count)
            for c in 0..<n {
                var state = SourceTable.State.value
                for col in cols where col.states[c] != .value {
                    // Absent wins over secret: if the commune is not in the source, secrecy is not the reason.
                    state = max(state.rawValue, col.states[c].rawValue) == 2 ? .absent : .secret
                }
                guard state == .value else { s[c] = state; continue }
                if let x = indicator.formula.evaluate({ name in cols[variables.firstIndex(of: name)!].values[c] }) {
                    v[c] = x
                    s[c] = .value
                } else {
                    s[c] = .absent
                }
                if indicator.formula.isAdditive {
                    for g in membership[c] {
                        used[g] += 1
                        for k in variables.indices { sums[g][k] += cols[k].values[c] }
                    }
                }
            }
            values.append(v)
            states.append(s)
            groupValues.append((0..<groups.count).map { g in
                guard indicator.formula.isAdditive, used[g] > 0 else { return nil }
                return indicator.formula.evaluate { sums[g][variables.firstIndex(of: $0)!] }
            })
            groupCoverage.append((0..<groups.count).map { (used[$0], groupTotals[$0]) })
        }
        self.values = values
        self.states = states
        self.groupValues = groupValues
        self.groupCoverage = groupCoverage
        let pvd = communes.indices.filter { communes[$0].isPVD }
        pvdIndices = pvd
        sortedAll = values.map { $0.filter { !$0.isNaN }.sorted() }
        sortedPVD = values.map { v in pvd.map { v[$0] }.filter { !$0.isNaN }.sorted() }
        peers = PeerIndex(referential: referential, values: values, indicatorIndex: self.indicatorIndex)
    }

    public func indicator(_ id: String) -> Indicator? { indicatorIndex[id].map { indicators[$0] } }

    private func communeIndex(_ code: String) -> Int? { referential.communeIndex(code) }

    public func value(_ indicatorID: String, commune code: String) -> Value {
        guard let i = indicatorIndex[indicatorID], let c = communeIndex(code) else { return .unavailable }
        switch states[i][c] {
        case .value: return .value(values[i][c])
        case .secret: return .secret
        case .absent: return .unavailable
        }
    }

    public func value(_ indicatorID: String, level: Level) -> Value {
        guard let i = indicatorIndex[indicatorID], let g = groups[level], let v = groupValues[i][g] else { return .unavailable }
        return .value(v)
    }

    /// How many communes of the group entered the computation (the others are secret or absent), out of all.
    public func coverage(_ indicatorID: String, level: Level) -> (used: Int, total: Int)? {
        guard let i = indicatorIndex[indicatorID], let g = groups[level] else { return nil }
        return groupCoverage[i][g]
    }

    public func pvdMedian(_ indicatorID: String) -> Double? {
        guard let i = indicatorIndex[indicatorID] else { return nil }
        return Self.median(sortedPVD[i])
    }

    public func median(_ indicatorID: String) -> Double? {
        guard let i = indicatorIndex[indicatorID] else { return nil }
        return Self.median(sortedAll[i])
    }

    static func median(_ sorted: [Double]) -> Double? {
        guard !sorted.isEmpty else { return nil }
        let mid = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
    }

    public enum Population: Sendable { case all, pvd }

    /// The share (0-100) of communes of the population with a lower value, counting ties as half.
    public func percentile(_ indicatorID: String, of value: Double, among population: Population) -> Double? {
        guard let i = indicatorIndex[indicatorID] else { return nil }
        let sorted = population == .all ? sortedAll[i] : sortedPVD[i]
        guard !sorted.isEmpty else { return nil }
        return Self.percentile(of: value, in: sorted)
    }

    /// The values of every commune for an indicator (NaN when not a value), in referential order.
    public func column(_ indicatorID: String) -> [Value] {
        guard let i = indicatorIndex[indicatorID] else { return [] }
        return referential.communes.indices.map { c in
            switch states[i][c] {
            case .value: .value(values[i][c])
            case .secret: .secret
            case .absent: .unavailable
            }
        }
    }

    /// Class breaks at the quantiles of the given values (classes of equal counts), at most `classes` classes.
    public static func quantileBreaks(_ values: [Double], classes: Int) -> [Double] {
        let sorted = values.filter { !$0.isNaN }.sorted()
        guard sorted.count >= 2, classes >= 2 else { return [] }
        var breaks: [Double] = []
        for k in 1..<classes {
            let b = sorted[min(sorted.count - 1, sorted.count * k / classes)]
            if breaks.last != b && b > sorted.first! { breaks.append(b) }
        }
        return breaks
    }

    static func lowerBound(_ sorted: [Double], _ value: Double) -> Int {
        var low = 0, high = sorted.count
        while low < high {
            let mid = (low + high) / 2
            if sorted[mid] < value { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
