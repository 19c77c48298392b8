import Accounts
import Foundation
import Referential
import Renovation

/// What the demo invites its visitor to do next: sign in, import the collectivité's own inventory (its agents
/// and referents), or read it (its elected officials); the operator, who owns no buildings, is invited to nothing.
enum DemoInvitation: String, Sendable {
    case signIn, importOwn, readOwn, none

    init(_ user: User?) {
        guard let user else { self = .signIn; return }
        self = user.canWrite(user.owner) ? .importOwn : user.role == .operateur ? .none : .readOwn
    }
}

/// The view models of the rénovation pages: numbers formatted the French way, labels in plain words.
enum RenovationFormat {
    static func int(_ x: Double) -> String { Format.integer(Int(x.rounded())) }
    static func decimal(_ x: Double, _ digits: Int = 1) -> String { Format.decimal(x, decimals: digits) }
    static func percent(_ x: Double) -> String { "\(Int((x * 100).rounded())) %" }
}

struct InventoryPage {
    struct Row {
        let rank: String, id: String, name: String, href: String, commune: String, usage: String, area: String
        let intensity: String, label: String, provenance: String, provenanceClass: String, score: String, why: [String]
        let interval: String?, ratio: String?
    }
    struct Weight { let key: String, label: String, value: String }
    struct Option { let value: String, label: String, selected: Bool }

    let title: String
    let isDemo: Bool
    let canImport: Bool
    let inviteSignIn: Bool, inviteImport: Bool, inviteRead: Bool
    let base: String
    /// Counts written with their thousands separated, as every figure of the page.
    let count: String
    let listed: String
    let total: String
    let rows: [Row]
    let truncated: Bool
    let isEmpty: Bool
    let weights: [Weight]
    /// The weights of the query that were not used, and what was used instead.
    let refusedWeights: [String]
    let usages: [Option]
    let labels: [Option]
    let provenances: [Option]
    let communes: [Option]
    let query: String
    /// The collectivité the operator is looking at, kept by the filter form.
    let collectivite: String?
    let map: String?
    let mapNote: String?
    let measured: String, estimated: String, fromDPE: String
    let modelMissing: Bool
    let absent: [String]
}

struct BuildingPage {
    struct Line { let label: String, value: String }
    struct Reason { let text: String }
    let name: String
    let isDemo: Bool
    let base: String
    let provenance: String
    let provenanceClass: String
    let isEstimate: Bool
    let identity: [Line]
    let figures: [Line]
    let notes: [String]
    let label: String
    let labelScale: String
    let estimate: String?
    let interval: String?
    let reasons: [Reason]
    let flag: String?
    let rank: String
    let of: String
    let score: String
    let why: [String]
    let benchmarks: [Line]
    let decret: String
}

struct ImportPage {
    struct Problem { let line: String, column: String, value: String, reason: String, hint: String }
    struct Column { let index: Int, header: String, options: [InventoryPage.Option], unit: String }
    struct Preview { let id: String, name: String, commune: String, usage: String, area: String, consumption: String }
    struct Word { let index: Int, word: String, count: Int, rows: String, options: [InventoryPage.Option] }

    /// Columns whose mapping the page carries (a wider file is read with its automatic mapping beyond).
    static let mappedColumns = 200

    var hasReport = false
    var fileError: String?
    var file = ""
    /// "CSV (UTF-16 LE, séparateur tabulation)" or "classeur Excel (.xlsx)".
    var format = ""
    var headerRow = 1
    var rows = 0
    var valid = false
    var errors: [Problem] = []
    var warnings: [Problem] = []
    var notes: [String] = []
    var columns: [Column] = []
    var words: [Word] = []
    var preview: [Preview] = []
    var buildingCount = 0
    var measuredCount = 0
    /// The conversions applied, joined ("1 MWh = 1 000 kWh ; …"), nil when none.
    var conversions: String?
    var content = ""
    var csrf: String?
    var existing = 0 { didSet { hasExisting = existing > 0 } }
    // Stored, not computed: the templates see stored properties only.
    var hasExisting = false
    var errorCount = 0
    var warningCount = 0
    var hasWarnings = false

    /// The upload form, with what was wrong with the last file sent, if anything.
    static func form(existing: Int, csrf: String?, fileError: String? = nil, filename: String = "") -> ImportPage {
        var page = ImportPage()
        page.existing = existing
        page.csrf = csrf
        page.fileError = fileError
        page.file = filename
        return page
    }

    init() {}

    init(report: BuildingImport.Report, referential: Referential, content: String, csrf: String?, existing: Int) {
        hasReport = true
        file = report.file
        format = report.format == .xlsx ? "classeur Excel (.xlsx)" : "CSV (encodage \(report.encoding))"
        headerRow = report.headerRow
        rows = report.rows
        valid = report.isValid
        errors = report.errors.map(Self.problem)
        warnings = report.warnings.map(Self.problem)
        (errorCount, warningCount, hasWarnings) = (errors.count, warnings.count, !warnings.isEmpty)
        notes = report.notes
        columns = report.columns.prefix(Self.mappedColumns).map { c in
            .init(index: c.index, header: c.header,
                  options: [.init(value: "", label: "— ignorer —", selected: c.field == nil)]
                    + BuildingImport.Field.allCases.map { .init(value: $0.rawValue, label: $0.label, selected: c.field == $0) },
                  unit: [c.unit.map(\.conversion), c.year.map { "année \($0)" }].compactMap { $0 }.joined(separator: " ; "))
        }
        words = report.inferredUsages.enumerated().compactMap { k, u in
            guard let word = u.word else { return nil }
            return Word(index: k, word: word, count: u.rows.count,
                        rows: u.rows.prefix(5).map(String.init).joined(separator: ", ") + (u.rows.count > 5 ? "…" : ""),
                        options: Usage.allCases.map { .init(value: $0.rawValue, label: $0.label, selected: $0 == u.usage) })
        }
        preview = report.buildings.prefix(20).map { b in
            let commune = referential.communeLabel(b.communeCode) + (b.communePart.map { " — " + referential.communeLabel($0) } ?? "")
            return .init(id: b.id, name: b.name, commune: commune, usage: b.usage.label, area: RenovationFormat.int(b.area),
                         consumption: b.consumptions.isEmpty ? "aucune (sera estimée)"
                            : b.consumptions.map { "\($0.carrier.label) \($0.year) : \(RenovationFormat.int($0.kWh)) kWh" }.joined(separator: " ; "))
        }
        buildingCount = report.buildings.count
        measuredCount = report.measured
        conversions = report.conversions.isEmpty ? nil : report.conversions.joined(separator: " ; ")
        self.content = content
        self.csrf = csrf
        self.existing = existing
    }

    static func problem(_ p: BuildingImport.Problem) -> Problem {
        var column = "—"
        if let c = p.column { column = p.header.map { "\(c) (\($0))" } ?? String(c) }
        let line = p.line.map { line in p.textLine.map { "\(line) (ligne \($0) du texte)" } ?? String(line) } ?? "—"
        return Problem(line: line, column: column, value: p.value ?? "", reason: p.reason, hint: p.hint)
    }
}
