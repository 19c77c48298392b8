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
        router.group().add(middleware: Access(.signedIn, message: "Jeton d'API ou session nécessaire."))
            .get("/api/v1/validation/controles", use: apiChecks)
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

    @Sendable func form(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = recorder(context.user)
        let checks = if let user { try await store.conformity(owner: user.owner.description) } else { [ConformityRecord]() }
        let model = ValidationFormPage(territory: user.map { referential.ownerLabel($0.owner) }, checks: checks, csrf: context.session?.csrfToken)
        return views.page(ValidationFormPage.template, model, title: "Valider un fichier CSV", breadcrumbs: [Link.home], sources: [])
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
        let recorded = try await record(report, file: file, user: context.user)
        let model = ValidationReportPage(report, file: file, recordedFor: recorded ? context.user.map { referential.ownerLabel($0.owner) } : nil)
        return views.page(ValidationReportPage.template, model, title: "Rapport de validation", breadcrumbs: [Link.home, Link(label: "Validateur", href: "/validateur")], sources: [])
    }

    @Sendable func validateAPI(_ request: Request, context: AppRequestContext) async throws -> Response {
        let schema = try schema(context.parameters.get("schema"))
        var request = request
        let body = try await request.collectBody(upTo: context.maxFileSize)
        guard body.readableBytes > 0 else { throw WebError.badRequest("Envoyez le fichier CSV dans le corps de la requête.") }
        let bytes = Array(buffer: body)
        let report = try await FileWork.run { Validator.validate(bytes, against: schema) }
        let recorded = try await record(report, file: "envoi par l'API", user: context.user)
        return try .json(ValidationReportDTO(report, recorded: recorded))
    }

    /// The collectivité's checks, newest first: what feeds its diagnostic (the operator has no collectivité).
    @Sendable func apiChecks(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.signedIn
        guard user.role != .operateur else { throw WebError.notFound("L'opérateur n'a pas de contrôles propres.") }
        return try .json(try await store.conformity(owner: user.owner.description).map(ConformityCheckDTO.init))
    }
}
