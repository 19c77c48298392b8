import Accounts
import Foundation
import Hummingbird
import Logging
import NIOCore
import Referential
import Renovation
import Tabular

/// Importing an inventory: the file is checked first (dry run: the mapping of columns, every problem, a
/// preview), then imported all or nothing, replacing the collectivité's inventory in one transaction.
extension RenovationController {
    func registerImport(on router: Router<AppRequestContext>) {
        let writers = router.group().add(middleware: Access(.signedIn, message: "Connectez-vous pour importer l'inventaire de votre collectivité."))
        writers.get("/renovation/import", use: importForm)
        writers.post("/renovation/import", use: importPost)
        writers.post("/api/v1/renovation/import", use: apiImport)
    }

    /// Who may import, or write the works of a building: a collectivité's agents and referents.
    func writer(_ context: AppRequestContext, refusal: String = "Seuls les agents et référents d'une collectivité importent son inventaire.") throws -> User {
        let user = try context.signedIn
        guard user.canWrite(user.owner), user.owner != .operateur else { throw WebError.forbidden(refusal) }
        return user
    }

    /// Where the collectivité's buildings may lie, and how the file's commune codes and names are read: a code of
    /// an arrondissement or commune déléguée belongs to its commune; a name is looked for among the collectivité's
    /// communes, then in its département(s).
    func territory(for owner: Owner) -> BuildingImport.Territory {
        let referential = referential
        var own: [Commune] = [], scope = BuildingImport.Territory.Scope.anywhere
        switch owner {
        case .commune(let code):
            own = referential.commune(code).map { [$0] } ?? []
            scope = .commune(code)
        case .epci(let siren):
            if let epci = referential.epci(siren) {
                own = referential.members(of: epci)
                scope = .members(Set(epci.memberCodes), name: epci.name)
            }
        case .operateur: break
        }
        // Names indexed once per file: a file of distinct unknown names must not search the département each time.
        func index(_ communes: [Commune]) -> [String: [String]] {
            Dictionary(grouping: communes, by: { SearchText.normalize($0.name) }).mapValues { $0.map(\.code) }
        }
        let mine = index(own)
        let nearby = index(Set(own.map(\.departementCode)).sorted().flatMap { referential.communes(inDepartement: $0) })
        return BuildingImport.Territory(
            place: { code in
                if referential.commune(code) != nil { return .init(commune: code, part: nil) }
                return referential.parentCommune(ofSubCode: code).map { .init(commune: $0.code, part: code) }
            },
            named: { name in
                let wanted = SearchText.normalize(name)
                return mine[wanted] ?? nearby[wanted] ?? []
            },
            label: { referential.communeLabel($0) },
            scope: scope)
    }

    /// The file read and checked (dry run) on the file-work threads; a file that is no table is a `FileError`.
    /// `named` maps columns by their header ("Catégorie:usage", from the API) on top of `choices`.
    private func report(_ bytes: [UInt8], filename: String, owner: Owner, choices: BuildingImport.Choices,
                        named: [(header: String, field: String)] = []) async throws -> Result<BuildingImport.Report, FileError> {
        let territory = territory(for: owner)
        return try await FileWork.run {
            let table: CSVTable
            do { table = try BuildingImport.table(bytes, file: filename) } catch let error as FileError { return .failure(error) }
            var choices = choices
            for (header, field) in named {
                guard let index = table.header.firstIndex(where: { $0 == header || SearchText.normalize($0) == SearchText.normalize(header) }) else {
                    throw WebError.badRequest("Correspondance : aucune colonne « \(header.prefix(60)) » dans le fichier ; colonnes : \(table.header.prefix(40).joined(separator: ", ")).")
                }
                guard field == "ignorer" || BuildingImport.Field(rawValue: field) != nil else {
                    throw WebError.badRequest("Correspondance : champ « \(field.prefix(40)) » inconnu ; champs possibles : ignorer, "
                                              + BuildingImport.Field.allCases.map(\.rawValue).joined(separator: ", ") + ".")
                }
                choices.columns[index] = field == "ignorer" ? "" : field
            }
            return .success(BuildingImport.dryRun(table, owner: owner.description, choices: choices, territory: territory))
        }
    }

    /// Replaces the inventory in one transaction, logged before and after: a national inventory takes seconds to
    /// write, and the log tells an operator (and the kill -9 test, e2e/test_import_kill.py) whether the server
    /// stopped before, during or after the write.
    private func replaceInventory(_ buildings: [Building], of user: User, detail: String, _ context: AppRequestContext) async throws {
        let owner = user.owner.description
        let metadata: Logger.Metadata = ["collectivité": .string(owner), "bâtiments": .stringConvertible(buildings.count)]
        context.logger.info("Inventaire : enregistrement", metadata: metadata)
        try await store.replaceBuildings(owner: owner, with: buildings, actor: user.login, detail: detail)
        context.logger.info("Inventaire : enregistré", metadata: metadata)
    }

    @Sendable func importForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try writer(context)
        let existing = try await store.buildings(owner: user.owner.description).count
        return views.page(ImportPage.template, ImportPage.form(existing: existing, csrf: context.session?.csrfToken),
                          title: "Importer l'inventaire des bâtiments", breadcrumbs: [Link.home, Link(label: "Bâtiments", href: Self.ownBase)], sources: [])
    }

    @Sendable func importPost(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try writer(context)
        let owner = user.owner.description
        // The file comes uploaded the first time, then carried in the page (base64) while the mapping is adjusted.
        var bytes: [UInt8] = [], filename = "inventaire.csv"
        if let file = context.files["fichier"], !file.bytes.isEmpty {
            bytes = file.bytes
            filename = file.filename.isEmpty ? filename : file.filename
        } else if let carried = context.form["contenu"], let data = Data(base64Encoded: carried) {
            bytes = [UInt8](data)
            filename = context.form["nom_fichier"] ?? filename
        }
        guard !bytes.isEmpty else { throw WebError.badRequest("Choisissez un fichier CSV ou Excel (.xlsx) à importer.") }
        var choices = BuildingImport.Choices()
        for i in 0..<ImportPage.mappedColumns { if let f = context.form["colonne_\(i)"] { choices.columns[i] = f } }
        for i in 0..<100 {
            guard let word = context.form["mot_\(i)"], let usage = context.form["usage_mot_\(i)"].flatMap(Usage.init(rawValue:)) else { continue }
            choices.usageWords[word] = usage
        }
        let existing = try await store.buildings(owner: owner).count
        let report: BuildingImport.Report
        switch try await self.report(bytes, filename: filename, owner: user.owner, choices: choices) {
        case .failure(let error):
            // The form again, with what is wrong with the file: the person chooses another one.
            return views.page(ImportPage.template, ImportPage.form(existing: existing, csrf: context.session?.csrfToken, fileError: error.message, filename: filename),
                              status: .badRequest, title: "Importer l'inventaire des bâtiments",
                              breadcrumbs: [Link.home, Link(label: "Bâtiments", href: Self.ownBase)], sources: [])
        case .success(let r): report = r
        }
        switch context.form["action"] {
        case "importer" where report.isValid:
            try await replaceInventory(report.buildings, of: user, detail: "\(report.buildings.count) bâtiments depuis \(filename)", context)
            return .redirect(to: Self.ownBase, type: .normal)
        case "problemes":
            return Response.csv(ImportPage.problemsCSV(report),
                                filename: "problemes-" + (filename.split(separator: ".").first.map(String.init) ?? "inventaire") + ".csv")
        default: break
        }
        let page = ImportPage(report: report, referential: referential, content: Data(bytes).base64EncodedString(), csrf: context.session?.csrfToken, existing: existing)
        let status: HTTPResponse.Status = context.form["action"] == "importer" ? .unprocessableContent : .ok
        return views.page(ImportPage.template, page, status: status, title: "Vérification du fichier \(filename)",
                          breadcrumbs: [Link.home, Link(label: "Bâtiments", href: Self.ownBase)], sources: [])
    }

    // MARK: API

    /// `POST /api/v1/renovation/import?mode=verification|import[&detail=1][&correspondance=EN-TÊTE:champ…]`: the body
    /// is the file (CSV or XLSX).
    @Sendable func apiImport(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try writer(context)
        var request = request
        let query = try Query(request.uri.query)
        let doImport = try query.importMode()
        // Nor a misspelt detail for none: the document allows 1 only.
        guard [nil, "1"].contains(query["detail"]) else {
            throw WebError.badRequest("Valeur inconnue « \(query["detail"]!.prefix(20)) » pour « detail » ; la seule valeur possible est 1.")
        }
        let named: [(header: String, field: String)] = try query.all("correspondance").map { pair in
            guard let colon = pair.lastIndex(of: ":") else {
                throw WebError.badRequest("Correspondance « \(pair.prefix(60)) » : écrivez EN-TÊTE:champ, par exemple « Catégorie:usage ».")
            }
            return (String(pair[..<colon]), String(pair[pair.index(after: colon)...]))
        }
        let bytes = try await request.uploadedFile(context)
        let filename = query["fichier"] ?? "inventaire"
        let report: BuildingImport.Report
        switch try await self.report(bytes, filename: filename, owner: user.owner, choices: .init(), named: named) {
        case .failure(let error): throw WebError.badRequest("Fichier illisible : \(error.description)")
        case .success(let r): report = r
        }
        if doImport && report.isValid {
            try await replaceInventory(report.buildings, of: user, detail: "\(report.buildings.count) bâtiments par l'API", context)
        }
        let dto = ImportDTO(report, imported: doImport && report.isValid, detail: query["detail"] == "1")
        return try .json(dto, status: doImport && !report.isValid ? .unprocessableContent : .ok)
    }
}
