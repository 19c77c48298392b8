import Accounts
import Parcours
import Referential

/// `/operateur/diagnostics`: every collectivité's diagnostic, complete or not (the programme routes help from it).
struct OperatorDiagnosticsPage {
    static let template = "operateur-diagnostics"

    struct Row { let territory: String, stratum: String, respondents: Int, level: String, global: String, scores: [String], rules: String }

    let version: String
    let dimensions: [String]
    let rows: [Row]

    init(version: String, entries: [CollectiveDiagnostic.Entry], referential: Referential) {
        self.version = version
        dimensions = Dimension.allCases.map(\.rawValue)
        rows = entries.map { entry in
            Row(territory: Owner(entry.owner).map(referential.ownerLabel) ?? entry.owner, stratum: entry.stratum.label, respondents: entry.respondents,
                level: entry.result.isComplete ? entry.result.level.label : "diagnostic incomplet",
                global: Format.decimal(entry.result.global, decimals: 0),
                scores: Dimension.allCases.map { entry.result.scores[$0].map { Format.decimal($0, decimals: 0) } ?? "—" },
                rules: entry.result.recommendations.map(\.id).joined(separator: ", "))
        }
    }
}
