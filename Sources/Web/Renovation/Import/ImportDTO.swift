import Renovation

/// The answer of `POST /api/v1/renovation/import`: the file's check (and whether it was imported), with each
/// building read when `detail=1`.
struct ImportDTO: Encodable {
    struct Problem: Encodable {
        let ligne: Int?, ligne_texte: Int?, colonne: Int?, entete: String?, valeur: String?, raison: String, conseil: String, gravite: String
        init(_ p: BuildingImport.Problem) {
            ligne = p.line; ligne_texte = p.textLine; colonne = p.column; entete = p.header; valeur = p.value; raison = p.reason; conseil = p.hint
            gravite = p.severity.rawValue
        }
    }
    struct Detail: Encodable {
        struct Line: Encodable { let energie: String, annee: Int, kwh: Double, valeur_lue: String, ligne: Int? }
        let identifiant: String, nom: String, commune: String, arrondissement: String?, usage: String, usage_deduit_de: String?, surface_m2: Double
        let consommations: [Line]
    }
    let fichier: String, format: String, encodage: String, ligne_entete: Int, lignes: Int, valide: Bool, importe: Bool, batiments: Int, mesures: Int
    let identifiants: String, correspondance: [String: String], conversions: [String], remarques: [String]
    let erreurs: [Problem], avertissements: [Problem], detail: [Detail]?

    init(_ report: BuildingImport.Report, imported: Bool, detail: Bool) {
        let inferred = Dictionary(report.inferredUsages.flatMap { u in u.keys.map { ($0, u.word) } }, uniquingKeysWith: { a, _ in a })
        self.detail = detail ? report.buildings.map { b in
            Detail(identifiant: b.id, nom: b.name, commune: b.communeCode, arrondissement: b.communePart, usage: b.usage.rawValue,
                   usage_deduit_de: inferred[b.id] ?? nil, surface_m2: b.area,
                   consommations: b.consumptions.map { .init(energie: $0.carrier.rawValue, annee: $0.year, kwh: $0.kWh, valeur_lue: $0.original, ligne: $0.row) })
        } : nil
        (fichier, format, encodage) = (report.file, report.format.rawValue, report.format == .xlsx ? "" : report.encoding)
        (ligne_entete, lignes, valide, importe) = (report.headerRow, report.rows, report.isValid, imported)
        (batiments, mesures, identifiants) = (report.buildings.count, report.measured, report.identifiers.rawValue)
        correspondance = Dictionary(report.columns.compactMap { c in c.field.map { (c.header, $0.rawValue) } }, uniquingKeysWith: { a, _ in a })
        (conversions, remarques) = (report.conversions, report.notes)
        (erreurs, avertissements) = (report.errors.map(Problem.init), report.warnings.map(Problem.init))
    }
}
