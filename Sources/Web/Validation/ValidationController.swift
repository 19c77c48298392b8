import Foundation
import Hummingbird
import NIOCore
import Validation

/// `/validateur`: checks a CSV against a local-data standard, as a page (paste the file) and as an API (send
/// the file as the body). Nothing is stored.
struct ValidationController: Sendable {
    let views: Views

    func register(on router: Router<AppRequestContext>) {
        router.get("/validateur", use: form)
        router.post("/validateur", use: validatePage)
        router.post("/api/v1/validation/{schema}", use: validateAPI)
    }

    struct FormPage {
        struct Option { let value: String, label: String }
        let schemas: [Option]
    }

    struct IssueView {
        let line: String, column: String, field: String, kind: String, message: String, hint: String
    }

    struct ReportPage {
        let schema: String
        let version: String
        let source: String
        let rows: Int
        let encoding: String
        let separator: String
        let valid: Bool
        let count: Int
        let issues: [IssueView]
    }

    private func schema(_ name: String?) throws -> TableSchema {
        let known = LocalDataSchemas.all.map(\.name).joined(separator: ", ")
        guard let name, !name.isEmpty else { throw WebError.badRequest("Choisissez un standard : \(known).") }
        guard let schema = LocalDataSchemas.named(name) else {
            throw WebError.notFound("Schéma inconnu « \(name.prefix(30)) » ; schémas connus : \(known).")
        }
        return schema
    }

    @Sendable func form(_ request: Request, context: AppRequestContext) async throws -> Response {
        views.page("validateur", FormPage(schemas: LocalDataSchemas.all.map { .init(value: $0.name, label: "\($0.title) \($0.version)") }),
                   title: "Valider un fichier CSV", breadcrumbs: [Link.home], sources: [])
    }

    @Sendable func validatePage(_ request: Request, context: AppRequestContext) async throws -> Response {
        let schema = try schema(context.form["schema"])
        let text = context.form["contenu"] ?? ""
        guard !text.isEmpty else { throw WebError.badRequest("Collez le contenu du fichier CSV à valider.") }
        let report = Validator.validate(Array(text.utf8), against: schema)
        let model = ReportPage(
            schema: schema.title, version: schema.version, source: schema.source, rows: report.rows, encoding: report.encoding,
            separator: report.separator, valid: report.isValid, count: report.issues.count,
            issues: report.issues.map { .init(line: $0.line.map(String.init) ?? "—", column: $0.column.map(String.init) ?? "—", field: $0.field ?? "—",
                                              kind: $0.kind.rawValue, message: $0.message, hint: $0.hint) })
        return views.page("validateur-rapport", model, title: "Rapport de validation", breadcrumbs: [Link.home, Link(label: "Validateur", href: "/validateur")], sources: [])
    }

    struct ReportDTO: Encodable {
        struct Issue: Encodable { let kind: String, line: Int?, column: Int?, field: String?, message: String, hint: String }
        let schema: String, version: String, valid: Bool, rows: Int, encoding: String, separator: String, issues: [Issue]
    }

    @Sendable func validateAPI(_ request: Request, context: AppRequestContext) async throws -> Response {
        let schema = try schema(context.parameters.get("schema"))
        var request = request
        let body = try await request.collectBody(upTo: context.maxUploadSize)
        let report = Validator.validate(Array(buffer: body), against: schema)
        return try .json(ReportDTO(schema: schema.name, version: schema.version, valid: report.isValid, rows: report.rows, encoding: report.encoding,
                                   separator: report.separator, issues: report.issues.map {
                                       .init(kind: $0.kind.rawValue, line: $0.line, column: $0.column, field: $0.field, message: $0.message, hint: $0.hint)
                                   }))
    }
}
