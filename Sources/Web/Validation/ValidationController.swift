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

    struct CheckView { let day: String, standard: String, file: String, rows: Int, errors: Int, conforms: Bool }

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
        let line: String, column: String, field: String, kind: String, message: String, hint: String
    }

    struct ReportPage {
        let schema: String
        let version: String
        let source: String
        let file: String
        let rows: Int
        let encoding: String
        let separator: String
        let valid: Bool
        let count: Int
        let issues: [IssueView]
        let notChecked: String?
        let deviations: [String]
        let recordedFor: String?
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
            rows: report.rows, errors: report.issues.count, login: user.login, checkedAt: Date().timeIntervalSince1970))
        return true
    }

    static func checkView(_ r: ConformityRecord) -> CheckView {
        CheckView(day: r.checkedOn, standard: "\(r.title) \(r.version)", file: r.file, rows: r.rows, errors: r.errors, conforms: r.conforms)
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
        let schema = try schema(context.form["schema"])
        let bytes: [UInt8], file: String
        if let upload = context.files["fichier"], !upload.bytes.isEmpty {
            (bytes, file) = (upload.bytes, upload.filename.isEmpty ? "fichier.csv" : upload.filename)
        } else if let text = context.form["contenu"], !text.isEmpty {
            (bytes, file) = (Array(text.utf8), "texte collé")
        } else {
            throw WebError.badRequest("Choisissez un fichier CSV ou collez son contenu.")
        }
        let report = try await FileWork.run { Validator.validate(bytes, against: schema, file: file) }
        let recorded = try await record(report, file: file, user: context.user)
        let model = ReportPage(
            schema: schema.title, version: schema.version, source: schema.source, file: file, rows: report.rows, encoding: report.encoding,
            separator: report.separator, valid: report.isValid, count: report.issues.count,
            issues: report.issues.map { .init(line: $0.line.map(String.init) ?? "—", column: $0.column.map(String.init) ?? "—", field: $0.field ?? "—",
                                              kind: $0.kind.rawValue, message: $0.message, hint: $0.hint) },
            notChecked: schema.notChecked.isEmpty ? nil : schema.notChecked.joined(separator: ", "), deviations: schema.deviations,
            recordedFor: recorded ? context.user.map { referential.ownerLabel($0.owner) } : nil)
        return views.page("validateur-rapport", model, title: "Rapport de validation", breadcrumbs: [Link.home, Link(label: "Validateur", href: "/validateur")], sources: [])
    }

    struct ReportDTO: Encodable {
        struct Issue: Encodable { let kind: String, line: Int?, column: Int?, field: String?, message: String, hint: String }
        let schema: String, version: String, valid: Bool, rows: Int, encoding: String, separator: String, issues: [Issue]
        let notChecked: [String]
        let recorded: Bool
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
                                       .init(kind: $0.kind.rawValue, line: $0.line, column: $0.column, field: $0.field, message: $0.message, hint: $0.hint)
                                   }, notChecked: schema.notChecked, recorded: recorded))
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
