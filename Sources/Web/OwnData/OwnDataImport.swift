import Foundation
import Observatoire
import Tabular
import Validation

/// A file of the collectivité's own figures (CSV or Excel), checked against the published Table Schema
/// (`/static/donnees-collectivite.schema.json`) by the validator, then turned into one `OwnSeries` per
/// `indicateur`. Every value of the file ends in a series or in a located message; with one error, no series
/// at all: the page writes nothing.
enum OwnDataImport {
    static let schemaFile = "donnees-collectivite.schema.json"
    static let schemaHref = "/static/\(schemaFile)"

    /// The schema served at `schemaHref`, read from the same file: what is published is what is checked.
    static let schema: TableSchema = {
        let url = Bundle.module.resourceURL!.appendingPathComponent("Public").appendingPathComponent(schemaFile)
        // The file ships with the product and the tests read it: a broken file is a build defect.
        do { return try TableSchema(json: [UInt8](try Data(contentsOf: url)), file: schemaFile) } catch { fatalError("\(error)") }
    }()

    /// What a file gives: the validator's issues and this import's own (errors and warnings), and the series
    /// to save when there is no error.
    struct Outcome {
        var issues: [ValidationIssue]
        var series: [OwnSeries]
        /// The rows read (values), for the page's summary.
        var values: Int
        var errors: Int { issues.count { $0.severity == .error } }
        var isValid: Bool { errors == 0 }
    }

    /// Reads `bytes` for `owner`. A series already kept under the same catalogue key (or, for a free
    /// identifier, the same label) is updated: the file's values replace those of the same period and zone, the
    /// others stay, and it stays private or public as it was.
    static func read(_ bytes: [UInt8], file: String, owner: String, existing: [OwnSeries]) -> Outcome {
        // Only this schema is a candidate: a file of own figures is not compared with the SCDL standards.
        guard let report = Validator.validate(bytes, against: schema, among: [schema], file: file) else {
            return Outcome(issues: [], series: [], values: 0)
        }
        guard report.isValid else { return Outcome(issues: report.issues, series: [], values: 0) }
        let names = Set(schema.fields.map(\.name))
        guard let table = try? TableFile.read(bytes, file: file, header: .best { row in row.count { names.contains($0) } }) else {
            return Outcome(issues: report.issues, series: [], values: 0)
        }
        let column = Dictionary(table.header.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        var issues = report.issues
        func error(_ line: Int, _ field: String, _ message: String, _ hint: String) {
            issues.append(ValidationIssue(kind: .uniqueConstraint, line: line, column: column[field].map { $0 + 1 }, field: field,
                                          message: message, hint: hint, validata: "Valeur incohérente"))
        }

        /// The first row of an indicator gives its label, unit, source and definition; the others must agree.
        struct Draft { var line: Int; var label: String; var unit: String; var source: String; var definition: String
                       var points: [OwnPoint]; var lines: [OwnPoint: Int] }
        var drafts: [(key: String, draft: Draft)] = []
        var values = 0
        for record in table.records {
            func cell(_ name: String) -> String { column[name].map { record[$0].trimmingCharacters(in: .whitespaces) } ?? "" }
            let key = cell("indicateur")
            // Blank rows were reported by the validator (as warnings): nothing to read on them.
            guard !key.isEmpty else { continue }
            values += 1
            // The validator checked both patterns: what it let through reads.
            guard let period = OwnPeriod(cell("periode")), let value = FrenchNumber.parse(cell("valeur")) else {
                error(record.line, "valeur", "valeur ou période illisible", "Écrivez la période comme 2024, 2024-S1, 2024-T2 ou 2024-03 et la valeur comme 12,5.")
                continue
            }
            let point = OwnPoint(period: period, area: cell("zone"), value: value)
            guard let index = drafts.firstIndex(where: { $0.key == key }) else {
                drafts.append((key, Draft(line: record.line, label: cell("libelle"), unit: cell("unite"), source: cell("source"),
                                          definition: cell("definition"), points: [point], lines: [point: record.line])))
                continue
            }
            var draft = drafts[index].draft
            for (field, first) in [("libelle", draft.label), ("unite", draft.unit), ("source", draft.source)] where cell(field) != first {
                error(record.line, field, "« \(cell(field)) » diffère de la ligne \(draft.line) (« \(first) ») pour l'indicateur « \(key) »",
                      "Un indicateur a un seul libellé, une seule unité et une seule source : recopiez ceux de la ligne \(draft.line).")
            }
            if let previous = draft.points.first(where: { $0.period == period && $0.area == point.area }) {
                error(record.line, "periode", "l'indicateur « \(key) » a déjà une valeur pour \(period.label)\(point.area.isEmpty ? "" : " (\(point.area))") à la ligne \(draft.lines[previous] ?? draft.line)",
                      "Gardez une seule ligne par indicateur, période et zone.")
                continue
            }
            if draft.definition.isEmpty { draft.definition = cell("definition") }
            draft.points.append(point)
            draft.lines[point] = record.line
            drafts[index].draft = draft
        }
        guard !issues.contains(where: { $0.severity == .error }) else { return Outcome(issues: issues, series: [], values: values) }

        let series = drafts.map { key, draft in
            let entry = OwnCatalogue.entry(key)
            let known = existing.first { entry != nil ? $0.catalogueKey == key : ($0.catalogueKey == nil && $0.label == draft.label) }
            let replaced = Set(draft.points.map { PeriodArea(period: $0.period, area: $0.area) })
            let kept = (known?.points ?? []).filter { !replaced.contains(PeriodArea(period: $0.period, area: $0.area)) }
            let definition = draft.definition.isEmpty ? (entry?.definition ?? known?.definition ?? "") : draft.definition
            return OwnSeries(id: known?.id ?? 0, owner: owner, catalogueKey: entry?.key, label: draft.label, definition: definition,
                             unit: draft.unit, source: draft.source, isPublic: known?.isPublic ?? false,
                             points: (kept + draft.points).sorted { ($0.period, $0.area) < ($1.period, $1.area) })
        }
        return Outcome(issues: issues, series: series, values: values)
    }

    private struct PeriodArea: Hashable {
        let period: OwnPeriod
        let area: String
    }
}
