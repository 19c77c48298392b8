import Validation

/// `POST /validateur`: the report of a file checked against a standard, each problem located.
struct ValidationReportPage {
    static let template = "validateur-rapport"

    struct IssueView {
        let line: String, column: String, field: String, message: String, hint: String
        let warning: Bool
        /// Validata's title for the same problem, shown on hover.
        let validata: String
    }

    let schema: String
    let version: String
    let source: String
    let file: String
    let rows: String
    let encoding: String
    let separator: String
    let valid: Bool
    let count: String
    /// "3 avertissement(s)", when there are: what Validata warns about, which does not make the file invalid.
    let warnings: String?
    let issues: [IssueView]
    let hasIssues: Bool
    let notChecked: String?
    let deviations: [String]
    let recordedFor: String?
    /// How the standard was chosen, when it was recognised from the header.
    let detected: String?
    /// Another standard the header resembles more than the one chosen.
    let resembles: String?

    init(_ report: ValidationReport, file: String, recordedFor: String?) {
        let schema = report.schema
        self.schema = schema.title
        version = schema.version
        source = schema.source
        self.file = file
        rows = Format.integer(report.rows)
        encoding = report.encoding
        separator = report.separator
        valid = report.isValid
        count = Format.integer(report.errors)
        warnings = report.warnings == 0 ? nil : "\(Format.integer(report.warnings)) avertissement(s), qui ne rendent pas le fichier non conforme."
        issues = report.issues.map {
            IssueView(line: $0.line.map(String.init) ?? "—", column: $0.column.map(String.init) ?? "—", field: $0.field ?? "—",
                      message: $0.message, hint: $0.hint, warning: $0.severity == .warning, validata: $0.validata)
        }
        hasIssues = !report.issues.isEmpty
        notChecked = schema.notChecked.isEmpty ? nil : schema.notChecked.joined(separator: ", ")
        deviations = schema.deviations
        self.recordedFor = recordedFor
        let found = Resemblance(schema: schema, header: report.header).matched
        detected = report.detected ? "Standard reconnu d'après l'en-tête du fichier : \(found) de ses \(schema.fields.count) colonnes y sont." : nil
        resembles = Self.resemblance(report)
    }

    /// "Ce fichier ressemble au standard Subventions 2.1.1 : …", said when the header holds a larger share of
    /// another standard's fields than of the chosen one's.
    static func resemblance(_ report: ValidationReport) -> String? {
        report.resembles.map { other in
            let chosen = Resemblance(schema: report.schema, header: report.header)
            return "Ce fichier ressemble au standard \(other.schema.title) \(other.schema.version) : \(other.matched) de ses \(other.schema.fields.count) colonnes sont dans l'en-tête, "
                + "contre \(chosen.matched) des \(report.schema.fields.count) du standard \(report.schema.title) choisi. Vérifiez le standard avant de corriger le fichier."
        }
    }
}

/// `POST /api/v1/validation/{schema}`: the same report as JSON.
struct ValidationReportDTO: Encodable {
    struct Issue: Encodable {
        let kind: String
        /// "erreur" or "avertissement" (Validata's severities: only errors make a file invalid).
        let severity: String
        let line: Int?, column: Int?, field: String?, message: String, hint: String
        /// Validata's title for the same problem, to match both reports.
        let validataTitle: String
    }
    let schema: String, version: String, valid: Bool, rows: Int, encoding: String, separator: String, issues: [Issue]
    let warnings: Int
    let notChecked: [String]
    let recorded: Bool
    /// A standard the file's header resembles more than the one asked for, with what it has of it.
    let resembles: String?

    init(_ report: ValidationReport, recorded: Bool) {
        let schema = report.schema
        (self.schema, version, valid, rows) = (schema.name, schema.version, report.isValid, report.rows)
        (encoding, separator, warnings, notChecked) = (report.encoding, report.separator, report.warnings, schema.notChecked)
        issues = report.issues.map {
            Issue(kind: $0.kind.rawValue, severity: $0.severity == .error ? "erreur" : "avertissement", line: $0.line, column: $0.column,
                  field: $0.field, message: $0.message, hint: $0.hint, validataTitle: $0.validata)
        }
        self.recorded = recorded
        resembles = ValidationReportPage.resemblance(report)
    }
}
