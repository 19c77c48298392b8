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
    private func writer(_ context: AppRequestContext) throws -> User {
        guard let user = context.user else { throw WebError.unauthorized("Connectez-vous pour importer l'inventaire de votre collectivité.") }
        guard user.canWrite(user.owner), user.owner != .operateur else {
            throw WebError.forbidden("Seuls les agents et référents d'une collectivité importent son inventaire.")
        }
        return user
    }

    private func report(_ bytes: [UInt8], filename: String, owner: String, overrides: [Int: String]) async throws -> BuildingImport.Report {
        guard !bytes.isEmpty else { throw WebError.badRequest("Choisissez un fichier CSV ou Excel (.xlsx) à importer.") }
        let referential = referential
        return try await FileWork.run {
            let table: CSVTable
            do { table = try BuildingImport.table(bytes, file: filename) } catch let error as FileError {
                throw WebError.badRequest("Fichier illisible : \(error.description)")
            }
            return BuildingImport.dryRun(table, owner: owner, overrides: overrides, isCommune: { referential.commune($0) != nil })
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
        guard context.user != nil else { return .redirect(to: "/connexion", type: .normal) }
        let user = try writer(context)
        let existing = try await store.buildings(owner: user.owner.description).count
        return views.page("renovation-import", ImportPage(hasReport: false, file: "", encoding: "", rows: 0, valid: false, problems: [], problemCount: 0,
                                                         columns: [], preview: [], buildingCount: 0, conversions: nil, content: "", filename: "",
                                                         csrf: context.session?.csrfToken, existing: existing, hasExisting: existing > 0),
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
        var overrides: [Int: String] = [:]
        for i in 0..<200 { if let f = context.form["colonne_\(i)"] { overrides[i] = f } }
        let report = try await report(bytes, filename: filename, owner: owner, overrides: overrides)
        if context.form["action"] == "importer" && report.isValid {
            try await replaceInventory(report.buildings, of: user, detail: "\(report.buildings.count) bâtiments depuis \(filename)", context)
            return .redirect(to: Self.ownBase, type: .normal)
        }
        let existing = try await store.buildings(owner: owner).count
        let page = ImportPage(
            hasReport: true, file: filename, encoding: report.encoding, rows: report.rows, valid: report.isValid,
            problems: report.problems.map(Self.problemView),
            problemCount: report.problems.count,
            columns: report.columns.map { c in
                .init(index: c.index, header: c.header,
                      options: [.init(value: "", label: "— ignorer —", selected: c.field == nil)]
                        + BuildingImport.Field.allCases.map { .init(value: $0.rawValue, label: $0.label, selected: c.field == $0) },
                      unit: c.unit.map { $0.conversion } ?? "")
            },
            preview: report.buildings.prefix(20).map { b in
                .init(id: b.id, name: b.name, commune: referential.communeLabel(b.communeCode), usage: b.usage.label, area: RenovationFormat.int(b.area),
                      consumption: b.consumptions.isEmpty ? "aucune (sera estimée)" : b.consumptions.map { "\($0.carrier.label) \($0.year) : \(RenovationFormat.int($0.kWh)) kWh" }.joined(separator: " ; "))
            },
            buildingCount: report.buildings.count, conversions: report.conversions.isEmpty ? nil : report.conversions.joined(separator: " ; "), content: Data(bytes).base64EncodedString(), filename: filename,
            csrf: context.session?.csrfToken, existing: existing, hasExisting: existing > 0)
        let status: HTTPResponse.Status = context.form["action"] == "importer" ? .unprocessableContent : .ok
        return views.page("renovation-import", page, status: status, title: "Vérification du fichier \(filename)",
                          breadcrumbs: [Link.home, Link(label: "Bâtiments", href: Self.ownBase)], sources: [])
    }

    static func problemView(_ p: BuildingImport.Problem) -> ImportPage.Problem {
        var column = "—"
        if let c = p.column { column = p.header.map { "\(c) (\($0))" } ?? String(c) }
        return ImportPage.Problem(line: p.line.map(String.init) ?? "—", column: column, value: p.value ?? "", reason: p.reason, hint: p.hint)
    }


    // MARK: API

    struct BuildingDTO: Encodable {
        let rang: Int, score: Double, identifiant: String, nom: String, commune: String, usage: String, surface_m2: Double
        let annee_construction: Int?, provenance: String, energie_primaire_kwhep_an: Double, intensite_kwhep_m2_an: Double, etiquette: String
        let attendu_kwhep_m2_an: Double?, intervalle_80: [Double]?, ges_kgco2e_an: Double?, pourquoi: [String], raisons_estimation: [String]
        let centile_collectivite: Double?, centile_national: Double?, notes: [String]
        /// `assessment` replaces the ranking's, to give the estimate's reasons for one building.
        init(_ r: RankedBuilding, assessment: Assessment? = nil) {
            let a = assessment ?? r.assessment, b = r.building
            rang = r.rank; score = r.score; identifiant = b.id; nom = b.name; commune = b.communeCode; usage = b.usage.rawValue; surface_m2 = b.area
            annee_construction = b.constructionYear; provenance = a.provenance.rawValue; energie_primaire_kwhep_an = a.primaryKWh
            intensite_kwhep_m2_an = a.primaryPerM2; etiquette = a.label; attendu_kwhep_m2_an = a.expected?.kWhEPPerM2
            intervalle_80 = a.expected.map { [$0.low, $0.high] }; ges_kgco2e_an = a.ghgKg; pourquoi = r.why
            raisons_estimation = a.expected?.reasons.map(\.text) ?? []; centile_collectivite = r.localPercentile; centile_national = r.nationalPercentile
            notes = a.notes
        }
    }

    @Sendable func apiList(_ request: Request, _ context: AppRequestContext, demo: Bool) async throws -> Response {
        let (_, _, shown, _) = try await ranked(request, context, demo: demo)
        return try .json(shown.map { BuildingDTO($0) })
    }

    @Sendable func apiBuilding(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.decoded("id")
        let (_, all, _, _) = try await ranked(request, context, demo: false)
        guard let r = all.first(where: { $0.building.id == id }) else { throw WebError.notFound("Aucun bâtiment « \(id.prefix(40)) » dans votre inventaire.") }
        return try .json(BuildingDTO(r, assessment: try await setup.value.assess(r.building)))
    }

    struct ImportDTO: Encodable {
        struct Problem: Encodable { let ligne: Int?, colonne: Int?, entete: String?, valeur: String?, raison: String, conseil: String }
        let fichier: String, encodage: String, lignes: Int, valide: Bool, importe: Bool, batiments: Int
        let correspondance: [String: String], conversions: [String], problemes: [Problem]
    }

    /// `POST /api/v1/renovation/import?mode=verification|import`: the body is the file (CSV or XLSX).
    @Sendable func apiImport(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try writer(context)
        var request = request
        let query = try Query(request.uri.query)
        // A misspelt mode must not pass for a dry run (nor a dry run for an import).
        guard [nil, "verification", "import"].contains(query["mode"]) else {
            throw WebError.badRequest("Mode inconnu « \(query["mode"]!.prefix(20)) » ; valeurs possibles : verification, import.")
        }
        let body = try await request.collectBody(upTo: context.maxFileSize)
        let report = try await report(Array(buffer: body), filename: query["fichier"] ?? "inventaire", owner: user.owner.description, overrides: [:])
        let doImport = query["mode"] == "import"
        if doImport && report.isValid {
            try await replaceInventory(report.buildings, of: user, detail: "\(report.buildings.count) bâtiments par l'API", context)
        }
        let dto = ImportDTO(fichier: report.file, encodage: report.encoding, lignes: report.rows, valide: report.isValid, importe: doImport && report.isValid,
                            batiments: report.buildings.count,
                            correspondance: Dictionary(report.columns.compactMap { c in c.field.map { (c.header, $0.rawValue) } }, uniquingKeysWith: { a, _ in a }),
                            conversions: report.conversions,
                            problemes: report.problems.map { .init(ligne: $0.line, colonne: $0.column, entete: $0.header, valeur: $0.value, raison: $0.reason, conseil: $0.hint) })
        return try .json(dto, status: doImport && !report.isValid ? .unprocessableContent : .ok)
    }
}
