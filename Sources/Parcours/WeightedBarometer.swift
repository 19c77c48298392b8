/// The yearly barometer of the note de conjoncture: the answers of the diagnostics submitted in a year, per
/// question, overall and by group, **weighted so that each stratum counts by its national share**.
///
/// Method (said as such on the note): a respondent of stratum s weighs w_s = (N_s ÷ N) ÷ (n_s ÷ n), where N_s is
/// the number of collectivités of the stratum in France (from the referential), n_s the respondents of the
/// stratum, N and n the totals over the strata that have respondents (a stratum nobody answered for cannot be
/// represented: the note says which). A weighted share is Σ weights of those who gave the answer ÷ Σ weights
/// of those who answered the question. The total « hors communes de moins de 3 500 habitants » recomputes the
/// weights without that stratum. Départements and régions reuse the national weights, so each reads with the
/// national mix of sizes. A group with fewer than `Barometer.minimumGroup` respondents is never shown.
public struct WeightedBarometer: Sendable {
    /// One collectivité's submitted diagnostic, as the barometer reads it.
    public struct Respondent: Sendable {
        public let owner: String
        public let stratum: Stratum
        public let departementCode: String
        public let regionCode: String
        public let answers: Answers
        public let result: DiagnosticResult

        public init(owner: String, stratum: Stratum, departementCode: String, regionCode: String, answers: Answers, result: DiagnosticResult) {
            self.owner = owner
            self.stratum = stratum
            self.departementCode = departementCode
            self.regionCode = regionCode
            self.answers = answers
            self.result = result
        }
    }

    /// The groups the note shows.
    public enum Group: Sendable, Hashable {
        case overall
        case overallWithoutSmallCommunes
        case stratum(Stratum)
        case departement(String)
        case region(String)

        public var key: String {
            switch self {
            case .overall: "ensemble"
            case .overallWithoutSmallCommunes: "ensemble_hors_moins_3500"
            case .stratum(let s): s.rawValue
            case .departement(let d): "departement_\(d)"
            case .region(let r): "region_\(r)"
            }
        }
    }

    /// What was answered to a question: one of the four choices (0-3 points), « je ne sais pas », « non concerné ».
    public enum Choice: Sendable, Hashable, Comparable {
        case points(Int), dontKnow, notApplicable

        init(_ answer: Answer) {
            switch answer {
            case .points(let p): self = .points(p)
            case .dontKnow: self = .dontKnow
            case .notApplicable: self = .notApplicable
            }
        }

        private var rank: Int {
            switch self {
            case .points(let p): p
            case .dontKnow: 4
            case .notApplicable: 5
            }
        }

        public static func < (a: Self, b: Self) -> Bool { a.rank < b.rank }
    }

    /// One line of the long table: for a question, a group and an answer.
    public struct Line: Sendable, Equatable {
        public let question: String
        public let group: Group
        public let choice: Choice
        /// Respondents of the group who gave this answer, and who answered the question at all.
        public let count: Int
        public let respondents: Int
        /// Σ of the weights of those who gave this answer.
        public let weight: Double
        /// Weighted share, 0-100.
        public let share: Double
    }

    /// A group's weighted levels (shares 0-100) and mean score per dimension (the average radar).
    public struct Profile: Sendable, Equatable {
        public let group: Group
        public let respondents: Int
        public let levels: [MaturityLevel: Double]
        public let meanScores: [Dimension: Double]
        public let meanGlobal: Double
    }

    public let respondents: Int
    /// The weight of a respondent of each stratum that has respondents (overall, and without small communes).
    public let weights: [Stratum: Double]
    public let weightsWithoutSmallCommunes: [Stratum: Double]
    /// Strata with no respondent: not represented in the weighted totals.
    public let unrepresented: [Stratum]
    public let lines: [Line]
    public let profiles: [Profile]

    /// - Parameters:
    ///   - national: the number of collectivités of each stratum in France.
    ///   - questions: the questions to report, in order (e.g. the barometer questions of the version).
    public init(_ all: [Respondent], national: [Stratum: Int], questions: [Question]) {
        respondents = all.count
        let sample = Dictionary(grouping: all, by: \.stratum).mapValues(\.count)
        unrepresented = Stratum.allCases.filter { sample[$0] == nil }
        weights = Self.weights(sample: sample, national: national, strata: Stratum.allCases)
        weightsWithoutSmallCommunes = Self.weights(sample: sample, national: national,
                                                   strata: Stratum.allCases.filter { $0 != .communeMoins3500 })

        var groups: [(Group, [Respondent], [Stratum: Double])] = [(.overall, all, weights)]
        groups.append((.overallWithoutSmallCommunes, all.filter { $0.stratum != .communeMoins3500 }, weightsWithoutSmallCommunes))
        for s in Stratum.allCases { groups.append((.stratum(s), all.filter { $0.stratum == s }, weights)) }
        for d in Set(all.map(\.departementCode)).sorted() { groups.append((.departement(d), all.filter { $0.departementCode == d }, weights)) }
        for r in Set(all.map(\.regionCode)).sorted() { groups.append((.region(r), all.filter { $0.regionCode == r }, weights)) }
        groups = groups.filter { $0.1.count >= Barometer.minimumGroup }

        var lines: [Line] = []
        for question in questions {
            for (group, members, w) in groups {
                let answered = members.compactMap { m in m.answers.values[question.id].map { (Choice($0), w[m.stratum] ?? 0) } }
                let total = answered.reduce(0) { $0 + $1.1 }
                guard total > 0 else { continue }
                for (choice, given) in Dictionary(grouping: answered, by: \.0).sorted(by: { $0.key < $1.key }) {
                    let weight = given.reduce(0) { $0 + $1.1 }
                    lines.append(Line(question: question.id, group: group, choice: choice, count: given.count, respondents: answered.count,
                                      weight: weight, share: 100 * weight / total))
                }
            }
        }
        self.lines = lines
        profiles = groups.map { group, members, w in
            let total = members.reduce(0) { $0 + (w[$1.stratum] ?? 0) }
            var levels: [MaturityLevel: Double] = [:]
            var scores: [Dimension: Double] = [:]
            var global = 0.0
            for m in members {
                let weight = (w[m.stratum] ?? 0) / total
                levels[m.result.level, default: 0] += 100 * weight
                for d in Dimension.allCases { scores[d, default: 0] += weight * m.result.score(d) }
                global += weight * m.result.global
            }
            return Profile(group: group, respondents: members.count, levels: levels, meanScores: scores, meanGlobal: global)
        }
    }

    /// w_s = (N_s ÷ N) ÷ (n_s ÷ n) over the given strata that have respondents.
    static func weights(sample: [Stratum: Int], national: [Stratum: Int], strata: [Stratum]) -> [Stratum: Double] {
        let represented = strata.filter { (sample[$0] ?? 0) > 0 && (national[$0] ?? 0) > 0 }
        let n = Double(represented.reduce(0) { $0 + sample[$1]! })
        let bigN = Double(represented.reduce(0) { $0 + national[$1]! })
        return Dictionary(uniqueKeysWithValues: represented.map { s in
            (s, (Double(national[s]!) / bigN) / (Double(sample[s]!) / n))
        })
    }

    /// The weighted share of each answer of a question for a group (absent when the group is hidden).
    public func shares(_ question: String, group: Group) -> [Choice: Double] {
        Dictionary(uniqueKeysWithValues: lines.filter { $0.question == question && $0.group == group }.map { ($0.choice, $0.share) })
    }

    /// Year on year, overall: for each question reported both years, the change of each answer's weighted share
    /// in points (an answer given only one year counts 0 the other).
    public func change(since previous: WeightedBarometer) -> [String: [Choice: Double]] {
        let now = Set(lines.map(\.question)), before = Set(previous.lines.map(\.question))
        var result: [String: [Choice: Double]] = [:]
        for question in now.intersection(before) {
            let a = shares(question, group: .overall), b = previous.shares(question, group: .overall)
            var delta: [Choice: Double] = [:]
            for choice in Set(a.keys).union(b.keys) { delta[choice] = (a[choice] ?? 0) - (b[choice] ?? 0) }
            result[question] = delta
        }
        return result
    }
}
