import Foundation
import Synchronization

/// The priority ranking: transparent weighted criteria, each scored 0-1 within the inventory, weights
/// editable; every building gets its score, its rank and a plain-French "why".
public enum Criterion: String, CaseIterable, Codable, Sendable {
    case ecart, consommation, ges, etiquette, surface, age, decret, confiance

    public var label: String {
        switch self {
        case .ecart: "Écart à l'attendu pour ce type de bâtiment"
        case .consommation: "Consommation totale (énergie primaire)"
        case .ges: "Émissions de gaz à effet de serre"
        case .etiquette: "Étiquette énergie"
        case .surface: "Surface"
        case .age: "Ancienneté"
        case .decret: "Soumis au décret tertiaire (≥ 1 000 m²)"
        case .confiance: "Fiabilité des données"
        }
    }

    public var defaultWeight: Double {
        switch self {
        case .ecart: 30
        case .consommation: 20
        case .ges: 15
        case .etiquette: 10
        case .surface: 5
        case .age: 5
        case .decret: 10
        case .confiance: 5
        }
    }

    var index: Int {
        switch self {
        case .ecart: 0
        case .consommation: 1
        case .ges: 2
        case .etiquette: 3
        case .surface: 4
        case .age: 5
        case .decret: 6
        case .confiance: 7
        }
    }

    public static var defaultWeights: [Criterion: Double] { Dictionary(uniqueKeysWithValues: allCases.map { ($0, $0.defaultWeight) }) }
}

/// Everything one ranking computed, in the inventory's order, shared by its rows: a row is a position in these
/// arrays (a row holding its building, its scores and percentiles would cost hundreds of megabytes for a
/// national-size inventory).
final class RankedInventory: Sendable {
    let buildings: [Building]
    let assessments: [Assessment]
    let weights: [Criterion: Double]
    /// Per building: each criterion's score in [0, 1] by `Criterion.index`, the total, and the percentiles.
    let scores: [SIMD8<Double>], totals: [Double]
    let local: [Double?], national: [Double?]

    init(buildings: [Building], assessments: [Assessment], weights: [Criterion: Double], scores: [SIMD8<Double>], totals: [Double],
         local: [Double?], national: [Double?]) {
        self.buildings = buildings
        self.assessments = assessments
        self.weights = weights
        self.scores = scores
        self.totals = totals
        self.local = local
        self.national = national
    }
}

public struct RankedBuilding: Sendable {
    let inventory: RankedInventory
    let index: Int
    public let rank: Int
    public var building: Building { inventory.buildings[index] }
    public var assessment: Assessment { inventory.assessments[index] }
    /// 0-100.
    public var score: Double { inventory.totals[index] }
    /// Percentile of the intensity among buildings of the same usage in the collectivité, and nationally
    /// (cleaned ADEME DPEs of the same usage group).
    public var localPercentile: Double? { inventory.local[index] }
    public var nationalPercentile: Double? { inventory.national[index] }

    public func score(_ criterion: Criterion) -> Double { inventory.scores[index][criterion.index] }

    /// The criteria that weigh most for this building, in plain French, strongest first. Written when asked
    /// (for the rows shown), not for every building of a large inventory.
    public var why: [String] { Ranking.explain(building, assessment, inventory.scores[index], weights: inventory.weights) }
}

/// kWhEP/m² of the cleaned ADEME DPEs, sorted, per usage group: the national reference for percentiles.
public struct NationalReference: Sendable, Codable, Equatable {
    public let intensities: [String: [Double]]

    public init(samples: [(ModelInput, Double)]) {
        var byGroup: [String: [Double]] = [:]
        for (input, v) in samples { byGroup[input.group, default: []].append(v) }
        intensities = byGroup.mapValues { $0.sorted() }
    }

    /// Share of reference DPEs of `group` below `value`; nil with fewer than 10 of them.
    public func percentile(_ value: Double, group: String) -> Double? {
        guard let values = intensities[group], values.count >= 10 else { return nil }
        return Double(Ranking.countBelow(value, in: values)) / Double(values.count)
    }

    public func count(_ group: String) -> Int { intensities[group]?.count ?? 0 }
}

public enum Ranking {
    static func countBelow(_ value: Double, in sorted: [Double]) -> Int {
        var lo = 0, hi = sorted.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if sorted[mid] < value { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// Scores in [0, 1] by rank among the values (ties share the mean rank); nil values score 0.5. One sort of
    /// the present values, then one pass over runs of equal values.
    static func percentileScores(_ values: [Double?]) -> [Double] {
        var present: [(value: Double, index: Int32)] = []
        present.reserveCapacity(values.count)
        for (i, v) in values.enumerated() { if let v { present.append((v, Int32(i))) } }
        var result = [Double](repeating: 0.5, count: values.count)
        guard present.count > 1 else { return result }
        present = RadixSort.sorted(present)
        let last = Double(present.count - 1)
        forEachTie(present) { start, end in
            // `start` values below, `end - start` equal: the mean of their ranks.
            let score = (Double(start) + Double(end - start - 1) / 2) / last
            for k in start..<end { result[Int(present[k].index)] = score }
        }
        return result
    }

    /// Calls `body(start, end)` for each run of equal values of `sorted` (sorted by value).
    static func forEachTie(_ sorted: [(value: Double, index: Int32)], _ body: (Int, Int) -> Void) {
        var start = 0
        while start < sorted.count {
            var end = start + 1
            while end < sorted.count && sorted[end].value == sorted[start].value { end += 1 }
            body(start, end)
            start = end
        }
    }

    /// For each value, the share of the other values of its group strictly below it (nil in a group of one).
    static func shareBelowInGroup(_ values: [Double], groups: [Usage]) -> [Double?] {
        // Groups by the usage's place in `allCases`: no hashing for each of half a million buildings.
        var byGroup = [[(value: Double, index: Int32)]](repeating: [], count: Usage.allCases.count)
        for i in values.indices { byGroup[Usage.allCases.firstIndex(of: groups[i])!].append((values[i], Int32(i))) }
        var result = [Double?](repeating: nil, count: values.count)
        for unsorted in byGroup where unsorted.count >= 2 {
            let members = RadixSort.sorted(unsorted)
            let last = Double(members.count - 1)
            forEachTie(members) { start, end in
                for k in start..<end { result[Int(members[k].index)] = Double(start) / last }
            }
        }
        return result
    }

    /// `assessments[i]` is the assessment of `buildings[i]`.
    public static func rank(_ buildings: [Building], _ assessments: [Assessment], weights: [Criterion: Double], national: NationalReference?) -> [RankedBuilding] {
        precondition(buildings.count == assessments.count)
        let n = buildings.count
        guard n > 0 else { return [] }
        // One pass reads what the criteria need, through a pointer so no building is copied.
        var ratios = [Double?](repeating: nil, count: n), primary = [Double](repeating: 0, count: n), ghgs = [Double?](repeating: nil, count: n)
        var areas = [Double](repeating: 0, count: n), years = [Double?](repeating: nil, count: n), intensities = [Double](repeating: 0, count: n)
        var usages = [Usage](repeating: .autre, count: n), labels = [Double](repeating: 0, count: n), confidence = [Double](repeating: 0, count: n)
        buildings.withUnsafeBufferPointer { b in
            assessments.withUnsafeBufferPointer { a in
                for i in 0..<n {
                    ratios[i] = a[i].ratioToExpected
                    primary[i] = a[i].primaryKWh
                    ghgs[i] = a[i].ghgKg
                    areas[i] = b[i].area
                    years[i] = b[i].constructionYear.map { -Double($0) }
                    intensities[i] = a[i].primaryPerM2
                    usages[i] = b[i].usage
                    labels[i] = Double(LabelScale.letters.firstIndex(of: a[i].label) ?? 3) / 6
                    confidence[i] = a[i].provenance == .mesure ? 1 : a[i].provenance == .dpe ? 0.7 : 0.3
                }
            }
        }
        // The criteria scored by percentile, the percentile within each usage, and the buildings ordered by
        // consumption (the ties of the final order), side by side on all cores.
        let columns: [[Double?]] = [ratios, primary.map { Optional($0) }, ghgs, areas.map { Optional($0) }, years]
        let (intensityValues, usageGroups, primaryValues) = (intensities, usages, primary)
        let scored = Mutex([[Double]](repeating: [], count: columns.count))
        let local = Mutex([Double?]()), consumptionOrder = Mutex([(value: Double, index: Int32)]())
        DispatchQueue.concurrentPerform(iterations: columns.count + 2) { k in
            if k == columns.count {
                let shares = shareBelowInGroup(intensityValues, groups: usageGroups)
                local.withLock { $0 = shares }
            } else if k == columns.count + 1 {
                let sorted = RadixSort.sorted((0..<n).map { (-primaryValues[$0], Int32($0)) })
                consumptionOrder.withLock { $0 = sorted }
            } else {
                let s = percentileScores(columns[k])
                scored.withLock { $0[k] = s }
            }
        }
        let percentiles = scored.withLock { $0 }, localShares = local.withLock { $0 }, byPrimary = consumptionOrder.withLock { $0 }
        let (ratio, total, ghg, area, age) = (percentiles[0], percentiles[1], percentiles[2], percentiles[3], percentiles[4])
        let weightSum = max(weights.values.reduce(0, +), 1e-9)
        var w = SIMD8<Double>()
        for c in Criterion.allCases { w[c.index] = (weights[c] ?? 0) / weightSum * 100 }
        var scores = [SIMD8<Double>](repeating: .zero, count: n), totals = [Double](repeating: 0, count: n)
        for i in 0..<n {
            scores[i] = SIMD8<Double>(ratio[i], total[i], ghg[i], labels[i], area[i], age[i], DecretTertiaire.applies(toArea: areas[i]) ? 1 : 0, confidence[i])
            totals[i] = (scores[i] * w).sum()
        }
        // Highest score first, ties by the larger consumption, then in the inventory's order: a stable radix sort
        // by score of the indices already ordered by consumption (both descending); the buildings are not moved.
        let order = RadixSort.sorted(byPrimary.map { (-totals[Int($0.index)], $0.index) }).map { Int($0.index) }
        // National percentiles only when a reference is loaded (a lookup per building otherwise for nothing).
        let national = national.map { reference in (0..<n).map { reference.percentile(intensities[$0], group: usages[$0].rawValue) } }
            ?? [Double?](repeating: nil, count: n)
        let inventory = RankedInventory(buildings: buildings, assessments: assessments, weights: weights, scores: scores, totals: totals,
                                        local: localShares, national: national)
        return order.enumerated().map { position, i in RankedBuilding(inventory: inventory, index: i, rank: position + 1) }
    }

    static func explain(_ b: Building, _ a: Assessment, _ s: SIMD8<Double>, weights: [Criterion: Double]) -> [String] {
        let weightSum = max(weights.values.reduce(0, +), 1e-9)
        let top = Criterion.allCases.map { ($0, (weights[$0] ?? 0) * s[$0.index] / weightSum * 100) }.filter { $0.1 >= 0.5 }.sorted { $0.1 > $1.1 }.prefix(3)
        return top.map { criterion, points in
            let what: String = switch criterion {
            case .ecart:
                if let r = a.ratioToExpected, let e = a.expected {
                    "consomme \(Figures.decimal(r, 1)) fois ce qu'on attend d'un bâtiment de ce type (\(Figures.integer(a.primaryPerM2)) kWhEP/m² contre \(Figures.integer(e.kWhEPPerM2)) attendus)"
                } else { "pas de consommation mesurée : écart à l'attendu inconnu, compté au milieu" }
            case .consommation: "\(Figures.integer(a.primaryKWh / 1000)) MWh d'énergie primaire par an (\(a.provenance.label))"
            case .ges: a.ghgKg.map { "\(Figures.decimal($0 / 1000, 1)) t de CO₂ par an" } ?? "émissions inconnues, comptées au milieu"
            case .etiquette: "étiquette \(a.label) (\(b.usage.scale.label))"
            case .surface: "\(Figures.integer(b.area)) m²"
            case .age: b.constructionYear.map { "construit en \($0)" } ?? "année de construction inconnue, comptée au milieu"
            case .decret: "soumis au décret tertiaire (\(Figures.integer(b.area)) m² ≥ 1 000 m²)"
            case .confiance:
                switch a.provenance {
                case .mesure: "consommation mesurée (factures, compteurs) : données fiables"
                case .dpe: "consommation d'un DPE existant"
                case .estimation: "consommation estimée seulement"
                }
            }
            return "\(what) : +\(Figures.points(points))"
        }
    }
}

/// A stable least-significant-digit radix sort of (value, index) pairs by value: up to six linear passes of
/// 11 bits instead of n log n comparisons, for the half-million values of a national-size ranking. Doubles are
/// mapped to unsigned integers in the same order (negative values reversed); equal values keep their order.
enum RadixSort {
    static func sorted(_ items: [(value: Double, index: Int32)]) -> [(value: Double, index: Int32)] {
        let n = items.count
        guard n > 64 else { return items.enumerated().sorted { ($0.element.value, $0.offset) < ($1.element.value, $1.offset) }.map(\.element) }
        // Keys with the item's position in its low bits would not fit: keys and positions move side by side,
        // between two buffers of each swapped after every pass.
        var keys = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: n), keysOut = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: n)
        var order = UnsafeMutableBufferPointer<Int32>.allocate(capacity: n), orderOut = UnsafeMutableBufferPointer<Int32>.allocate(capacity: n)
        let counts = UnsafeMutableBufferPointer<Int>.allocate(capacity: 6 * 2048)
        defer { keys.deallocate(); keysOut.deallocate(); order.deallocate(); orderOut.deallocate(); counts.deallocate() }
        counts.initialize(repeating: 0)
        for (i, item) in items.enumerated() {
            let bits = item.value.bitPattern
            keys[i] = bits & (1 << 63) != 0 ? ~bits : bits | (1 << 63)
            order[i] = Int32(i)
            // Every digit's counts in the same reading of the keys.
            for pass in 0..<6 { counts[pass &* 2048 &+ Int((keys[i] >> UInt64(pass &* 11)) & 2047)] &+= 1 }
        }
        for pass in 0..<6 {
            let shift = UInt64(pass * 11), base = pass * 2048
            // A digit the same for every key changes nothing: skip its scatter.
            if counts[base..<base + 2048].contains(n) { continue }
            var total = 0
            for d in base..<base + 2048 { (counts[d], total) = (total, total + counts[d]) }
            for i in 0..<n {
                let slot = base &+ Int((keys[i] >> shift) & 2047)
                let to = counts[slot]
                keysOut[to] = keys[i]
                orderOut[to] = order[i]
                counts[slot] = to &+ 1
            }
            swap(&keys, &keysOut)
            swap(&order, &orderOut)
        }
        return order.map { items[Int($0)] }
    }
}
