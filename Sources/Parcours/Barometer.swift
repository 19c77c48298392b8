/// The strata of the national barometer, so results compare with the national survey.
public enum Stratum: String, Sendable, CaseIterable, Codable {
    case communeMoins3500, commune3500a10000, commune10000a100000, communePlus100000, epci

    public init(_ profile: Profile) {
        switch (profile.isCommune, profile.population) {
        case (false, _): self = .epci
        case (true, ..<3_500): self = .communeMoins3500
        case (true, ..<10_000): self = .commune3500a10000
        case (true, ..<100_000): self = .commune10000a100000
        default: self = .communePlus100000
        }
    }

    public var label: String {
        switch self {
        case .communeMoins3500: "Communes de moins de 3 500 habitants"
        case .commune3500a10000: "Communes de 3 500 à 10 000 habitants"
        case .commune10000a100000: "Communes de 10 000 à 100 000 habitants"
        case .communePlus100000: "Communes de plus de 100 000 habitants"
        case .epci: "Intercommunalités"
        }
    }
}

/// Aggregates of many collectivités' results, by stratum. A group of fewer than `minimumGroup` collectivités is
/// never shown, so that no single collectivité's answers can be read from it.
public enum Barometer {
    public static let minimumGroup = 5

    public struct Group: Sendable, Equatable {
        public let stratum: Stratum
        public let count: Int
        /// Mean score per dimension and global, over the group.
        public let meanScores: [Dimension: Double]
        public let meanGlobal: Double
        public let levels: [MaturityLevel: Int]
    }

    /// The groups with enough members; strata with fewer are left out entirely.
    public static func groups(_ results: [(Stratum, DiagnosticResult)]) -> [Group] {
        Stratum.allCases.compactMap { stratum in
            let members = results.filter { $0.0 == stratum }.map(\.1)
            guard members.count >= minimumGroup else { return nil }
            let n = Double(members.count)
            var means: [Dimension: Double] = [:]
            for d in Dimension.allCases { means[d] = members.reduce(0) { $0 + $1.score(d) } / n }
            var levels: [MaturityLevel: Int] = [:]
            for m in members { levels[m.level, default: 0] += 1 }
            return Group(stratum: stratum, count: members.count, meanScores: means,
                         meanGlobal: members.reduce(0) { $0 + $1.global } / n, levels: levels)
        }
    }
}
