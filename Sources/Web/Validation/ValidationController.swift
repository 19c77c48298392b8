import Accounts
import Foundation
import Hummingbird
import NIOCore
import Parcours
import Referential
import Validation

/// `/validateur`: checks a CSV against a local-data standard, as a page (upload or paste the file) and as an
/// API (the file as the body). Files are never kept; for a signed-in collectivité the outcome of each check
/// (standard, rows, errors) is, because it feeds the "patrimoine de données" dimension of the diagnostic.
struct ValidationController: Sendable {
    let referential: Referential
    let store: any ConformityStore
    let views: Views

    func register(on router: Router<AppRequestContext>) {
        router.get("/validateur", use: form)
        router.post("/validateur", use: validatePage)
        router.post("/api/v1/validation/{schema}", use: validateAPI)
        router.get("/api/v1/validation/controles", use: apiChecks)
    }

    struct CheckView { let day: String, standard: String, file: String, rows: String, errors: String, conforms: Bool }

    struct FormPage {
        struct Option { let value: String, label: String }
        let schemas: [Option]
        let csrf: String?
        /// The signed-in collectivité's checks (latest first), when there is one.
        let territory: String?
        let checks: [CheckView]
        let hasChecks: Bool
    }

    struct IssueView {
        let line: String, column: String, field: String, message: String, hint: String
        let warning: Bool
        /// Validata's title for the same problem, shown on hover.
        let validata: String
    }

    struct ReportPage {
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

    private func schema(_ name: String?) throws -> TableSchema {
        let known = LocalDataSchemas.all.map(\.name).joined(separator: ", ")
        guard let name, !name.isEmpty else { throw WebError.badRequest("Choisissez un standard : \(known).") }
        guard let schema = LocalDataSchemas.named(name) else {
            throw WebError.notFound("Schéma inconnu « \(name.prefix(30)) » ; schémas connus : \(known).")
        }
        return schema
    }

    /// The collectivité a check is recorded for: a signed-in user who may write for it (the operator has none).
    private func recorder(_ user: User?) -> User? {
        user.flatMap { $0.canWrite($0.owner) ? $0 : nil }
    }

    private func record(_ report: ValidationReport, file: String, user: User?) async throws -> Bool {
        guard let user = recorder(user) else { return false }
        try await store.recordConformity(owner: user.owner.description, ConformityRecord(
            schema: report.schema.name, title: report.schema.title, version: report.schema.version, file: String(file.prefix(200)),
            rows: report.rows, errors: report.errors, login: user.login, checkedAt: Date().timeIntervalSince1970))
        return true
    }

    static func checkView(_ r: ConformityRecord) -> CheckView {
        CheckView(day: r.checkedOn, standard: "\(r.title) \(r.version)", file: r.file, rows: Format.integer(r.rows), errors: Format.integer(r.errors), conforms: r.conforms)
    }

    @Sendable func form(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = recorder(context.user)
        let checks = if let user { try await store.conformity(owner: user.owner.description) } else { [ConformityRecord]() }
        let model = FormPage(schemas: LocalDataSchemas.all.map { .init(value: $0.name, label: "\($0.title) \($0.version)") },
                             csrf: context.session?.csrfToken, territory: user.map { referential.ownerLabel($0.owner) },
                             checks: checks.prefix(20).map(Self.checkView), hasChecks: !checks.isEmpty)
        return views.page("validateur", model, title: "Valider un fichier CSV", breadcrumbs: [Link.home], sources: [])
    }

    @Sendable func validatePage(_ request: Request, context: AppRequestContext) async throws -> Response {
        // No standard chosen (the form's first option): the one the header resembles most.
        let chosen = try context.form["schema"].flatMap { $0.isEmpty ? nil : try self.schema($0) }
        let bytes: [UInt8], file: String
        if let upload = context.files["fichier"], !upload.bytes.isEmpty {
            (bytes, file) = (upload.bytes, upload.filename.isEmpty ? "fichier.csv" : upload.filename)
        } else if let text = context.form["contenu"], !text.isEmpty {
            (bytes, file) = (Array(text.utf8), "texte collé")
        } else {
            throw WebError.badRequest("Choisissez un fichier CSV ou collez son contenu.")
        }
        guard let report = try await FileWork.run({ Validator.validate(bytes, against: chosen, among: LocalDataSchemas.all, file: file) }) else {
            throw WebError.badRequest("Standard non reconnu : l'en-tête du fichier ne contient aucune colonne des standards connus, ou le fichier n'est pas un CSV lisible. Choisissez le standard dans la liste.")
        }
        let schema = report.schema
        let recorded = try await record(report, file: file, user: context.user)
        let found = Resemblance(schema: schema, header: report.header).matched
        let detected = "Standard reconnu d'après l'en-tête du fichier : \(found) de ses \(schema.fields.count) colonnes y sont."
        let model = ReportPage(
            schema: schema.title, version: schema.version, source: schema.source, file: file, rows: Format.integer(report.rows), encoding: report.encoding,
            separator: report.separator, valid: report.isValid, count: Format.integer(report.errors),
            warnings: report.warnings == 0 ? nil : "\(Format.integer(report.warnings)) avertissement(s), qui ne rendent pas le fichier non conforme.",
            issues: report.issues.map { .init(line: $0.line.map(String.init) ?? "—", column: $0.column.map(String.init) ?? "—", field: $0.field ?? "—",
                                              message: $0.message, hint: $0.hint, warning: $0.severity == .warning, validata: $0.validata) },
            hasIssues: !report.issues.isEmpty,
            notChecked: schema.notChecked.isEmpty ? nil : schema.notChecked.joined(separator: ", "), deviations: schema.deviations,
            recordedFor: recorded ? context.user.map { referential.ownerLabel($0.owner) } : nil,
            detected: report.detected ? detected : nil,
            resembles: Self.resemblance(report))
        return views.page("validateur-rapport", model, title: "Rapport de validation", breadcrumbs: [Link.home, Link(label: "Validateur", href: "/validateur")], sources: [])
    }

    struct ReportDTO: Encodable {
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
    }

    @Sendable func validateAPI(_ request: Request, context: AppRequestContext) async throws -> Response {
        let schema = try schema(context.parameters.get("schema"))
        var request = request
        let body = try await request.collectBody(upTo: context.maxFileSize)
        guard body.readableBytes > 0 else { throw WebError.badRequest("Envoyez le fichier CSV dans le corps de la requête.") }
        let bytes = Array(buffer: body)
        let report = try await FileWork.run { Validator.validate(bytes, against: schema) }
        let recorded = try await record(report, file: "envoi par l'API", user: context.user)
        return try .json(ReportDTO(schema: schema.name, version: schema.version, valid: report.isValid, rows: report.rows, encoding: report.encoding,
                                   separator: report.separator, issues: report.issues.map {
                                       .init(kind: $0.kind.rawValue, severity: $0.severity == .error ? "erreur" : "avertissement", line: $0.line, column: $0.column,
                                             field: $0.field, message: $0.message, hint: $0.hint, validataTitle: $0.validata)
                                   }, warnings: report.warnings, notChecked: schema.notChecked, recorded: recorded, resembles: Self.resemblance(report)))
    }

    struct CheckDTO: Encodable {
        let schema: String, version: String, file: String, rows: Int, errors: Int, conforms: Bool, login: String, checkedAt: Date
    }

    /// The collectivité's checks, newest first: what feeds its diagnostic (the operator has no collectivité).
    @Sendable func apiChecks(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let user = context.user else { throw WebError.unauthorized("Jeton d'API ou session nécessaire.") }
        guard user.role != .operateur else { throw WebError.notFound("L'opérateur n'a pas de contrôles propres.") }
        return try .json(try await store.conformity(owner: user.owner.description).map {
            CheckDTO(schema: $0.schema, version: $0.version, file: $0.file, rows: $0.rows, errors: $0.errors, conforms: $0.conforms, login: $0.login,
                     checkedAt: Date(timeIntervalSince1970: $0.checkedAt))
        })
    }
}
