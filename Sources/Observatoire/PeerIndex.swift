import Foundation
import Referential

/// "Communes qui me ressemblent": nearest communes on standardised indicators. Each feature is turned into a
/// z-score over the candidate population (all communes, or the Petites Villes de Demain), sizes and
/// densities on a log scale; the distance is Euclidean with the weights below; a missing value counts as the
/// population's mean and is said so.
public struct PeerIndex: Sendable {
    public struct Feature: Sendable {
        public let indicatorID: String
        public let label: String
        public let logScale: Bool
        public let weight: Double
    }

    public static let features = [
        Feature(indicatorID: "pop_2021", label: "taille", logScale: true, weight: 1.5),
        Feature(indicatorID: "densite_2021", label: "densité", logScale: true, weight: 1),
        Feature(indicatorID: "croissance_2015_2021", label: "évolution de la population", logScale: false, weight: 1),
        Feature(indicatorID: "niveau_vie_median_2019", label: "niveau de vie", logScale: false, weight: 1),
        Feature(indicatorID: "chomage_2021", label: "chômage", logScale: false, weight: 1),
        Feature(indicatorID: "vacance_2018", label: "vacance des logements", logScale: false, weight: 1),
        Feature(indicatorID: "concentration_emploi_2018", label: "concentration d'emploi", logScale: true, weight: 1),
    ]

    public struct Peer: Sendable {
        public let commune: Commune
        public let distance: Double
        /// Features on which the peer is closest (within half a standard deviation), closest first.
        public let alike: [String]
        /// The feature on which it differs most, when it differs by more than one standard deviation.
        public let unlike: String?
    }

    /// One candidate population: its members, the mean and deviation of each feature over them, and the
    /// members' weighted z-scores (`z[c]` empty for communes outside it).
    private struct Space: Sendable {
        let members: [Int]
        let stats: [(mean: Double, sd: Double)]
        let z: [[Double]]
    }

    private let referential: Referential
    /// Raw feature values (log where the feature says so), `columns[f][c]`, NaN when missing.
    private let columns: [[Double]]
    private let all: Space
    private let pvd: Space

    init(referential: Referential, values: [[Double]], indicatorIndex: [String: Int]) {
        self.referential = referential
        let columns = Self.features.map { f -> [Double] in
            guard let i = indicatorIndex[f.indicatorID] else { return Array(repeating: .nan, count: referential.communes.count) }
            return f.logScale ? values[i].map { $0 > 0 ? log($0) : .nan } : values[i]
        }
        self.columns = columns
        func space(_ members: [Int]) -> Space {
            let stats = columns.map { column -> (mean: Double, sd: Double) in
                let present = members.map { column[$0] }.filter { !$0.isNaN }
                guard present.count > 1 else { return (0, 1) }
                let mean = present.reduce(0, +) / Double(present.count)
                let variance = present.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(present.count - 1)
                return (mean, variance > 0 ? variance.squareRoot() : 1)
            }
            var z = Array(repeating: [Double](), count: referential.communes.count)
            for c in members { z[c] = Self.standardise(c, columns, stats) }
            return Space(members: members, stats: stats, z: z)
        }
        all = space(Array(referential.communes.indices))
        pvd = space(referential.communes.indices.filter { referential.communes[$0].isPVD })
    }

    private static func standardise(_ c: Int, _ columns: [[Double]], _ stats: [(mean: Double, sd: Double)]) -> [Double] {
        columns.indices.map { f in
            let x = columns[f][c]
            return x.isNaN ? 0 : (x - stats[f].mean) / stats[f].sd * features[f].weight
        }
    }

    public enum Population: Sendable { case all, pvd }

    /// The features a commune lacks (secret or absent), which the distance treats as average.
    public func missingFeatures(of code: String) -> [String] {
        guard let c = referential.communeIndex(code) else { return [] }
        return Self.features.indices.filter { columns[$0][c].isNaN }.map { Self.features[$0].label }
    }

    /// The `count` nearest communes of the population, the commune itself excluded. A commune outside the
    /// population (the PVD peers of a commune that is not PVD) is standardised with the population's statistics.
    public func peers(of code: String, among population: Population, count: Int = 10) -> [Peer] {
        let space = population == .all ? all : pvd
        guard let c = referential.communeIndex(code) else { return [] }
        let own = space.z[c].isEmpty ? Self.standardise(c, columns, space.stats) : space.z[c]
        var best: [(Double, Int)] = []
        for m in space.members where m != c {
            var d = 0.0
            let z = space.z[m]
            for f in 0..<own.count { d += (own[f] - z[f]) * (own[f] - z[f]) }
            if best.count < count || d < best.last!.0 {
                let position = best.firstIndex { $0.0 > d } ?? best.count
                best.insert((d, m), at: position)
                if best.count > count { best.removeLast() }
            }
        }
        return best.map { d, m in
            let gaps = Self.features.indices.map { f in (f, abs(own[f] - space.z[m][f]) / Self.features[f].weight) }
            let alike = gaps.filter { $0.1 < 0.5 && !columns[$0.0][m].isNaN && !columns[$0.0][c].isNaN }
                .sorted { $0.1 < $1.1 }.map { Self.features[$0.0].label }
            let worst = gaps.max { $0.1 < $1.1 }
            return Peer(commune: referential.communes[m], distance: d.squareRoot(), alike: alike,
                        unlike: worst.flatMap { $0.1 > 1 ? Self.features[$0.0].label : nil })
        }
    }
}
