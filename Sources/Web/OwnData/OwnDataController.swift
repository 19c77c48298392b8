import Accounts
import Foundation
import Hummingbird
import Observatoire
import Referential

/// `/espace/donnees`: a collectivité's own series — listed to its accounts, written by its agents and
/// referents (by hand or from a file checked against the published schema), published when it chooses.
/// Every store call names the caller's collectivité: another one's series id is a 404. The operator owns no
/// series (404). `/api/v1/moi/donnees` answers the same in JSON.
struct OwnDataController: Sendable {
    let referential: Referential
    let store: any OwnSeriesStore
    let views: Views

    static let base = "/espace/donnees"
    private static let title = "Données de la collectivité"

    func register(on router: Router<AppRequestContext>) {
        let readers = router.group().add(middleware: Access(.signedIn, message: "Connectez-vous pour gérer les données de votre collectivité."))
        readers.get(RouterPath(Self.base), use: list)
        readers.post(RouterPath(Self.base), use: create)
        readers.get(RouterPath("\(Self.base)/nouvelle"), use: newForm)
        readers.post(RouterPath("\(Self.base)/import"), use: importFile)
        readers.get(RouterPath("\(Self.base)/{id}"), use: editForm)
        readers.post(RouterPath("\(Self.base)/{id}"), use: save)
        readers.post(RouterPath("\(Self.base)/{id}/publication"), use: publish)
        readers.post(RouterPath("\(Self.base)/{id}/suppression"), use: delete)
        readers.get("/api/v1/moi/donnees", use: apiList)
        readers.post("/api/v1/moi/donnees", use: apiImport)
        router.get("/observatoire/donnees-collectivites/{cle}", use: comparison)
    }

    // MARK: Who

    /// The caller's collectivité, which they may read; the operator has none.
    private func reader(_ context: AppRequestContext) throws -> User {
        let user = try context.signedIn
        guard user.owner != .operateur else { throw WebError.notFound("L'opérateur du programme n'a pas de données propres : elles appartiennent aux collectivités.") }
        return user
    }

    /// Agents and referents write their collectivité's series; elected officials read them.
    private func writer(_ context: AppRequestContext) throws -> User {
        let user = try reader(context)
        guard user.canWrite(user.owner) else {
            throw WebError.forbidden("Seuls les agents et référents de la collectivité saisissent ses données ; votre rôle permet de les lire.")
        }
        return user
    }

    /// The caller's series `{id}`; another collectivité's is not found, exactly as a missing one.
    private func series(_ user: User, _ context: AppRequestContext) async throws -> OwnSeries {
        guard let id = Int64(try context.parameters.require("id")),
              let series = try await store.ownSeries(id: id, owner: user.owner.description) else {
            throw WebError.notFound("Aucun indicateur à cette adresse parmi les données de votre collectivité.")
        }
        return series
    }

    private var breadcrumbs: [Link] { [Link.home, Link(label: "Mon espace", href: "/espace")] }

    private func listPage(_ user: User, _ context: AppRequestContext, report: OwnDataPage.Report? = nil, notice: String? = nil,
                          status: HTTPResponse.Status = .ok) async throws -> Response {
        let series = try await store.ownSeries(owner: user.owner.description)
        let page = OwnDataPage(series, user: user, ownerLabel: OwnerLabel(user.owner, in: referential), csrf: context.session?.csrfToken ?? "",
                               report: report, notice: notice)
        return views.page(OwnDataPage.template, page, status: status, title: Self.title, breadcrumbs: breadcrumbs, sources: [])
    }

    // MARK: Pages

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let notice: String? = switch try Query(request.uri.query)["fait"] {
        case "enregistre": "Indicateur enregistré."
        case "publie": "Indicateur publié : il est visible de tous sur le tableau de bord."
        case "prive": "Indicateur rendu privé : seuls les comptes de la collectivité le voient."
        case "supprime": "Indicateur supprimé."
        default: nil
        }
        return try await listPage(try reader(context), context, notice: notice)
    }

    @Sendable func newForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try writer(context)
        return views.page(OwnSeriesPage.template, OwnSeriesPage(nil, csrf: context.session?.csrfToken ?? ""), title: "Nouvel indicateur",
                          breadcrumbs: breadcrumbs + [Link(label: Self.title, href: Self.base)], sources: [])
    }

    @Sendable func editForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try writer(context)
        let series = try await series(user, context)
        return views.page(OwnSeriesPage.template, OwnSeriesPage(series, csrf: context.session?.csrfToken ?? ""), title: "Modifier : \(series.label)",
                          breadcrumbs: breadcrumbs + [Link(label: Self.title, href: Self.base)], sources: [])
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await write(nil, try writer(context), context)
    }

    @Sendable func save(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try writer(context)
        return try await write(try await series(user, context), user, context)
    }

    /// The form saved, or shown again with every problem and nothing written.
    private func write(_ existing: OwnSeries?, _ user: User, _ context: AppRequestContext) async throws -> Response {
        let input = OwnSeriesPage.Input { context.form[$0] }
        switch input.series(id: existing?.id ?? 0, owner: user.owner.description) {
        case .success(let series):
            _ = try await store.saveOwnSeries(series, actor: user.login)
            return .redirect(to: "\(Self.base)?fait=enregistre", type: .normal)
        case .failure(let problems):
            let page = OwnSeriesPage(existing, csrf: context.session?.csrfToken ?? "", form: input, errors: problems.messages)
            return views.page(OwnSeriesPage.template, page, status: .unprocessableContent, title: existing.map { "Modifier : \($0.label)" } ?? "Nouvel indicateur",
                              breadcrumbs: breadcrumbs + [Link(label: Self.title, href: Self.base)], sources: [])
        }
    }

    @Sendable func publish(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try writer(context)
        var series = try await series(user, context)
        guard let wanted = context.form["publique"], ["oui", "non"].contains(wanted) else {
            throw WebError.badRequest("Le champ « publique » vaut « oui » ou « non ».")
        }
        series.isPublic = wanted == "oui"
        _ = try await store.saveOwnSeries(series, actor: user.login)
        return .redirect(to: "\(Self.base)?fait=\(series.isPublic ? "publie" : "prive")", type: .normal)
    }

    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try writer(context)
        let series = try await series(user, context)
        try await store.deleteOwnSeries(id: series.id, owner: user.owner.description, actor: user.login)
        return .redirect(to: "\(Self.base)?fait=supprime", type: .normal)
    }

    /// The file checked, then imported when asked and without error: every series in it saved, or none.
    @Sendable func importFile(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try writer(context)
        guard let file = context.files["fichier"], !file.bytes.isEmpty else {
            throw WebError.badRequest("Choisissez un fichier CSV ou Excel (.xlsx) à importer.")
        }
        let doImport = context.form["action"] == "importer"
        let outcome = try await read(file.bytes, filename: file.filename.isEmpty ? "donnees.csv" : file.filename, user: user)
        if doImport && outcome.isValid { try await save(outcome, user) }
        // As the inventory's import: a check answers 200 whatever it finds; an import refused is a 422.
        return try await listPage(user, context, report: OwnDataPage.report(outcome, imported: doImport && outcome.isValid),
                                  status: doImport && !outcome.isValid ? .unprocessableContent : .ok)
    }

    private func read(_ bytes: [UInt8], filename: String, user: User) async throws -> OwnDataImport.Outcome {
        let existing = try await store.ownSeries(owner: user.owner.description)
        let owner = user.owner.description
        return try await FileWork.run { OwnDataImport.read(bytes, file: filename, owner: owner, existing: existing) }
    }

    /// Checked in full before the first write, so a refused file writes nothing.
    private func save(_ outcome: OwnDataImport.Outcome, _ user: User) async throws {
        for series in outcome.series { _ = try await store.saveOwnSeries(series, actor: user.login) }
    }

    @Sendable func comparison(_ request: Request, context: AppRequestContext) async throws -> Response {
        let key = try context.parameters.require("cle")
        guard let entry = OwnCatalogue.entry(key) else {
            throw WebError.notFound("Indicateur « \(key.prefix(60)) » absent du catalogue partagé des données des collectivités.")
        }
        let page = OwnComparisonPage(entry, published: try await store.publishedOwnSeries(catalogueKey: key), referential: referential)
        return views.page(OwnComparisonPage.template, page, title: entry.label, breadcrumbs: [Link.home, Link.observatoire], sources: [])
    }

    // MARK: API

    @Sendable func apiList(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try reader(context)
        return try .json(try await store.ownSeries(owner: user.owner.description).map(OwnSeriesDTO.init))
    }

    /// `POST /api/v1/moi/donnees?mode=verification|import`: the body is the file (CSV or XLSX).
    @Sendable func apiImport(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try writer(context)
        var request = request
        let query = try Query(request.uri.query)
        let asked = try query.importMode()
        let outcome = try await read(try await request.uploadedFile(context), filename: query["fichier"] ?? "donnees.csv", user: user)
        if asked && outcome.isValid { try await save(outcome, user) }
        let saved = asked && outcome.isValid ? try await store.ownSeries(owner: user.owner.description) : []
        // As the inventory's import: a check answers 200 whatever it finds; an import refused is a 422.
        return try .json(OwnImportDTO(outcome, imported: asked && outcome.isValid, saved: saved),
                         status: asked && !outcome.isValid ? .unprocessableContent : .ok)
    }
}
