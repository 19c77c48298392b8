import Parcours
import Tabular

/// `/parcours/barometre`: complete diagnostics compared by stratum, in groups of five collectivités or more.
struct BarometerPage {
    static let template = "barometre"

    struct GroupView {
        let label: String
        let count: Int
        let global: String
        let levels: String
        let scores: [String]

        init(_ g: Barometer.Group) {
            label = g.stratum.label
            count = g.count
            global = Format.decimal(g.meanGlobal, decimals: 0)
            levels = [MaturityLevel.debutant, .intermediaire, .pionnier].map { "\($0.label) \(g.levels[$0] ?? 0)" }.joined(separator: ", ")
            scores = Dimension.allCases.map { Format.decimal(g.meanScores[$0] ?? 0, decimals: 0) }
        }
    }

    let version: String
    let dimensions: [String]
    let groups: [GroupView]
    let total: Int
    /// The years of the weighted barometer (`/parcours/barometre/{annee}`), latest first.
    let years: [Int]

    init(version: String, groups: [Barometer.Group], respondents: Int, years: [Int]) {
        self.version = version
        dimensions = Dimension.allCases.map(\.rawValue)
        self.groups = groups.map(GroupView.init)
        total = respondents
        self.years = years.reversed()
    }

    /// The barometer as a French Excel CSV: the same groups as the page (never fewer than 5 collectivités).
    static func csv(_ groups: [Barometer.Group]) -> String {
        let header = ["strate", "collectivites", "score_global_moyen", "debutant", "intermediaire", "pionnier"]
            + Dimension.allCases.map { "score_\($0.rawValue)" }
        let rows = groups.map { g -> [FrenchCSV.Cell] in
            [.text(g.stratum.label), .integer(g.count), .number(g.meanGlobal, decimals: 1)]
                + [MaturityLevel.debutant, .intermediaire, .pionnier].map { .integer(g.levels[$0] ?? 0) }
                + Dimension.allCases.map { .number(g.meanScores[$0] ?? 0, decimals: 1) }
        }
        return FrenchCSV.document(header: header, rows: rows)
    }
}
