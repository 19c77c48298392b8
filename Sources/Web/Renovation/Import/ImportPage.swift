import Referential
import Renovation
import Tabular

/// `/renovation/import`: the upload form, then the file's check (dry run): the mapping of its columns, the
/// usages read from its words, every problem, a preview; the file is carried in the page while the mapping is adjusted.
struct ImportPage {
    static let template = "renovation-import"

    struct Problem { let line: String, column: String, value: String, reason: String, hint: String }
    struct Column { let index: Int, header: String, options: [Option], unit: String }
    struct Preview { let id: String, name: String, commune: String, usage: String, area: String, consumption: String }
    struct Word { let index: Int, word: String, count: Int, rows: String, options: [Option] }

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

    /// The problems as a French Excel CSV (the form's « problèmes » button).
    static func problemsCSV(_ report: BuildingImport.Report) -> String {
        FrenchCSV.document(header: ["Ligne", "Ligne du texte", "Colonne", "En-tête", "Valeur", "Gravité", "Problème", "Comment corriger"],
                           rows: report.problems.map { p in
                               [p.line.map(FrenchCSV.Cell.integer) ?? .empty, p.textLine.map(FrenchCSV.Cell.integer) ?? .empty,
                                p.column.map(FrenchCSV.Cell.integer) ?? .empty, .text(p.header ?? ""), .text(p.value ?? ""), .text(p.severity.rawValue),
                                .text(p.reason), .text(p.hint)]
                           })
    }
}
