import Foundation
import Tabular

/// Reading an inventory as collectivités have it (an export of their patrimony or invoicing tool, a title block
/// above the table, no identifier column, one consumption column with the main energy…): columns recognised by
/// their usual names, the mapping shown and editable, and every value the file gives either in a building or in
/// a message located at its row and column. Errors (what makes a building meaningless) block the import;
/// warnings (a secondary value dropped) let it proceed.
public enum BuildingImport {
    public enum Field: String, CaseIterable, Sendable, Codable {
        case identifiant, nom, commune, communeNom = "nom_commune", adresse, latitude, longitude, usage, surface, anneeConstruction = "annee_construction"
        case energieChauffage = "energie_chauffage", anneeConsommation = "annee_consommation"
        case energie, consommation, unite
        case consoElectricite = "conso_electricite", consoGaz = "conso_gaz", consoFioul = "conso_fioul", consoBois = "conso_bois"
        case consoReseau = "conso_reseau_chaleur", consoGPL = "conso_gpl"
        case dpeNumero = "dpe_numero", dpeConsommation = "dpe_consommation", dpeEtiquette = "dpe_etiquette", patrimoine

        public var label: String {
            switch self {
            case .identifiant: "identifiant du bâtiment"
            case .nom: "nom"
            case .commune: "code INSEE de la commune"
            case .communeNom: "nom de la commune"
            case .adresse: "adresse"
            case .latitude: "latitude"
            case .longitude: "longitude"
            case .usage: "usage"
            case .surface: "surface (m²)"
            case .anneeConstruction: "année de construction"
            case .energieChauffage: "énergie principale (chauffage)"
            case .anneeConsommation: "année des consommations"
            case .energie: "énergie de la consommation de la ligne"
            case .consommation: "consommation (de l'énergie de la ligne, sinon de l'énergie principale)"
            case .unite: "unité de la consommation"
            case .consoElectricite: "consommation d'électricité"
            case .consoGaz: "consommation de gaz naturel"
            case .consoFioul: "consommation de fioul"
            case .consoBois: "consommation de bois"
            case .consoReseau: "consommation du réseau de chaleur"
            case .consoGPL: "consommation de GPL"
            case .dpeNumero: "numéro de DPE"
            case .dpeConsommation: "consommation du DPE (kWhEP/m²/an)"
            case .dpeEtiquette: "étiquette du DPE"
            case .patrimoine: "monument historique, patrimoine protégé"
            }
        }

        /// The field's place in `allCases`, found without hashing: the row reader looks fields up for every cell.
        var slot: Int {
            switch self {
            case .identifiant: 0
            case .nom: 1
            case .commune: 2
            case .communeNom: 3
            case .adresse: 4
            case .latitude: 5
            case .longitude: 6
            case .usage: 7
            case .surface: 8
            case .anneeConstruction: 9
            case .energieChauffage: 10
            case .anneeConsommation: 11
            case .energie: 12
            case .consommation: 13
            case .unite: 14
            case .consoElectricite: 15
            case .consoGaz: 16
            case .consoFioul: 17
            case .consoBois: 18
            case .consoReseau: 19
            case .consoGPL: 20
            case .dpeNumero: 21
            case .dpeConsommation: 22
            case .dpeEtiquette: 23
            case .patrimoine: 24
            }
        }

        /// A consumption: several columns may carry it.
        var measures: Bool { self == .consommation || carrier != nil }

        var carrier: EnergyCarrier? {
            switch self {
            case .consoElectricite: .electricite
            case .consoGaz: .gazNaturel
            case .consoFioul: .fioul
            case .consoBois: .bois
            case .consoReseau: .reseauChaleur
            case .consoGPL: .gpl
            default: nil
            }
        }

        /// Folded column names that mean this field (exact match first, then the longest contained one).
        var synonyms: [String] {
            switch self {
            case .identifiant: ["identifiant", "id", "code batiment", "code site", "reference", "ref", "numero batiment", "n batiment", "code", "id batiment",
                                "ref patrimoine", "reference patrimoine", "ref batiment", "reference batiment", "numero inventaire", "n inventaire", "code patrimoine"]
            case .nom: ["nom", "libelle", "designation", "nom du batiment", "nom batiment", "batiment", "site", "intitule", "nom du site", "equipement", "libelle du batiment", "denomination"]
            case .commune: ["code insee", "insee", "code commune", "cog", "code insee commune", "commune insee", "code officiel geographique", "depcom"]
            case .communeNom: ["commune", "nom commune", "nom de la commune", "ville", "libelle commune", "localite", "commune du batiment"]
            case .adresse: ["adresse", "adresse postale", "voie", "localisation"]
            case .latitude: ["latitude", "lat", "y wgs84"]
            case .longitude: ["longitude", "lon", "lng", "long", "x wgs84"]
            case .usage: ["usage", "type", "typologie", "categorie", "activite", "affectation", "destination", "fonction", "type de batiment", "usage principal"]
            case .surface: ["surface", "superficie", "shon", "su", "surface utile", "surface de plancher", "sdp", "m2", "surface chauffee", "shab", "surface m2", "surface totale"]
            case .anneeConstruction: ["annee de construction", "annee construction", "construction", "date de construction", "annee de realisation", "construit en"]
            case .energieChauffage: ["energie de chauffage", "chauffage", "energie chauffage", "mode de chauffage", "energie principale", "type de chauffage", "energie de chauffage principale", "source d energie"]
            case .anneeConsommation: ["annee des consommations", "annee consommation", "annee conso", "annee de consommation", "annee de releve", "periode", "exercice", "annee"]
            case .energie: ["energie", "fluide", "type d energie", "type energie", "vecteur"]
            case .consommation: ["consommation", "conso", "quantite", "consommation annuelle", "consommation totale", "consommation d energie", "consommation energie finale", "conso annuelle"]
            case .unite: ["unite", "unite de mesure"]
            case .consoElectricite: ["electricite", "elec", "electrique", "conso electricite", "consommation electricite", "consommation d electricite", "conso elec"]
            case .consoGaz: ["gaz", "gaz naturel", "conso gaz", "consommation gaz", "consommation de gaz"]
            case .consoFioul: ["fioul", "fuel", "conso fioul", "consommation fioul"]
            case .consoBois: ["bois", "conso bois", "consommation bois", "granules"]
            case .consoReseau: ["reseau de chaleur", "reseau chaleur", "chauffage urbain", "conso reseau", "consommation reseau de chaleur", "rcu", "chaleur"]
            case .consoGPL: ["gpl", "propane", "conso gpl", "consommation gpl"]
            case .dpeNumero: ["numero dpe", "n dpe", "dpe", "numero du dpe"]
            case .dpeConsommation: ["consommation dpe", "conso dpe", "dpe kwhep m2", "cep", "dpe consommation"]
            case .dpeEtiquette: ["etiquette dpe", "classe dpe", "etiquette", "classe energie", "dpe etiquette"]
            case .patrimoine: ["monument historique", "patrimoine", "protege", "mh", "protection patrimoniale", "classe mh"]
            }
        }
    }

    public struct Column: Sendable, Equatable, Codable {
        public let index: Int
        public let header: String
        public var field: Field?
        /// The unit read from the header ("Gaz (m3)"), for consumption columns.
        public var unit: EnergyUnit?
        /// The year read from the header ("Consommation 2023 (kWh)"), for consumption columns.
        public var year: Int?
        /// A unit of the header that is no energy unit ("Fioul (litres)", "Gaz (€)"): the values are not kWh.
        public var foreignUnit: String?
    }

    public struct Problem: Sendable, Equatable, Codable {
        public enum Severity: String, Sendable, Codable {
            /// The building (or the file) means nothing as given: the import is blocked until it is corrected.
            case erreur
            /// A secondary value is dropped (or a choice made) and said; the import proceeds.
            case avertissement
        }

        /// The row as a spreadsheet shows it (nil for the file as a whole).
        public let line: Int?
        /// The physical text line of a CSV, when it differs from the row (a cell written on several lines above).
        public let textLine: Int?
        public let column: Int?
        public let header: String?
        public let value: String?
        public let reason: String
        public let hint: String
        public let severity: Severity

        public init(line: Int?, textLine: Int? = nil, column: Int?, header: String?, value: String?, reason: String, hint: String,
                    severity: Severity = .erreur) {
            self.line = line
            self.textLine = textLine == line ? nil : textLine
            self.column = column
            self.header = header
            self.value = value
            self.reason = reason
            self.hint = hint
            self.severity = severity
        }
    }

    /// How the buildings are identified from one import to the next.
    public enum Identifiers: String, Sendable { case fournis, crees = "créés" }

    /// Usages read from building names, grouped by the word that decided (nil: no word recognised, "autre"):
    /// the rows, and the buildings' keys.
    public struct InferredUsage: Sendable, Equatable {
        public let word: String?
        public let usage: Usage
        public let rows: [Int]
        public let keys: Set<String>
    }

    public struct Report: Sendable {
        public let file: String
        public let format: CSVTable.Format
        public let encoding: String
        /// The header's row, and the filled rows above it that were skipped as a title.
        public let headerRow: Int
        public let titleRows: [Int]
        public let rows: Int
        public let columns: [Column]
        public let buildings: [Building]
        public let problems: [Problem]
        /// Conversions applied (m³ of gas, MWh…), shown to the user.
        public let conversions: [String]
        public let identifiers: Identifiers
        public let inferredUsages: [InferredUsage]
        /// Choices the importer made for the whole file, said in a sentence each.
        public let notes: [String]

        public var errors: [Problem] { problems.filter { $0.severity == .erreur } }
        public var warnings: [Problem] { problems.filter { $0.severity == .avertissement } }
        /// Warnings never block: a valid file has no error and at least one building.
        public var isValid: Bool { !problems.contains { $0.severity == .erreur } && !buildings.isEmpty }
        /// Buildings with at least one measured consumption.
        public var measured: Int { buildings.reduce(0) { $0 + ($1.consumptions.isEmpty ? 0 : 1) } }
    }

    /// Where the collectivité's buildings may lie, and how codes and names of communes are read.
    public struct Territory: Sendable {
        public enum Scope: Sendable {
            case anywhere
            /// A commune's own inventory: a building elsewhere is imported with a warning.
            case commune(String)
            /// An EPCI's inventory: only its member communes.
            case members(Set<String>, name: String)
        }

        /// A commune, or a part of it with a code of its own (municipal arrondissement, commune déléguée).
        public struct Place: Sendable, Equatable {
            public let commune: String
            public let part: String?
            public init(commune: String, part: String?) {
                self.commune = commune
                self.part = part
            }
        }

        let place: @Sendable (String) -> Place?
        let named: @Sendable (String) -> [String]
        let label: @Sendable (String) -> String
        let scope: Scope

        /// `place` reads a code (commune, arrondissement, commune déléguée); `named` gives the communes a name may
        /// designate, nearest to the collectivité first; `label` names a commune in messages.
        public init(place: @escaping @Sendable (String) -> Place?, named: @escaping @Sendable (String) -> [String] = { _ in [] },
                    label: @escaping @Sendable (String) -> String = { $0 }, scope: Scope = .anywhere) {
            self.place = place
            self.named = named
            self.label = label
            self.scope = scope
        }

        /// What the collectivité's scope says of a building in `place`'s commune: nothing, a warning (a commune's
        /// inventory may hold another commune's building) or an error (an EPCI's keeps to its members).
        func scopeProblem(_ place: Place) -> (reason: String, hint: String, severity: Problem.Severity)? {
            switch scope {
            case .anywhere: return nil
            case .commune(let own):
                guard place.commune != own else { return nil }
                return ("bâtiment situé hors de votre commune (\(label(place.commune)))", "Il est importé ; vérifiez qu'il appartient bien à la collectivité.",
                        .avertissement)
            case .members(let members, let epci):
                guard !members.contains(place.commune) else { return nil }
                return ("commune hors du territoire de \(epci)", "Seuls les bâtiments des communes membres entrent dans l'inventaire de l'intercommunalité.", .erreur)
            }
        }

        /// Communes known by their code only (tests, benchmarks).
        public static func codes(_ isCommune: @escaping @Sendable (String) -> Bool) -> Territory {
            Territory(place: { isCommune($0) ? Place(commune: $0, part: nil) : nil })
        }
    }

    /// What the person chose in the mapping: column index → field raw value ("" to ignore), and the usage given
    /// to a word read in building names.
    public struct Choices: Sendable {
        public var columns: [Int: String]
        public var usageWords: [String: Usage]
        public init(columns: [Int: String] = [:], usageWords: [String: Usage] = [:]) {
            self.columns = columns
            self.usageWords = usageWords
        }
    }

    /// Reads a CSV (any French dialect and encoding), an XLSX workbook or the ADEME DPE published format; the
    /// header is the first row that names known columns (a title block above it is skipped).
    public static func table(_ bytes: [UInt8], file: String) throws -> CSVTable {
        try TableFile.read(bytes, file: file, header: .best { headerScore($0) })
    }

    /// How much a row looks like our header: the known fields it names (at least two, one of them saying what a
    /// building is or where), each named cell counting; ADEME's DPE format outright.
    static func headerScore(_ names: [String]) -> Int {
        if isADEME(names) { return 1_000 }
        let columns = mapping(names).filter { $0.field != nil }
        let fields = Set(columns.compactMap(\.field))
        guard fields.count >= 2, !fields.isDisjoint(with: [.identifiant, .nom, .commune, .communeNom, .surface, .usage]) else { return 0 }
        return columns.count
    }

    /// ADEME's DPE formats: the DPE number with the sector and the intensity columns (an inventory may well have a
    /// "N°DPE" column of its own).
    static func isADEME(_ names: [String]) -> Bool {
        (names.contains("N°DPE") && names.contains("Secteur_activité") && names.contains("Conso_kWhep/m²/an"))
            || (names.contains("n_dpe") && names.contains("secteur_activite") && names.contains("conso_kwhep_m2_an"))
    }

    /// The automatic mapping: each header to the field it names; `overrides` (column index → field raw value,
    /// "" to ignore) come from the user.
    public static func mapping(_ header: [String], overrides: [Int: String] = [:]) -> [Column] {
        var used = Set<Field>()
        var columns: [Column] = []
        for (i, raw) in header.enumerated() {
            var folded = Folding.fold(raw)
            let year = year(inHeader: folded)
            if let year { folded = Folding.fold(folded.replacingOccurrences(of: String(year), with: " ")) }
            let unit = unit(inHeader: folded)
            var field: Field?
            if let o = overrides[i] {
                field = Field(rawValue: o)
            } else if !folded.isEmpty, !ignoredHeaders.contains(where: { " \(folded) ".contains(" \($0) ") }) {
                let bare = unit == nil ? folded : Folding.fold(" \(folded) ".replacingOccurrences(of: " \(unitWord(folded) ?? "") ", with: " "))
                // Consumption fields take several columns (one per year, per meter); the others one.
                func free(_ f: Field) -> Bool { f.measures || !used.contains(f) }
                field = Field.allCases.first { free($0) && $0.synonyms.contains(bare) }
                if field == nil {
                    var best: (Int, Field)?
                    for f in Field.allCases where free(f) {
                        for s in f.synonyms where s.count >= 3 && " \(bare) ".contains(" \(s) ") && s.count > (best?.0 ?? 0) { best = (s.count, f) }
                    }
                    field = best?.1
                    // "Conso élec (kWh)": the energy named beats the generic word.
                    if field == .consommation, let carrier = Field.allCases.first(where: { f in
                        f.carrier != nil && f.synonyms.contains { s in s.count >= 3 && " \(bare) ".contains(" \(s) ") }
                    }) { field = carrier }
                }
                // "Catégorie ERP" is the size class of an establishment open to the public (1 to 5), not its usage.
                if field == .usage && (" \(folded) ".contains(" categorie erp ") || " \(folded) ".contains(" cat erp ")) { field = nil }
            }
            if let field { used.insert(field) }
            let measures = field?.measures ?? false
            columns.append(Column(index: i, header: raw, field: field, unit: unit, year: measures ? year : nil,
                                  foreignUnit: measures && unit == nil ? foreignUnit(inHeader: folded) : nil))
        }
        // A bare "Année" beside consumption columns that carry their year is the construction year.
        if columns.contains(where: { $0.year != nil }), !used.contains(.anneeConstruction),
           let k = columns.firstIndex(where: { $0.field == .anneeConsommation && overrides[$0.index] == nil && Folding.fold($0.header) == "annee" }) {
            columns[k].field = .anneeConstruction
        }
        return columns
    }

    /// Headers that name no field of ours, though they hold words that do ("Code postal" is no identifier).
    static let ignoredHeaders = ["code postal", "cp", "postal"]

    static func unitWord(_ folded: String) -> String? {
        ["kwh", "mwh", "gj", "m3"].first { " \(folded) ".contains(" \($0) ") }
    }

    static func unit(inHeader folded: String) -> EnergyUnit? { unitWord(folded).flatMap(EnergyUnit.init(text:)) }

    /// Units of volume, mass or money written in a consumption header: its values are no energy.
    static func foreignUnit(inHeader folded: String) -> String? {
        ["litres", "litre", "l", "m3", "tonnes", "tonne", "t", "kg", "steres", "stere", "euros", "euro", "eur", "ttc", "ht"].first { " \(folded) ".contains(" \($0) ") }
    }

    /// A year written in a header ("conso 2023 kwh"): four digits from 2000 to 2039 standing alone.
    static func year(inHeader folded: String) -> Int? {
        folded.split(separator: " ").lazy.compactMap { Int($0) }.first { (2000...2039).contains($0) }
    }

    public static func dryRun(_ table: CSVTable, owner: String, overrides: [Int: String] = [:], isCommune: @escaping @Sendable (String) -> Bool) -> Report {
        dryRun(table, owner: owner, choices: Choices(columns: overrides), territory: .codes(isCommune))
    }

    /// Checks every row and builds the buildings; nothing is stored here. Rows are read on all cores, then
    /// merged in file order: lines of the same building (one per energy, per year or per meter) add up.
    public static func dryRun(_ table: CSVTable, owner: String, choices: Choices = Choices(), territory: Territory) -> Report {
        if isADEME(table.header) { return dpeFormat(table, owner: owner, territory: territory) }
        let columns = mapping(table.header, overrides: choices.columns)
        let byField = Dictionary(columns.compactMap { c in c.field.map { ($0, c) } }, uniquingKeysWith: { a, _ in a })
        var problems: [Problem] = []
        func missing(_ what: String, _ hint: String) {
            problems.append(Problem(line: table.headerRow, column: nil, header: nil, value: nil, reason: "colonne « \(what) » introuvable", hint: hint))
        }
        if byField[.surface] == nil {
            missing(Field.surface.label, "Renommez la colonne (par exemple « surface ») ou choisissez-la dans la correspondance des colonnes.")
        }
        if byField[.commune] == nil && byField[.communeNom] == nil {
            missing("\(Field.commune.label) ou \(Field.communeNom.label)", "Ajoutez le code INSEE (ou le nom) de la commune de chaque bâtiment, ou choisissez la colonne qui le donne.")
        }
        if byField[.identifiant] == nil && byField[.nom] == nil && byField[.adresse] == nil {
            missing("\(Field.nom.label) ou \(Field.identifiant.label)", "Sans nom ni identifiant, un bâtiment ne peut être reconnu d'une importation à l'autre.")
        }
        let format = (format: table.format, encoding: table.encoding.rawValue, headerRow: table.headerRow, titleRows: table.titleRows)
        func report(_ buildings: [Building], _ problems: [Problem], conversions: [String] = [], identifiers: Identifiers = .fournis,
                    inferred: [InferredUsage] = [], notes: [String] = []) -> Report {
            Report(file: table.file, format: format.format, encoding: format.encoding, headerRow: format.headerRow, titleRows: format.titleRows,
                   rows: table.records.count, columns: columns, buildings: buildings, problems: problems, conversions: conversions,
                   identifiers: identifiers, inferredUsages: inferred, notes: notes)
        }
        if !problems.isEmpty { return report([], problems) }

        let generated = byField[.identifiant] == nil
        var notes: [String] = []
        if let sheet = table.sheet, !table.otherSheets.isEmpty {
            notes.append("Classeur de \(table.otherSheets.count + 1) feuilles : la feuille « \(sheet) » est lue ; "
                         + (table.otherSheets.count == 1 ? "l'autre (« \(table.otherSheets[0]) ») ne l'est pas." : "les autres (" + table.otherSheets.prefix(10).map { "« \($0) »" }.joined(separator: ", ") + ") ne le sont pas."))
        }
        if let first = table.titleRows.first {
            notes.append(table.titleRows.count == 1 ? "Ligne \(first) lue comme un titre ; l'en-tête est la ligne \(table.headerRow)."
                         : "Lignes \(first) \(table.titleRows.count == 2 ? "et" : "à") \(table.titleRows.last!) lues comme un titre ; l'en-tête est la ligne \(table.headerRow).")
        }
        if generated {
            notes.append("Pas de colonne identifiant : chaque bâtiment est identifié par le code de sa commune et son nom (par exemple "
                         + "« 29019-ecole-jean-moulin »), suivi de -2, -3… pour des homonymes d'une même commune ; une nouvelle importation "
                         + "de la même liste met à jour les mêmes bâtiments.")
        }
        if byField[.consommation] != nil && byField[.energie] == nil {
            notes.append(byField[.energieChauffage] != nil
                         ? "La colonne « \(byField[.consommation]!.header) » est la consommation de l'énergie de la colonne « \(byField[.energieChauffage]!.header) »."
                         : "La colonne « \(byField[.consommation]!.header) » ne dit pas de quelle énergie il s'agit : ajoutez une colonne « énergie principale » ou choisissez-la.")
        }
        // Nothing the file says is dropped without a word: the columns not read that hold values are named.
        let unread = columns.filter { c in c.field == nil && table.records.contains { !$0.isEmpty(at: c.index) } }
        if !unread.isEmpty {
            notes.append("Colonne(s) non lue(s) : " + unread.prefix(20).map { $0.header.isEmpty ? "colonne \($0.index + 1) (sans nom)" : "« \($0.header) »" }.joined(separator: ", ")
                         + (unread.count > 20 ? "…" : "") + ". Si elles disent quelque chose du bâtiment, choisissez-le dans la correspondance des colonnes.")
        }
        let read = readRows(table, columns: columns, byField: byField, owner: owner, choices: choices, territory: territory)
        problems += read.problems
        let undated = columns.contains { ($0.field == .consommation || $0.field?.carrier != nil) && $0.year == nil } && byField[.anneeConsommation] == nil
        if undated && read.hasConsumption {
            problems.append(Problem(line: table.headerRow, column: nil, header: nil, value: nil, reason: "consommations sans année",
                                    hint: "Ajoutez une colonne « année des consommations » (par exemple 2023), ou écrivez l'année dans l'en-tête : « Consommation 2023 (kWh) »."))
        }
        if read.buildings.isEmpty && problems.isEmpty {
            problems.append(Problem(line: nil, column: nil, header: nil, value: nil, reason: "aucun bâtiment dans le fichier",
                                    hint: "Le fichier n'a que sa ligne d'en-tête : ajoutez une ligne par bâtiment."))
        }
        problems.sort { ($0.line ?? .max, $0.column ?? 0) < ($1.line ?? .max, $1.column ?? 0) }
        // The words that decided most often first; the rows without any word last.
        func order(_ u: InferredUsage) -> (Int, Int, String) { (u.word == nil ? 1 : 0, -u.rows.count, u.word ?? "") }
        let inferred: [InferredUsage] = Dictionary(grouping: read.inferred, by: { $0.word ?? "" }).map { word, rows in
            InferredUsage(word: word.isEmpty ? nil : word, usage: rows[0].usage, rows: rows.map(\.row).sorted(), keys: Set(rows.compactMap(\.key)))
        }.sorted { order($0) < order($1) }
        return report(read.buildings, problems, conversions: read.conversions.sorted(), identifiers: generated ? .crees : .fournis,
                      inferred: inferred, notes: notes)
    }

    /// The rows read on all cores, then merged in file order.
    struct ReadRows {
        var buildings: [Building]
        var problems: [Problem]
        var conversions: Set<String>
        var inferred: [(word: String?, usage: Usage, row: Int, key: String?)]
        var hasConsumption: Bool
    }

    private static func readRows(_ table: CSVTable, columns: [Column], byField: [Field: Column], owner: String, choices: Choices,
                                 territory: Territory) -> ReadRows {
        let records = table.records
        let count = records.count
        let generated = byField[.identifiant] == nil
        // One reader per chunk of rows (it remembers the usages and energies it has read); each chunk gathers its
        // rows' problems and the rows without a building (incomplete or faulty, kept aside when they may continue
        // one), and gives its buildings in place.
        struct Part {
            let reader: RowReader
            var unbuilt: [Int] = [], aside: [(index: Int, row: RowReader.Row)] = [], problems: [Problem] = [], conversions = Set<String>()
            var inferred: [(word: String?, usage: Usage, row: Int, key: String?)] = [], consumption = false
        }
        var problems: [Problem] = [], conversions = Set<String>(), inferred: [(word: String?, usage: Usage, row: Int, key: String?)] = [], hasConsumption = false
        var unbuilt: [Int] = [], aside: [(index: Int, row: RowReader.Row)] = []
        let workbook = table.format == .xlsx
        // A building per row, in the row's slot: the slot of a row without one holds `vacant`. The array is then
        // compacted in place, not copied into another: for half a million rows, a second array of buildings (each
        // moved into it, its memory touched for the first time) made the reading about 10 % slower.
        var buildings = [Building](parallel: count, minimumChunk: 5_000) { _ in
            Part(reader: RowReader(byField: byField, columns: columns, owner: owner, file: table.file, choices: choices, territory: territory,
                                   workbook: workbook))
        } _: { part, i in
            let (row, building) = part.reader.read(records[i])
            part.problems += row.problems
            part.conversions.formUnion(row.conversions)
            if let usage = row.inferred { part.inferred.append((usage.word, usage.usage, row.line, row.key)) }
            part.consumption = part.consumption || row.hasConsumption
            guard let building else {
                part.unbuilt.append(i)
                if row.key != nil { part.aside.append((i, row)) }
                return vacant
            }
            return building
        } gather: { part in
            problems += part.problems
            conversions.formUnion(part.conversions)
            inferred += part.inferred
            hasConsumption = hasConsumption || part.consumption
            unbuilt += part.unbuilt
            aside += part.aside
        }
        // Buildings in file order, compacted in place: the first `indexByKey.count` slots hold the buildings kept.
        // A row whose key was seen is the same building when its name, commune, surface (and address, for keys
        // made from the name) agree: its consumptions are added. Otherwise a given identifier is an error naming
        // both rows, a made one gets a suffix (homonyms).
        var indexByKey = IdentifierTable(capacity: count)
        var firstRows: [Int] = [], homonyms: [String: Int] = [:]
        var nextUnbuilt = 0, nextAside = 0
        func problem(_ row: Int, _ textLine: Int?, _ value: String?, _ reason: String, _ hint: String, _ severity: Problem.Severity) {
            let c = byField[.identifiant] ?? byField[.nom]
            problems.append(Problem(line: row, textLine: textLine, column: c.map { $0.index + 1 }, header: c?.header, value: value, reason: reason,
                                    hint: hint, severity: severity))
        }
        func add(_ lines: [Consumption], into k: Int, row: Int, textLine: Int) {
            for line in lines {
                if let j = buildings[k].consumptions.firstIndex(where: { $0.carrier == line.carrier && $0.year == line.year }) {
                    let other = buildings[k].consumptions[j]
                    buildings[k].consumptions[j] = Consumption(carrier: line.carrier, year: line.year, kWh: other.kWh + line.kWh,
                                                               original: other.original + " + " + line.original, row: other.row)
                    problems.append(Problem(line: row, textLine: textLine, column: nil, header: nil, value: line.original,
                                            reason: "consommation de \(line.carrier.label) \(line.year) déjà donnée ligne \(other.row ?? firstRows[k]) pour « \(buildings[k].name) » : les deux sont additionnées",
                                            hint: "Normal pour un bâtiment à plusieurs compteurs ; sinon, supprimez la ligne en double.", severity: .avertissement))
                } else {
                    buildings[k].consumptions.append(line)
                }
            }
        }
        // The buildings a made key names: the first, then its homonyms ("-2", "-3"…).
        var family: [String: [Int]] = [:]
        func sameName(_ a: String, _ b: String) -> Bool { a.isEmpty || b.isEmpty || a == b || Folding.fold(a) == Folding.fold(b) }
        func sameBuilding(_ k: Int, _ later: Building) -> Bool {
            sameName(buildings[k].name, later.name) && buildings[k].communeCode == later.communeCode && buildings[k].area == later.area
                && (!generated || buildings[k].address == nil || later.address == nil || buildings[k].address == later.address)
        }
        /// The later row of a building adds its consumptions and fills what the first row left empty; a value
        /// that contradicts the first row's is said (the first is kept).
        func merge(_ later: Building, into k: Int, record: CSVRecord) {
            add(later.consumptions, into: k, row: record.row, textLine: record.line)
            var differs: [String] = []
            func fill<T: Equatable>(_ path: WritableKeyPath<Building, T?>, _ label: String) {
                guard let value = later[keyPath: path] else { return }
                if buildings[k][keyPath: path] == nil { buildings[k][keyPath: path] = value } else if buildings[k][keyPath: path] != value { differs.append(label) }
            }
            fill(\.constructionYear, "année de construction"); fill(\.address, "adresse"); fill(\.latitude, "latitude"); fill(\.longitude, "longitude")
            fill(\.heatingEnergy, "énergie principale"); fill(\.dpe, "DPE"); fill(\.communePart, "arrondissement")
            if later.heritage && !buildings[k].heritage { buildings[k].heritage = true }
            if later.usage != buildings[k].usage { differs.append("usage (« \(later.usage.label) »)") }
            if !differs.isEmpty {
                problem(record.row, record.line, nil, "\(differs.joined(separator: ", ")) différent(s) de la ligne \(firstRows[k]) pour « \(buildings[k].name) » : la ligne \(firstRows[k]) est retenue",
                        "Les lignes d'un même bâtiment doivent décrire le même bâtiment.", .avertissement)
            }
        }
        for i in 0..<count {
            let record = records[i]
            let built = nextUnbuilt == unbuilt.count || unbuilt[nextUnbuilt] != i
            if !built { nextUnbuilt += 1 }
            if built {
                // Slots before `i` past the kept buildings hold only rows merged, refused or without a building:
                // a new building is swapped into the first of them.
                let key = buildings[i].id
                let (new, k) = indexByKey.insert(key)
                if new {
                    firstRows.append(record.row)
                    if generated { family[key] = [k] }
                    if k != i { buildings.swapAt(k, i) }
                    continue
                }
                if let same = (generated ? family[key] ?? [k] : [k]).first(where: { sameBuilding($0, buildings[i]) }) {
                    merge(buildings[i], into: same, record: record)
                } else if !generated {
                    problem(record.row, record.line, key, "identifiant « \(key) » déjà donné ligne \(firstRows[k]) à un autre bâtiment (« \(buildings[k].name) », \(buildings[k].area.formatted()) m²)",
                            "Chaque bâtiment a son identifiant ; les lignes d'un même bâtiment ont le même nom, la même commune et la même surface.", .erreur)
                } else {
                    var n = homonyms[key, default: 1]
                    var renamed: String
                    repeat { n += 1; renamed = "\(key)-\(n)" } while indexByKey.number(renamed) != nil
                    homonyms[key] = n
                    buildings[i].id = renamed
                    let (_, k2) = indexByKey.insert(renamed)
                    family[key, default: [k]].append(k2)
                    firstRows.append(record.row)
                    problem(record.row, record.line, renamed, "même nom et même commune que la ligne \(firstRows[k]) mais surface ou adresse différente : bâtiment distinct, identifié « \(renamed) »",
                            "Donnez-leur des noms distincts (ou une colonne identifiant) pour qu'une prochaine importation les retrouve à coup sûr.", .avertissement)
                    if k2 != i { buildings.swapAt(k2, i) }
                }
            } else if nextAside < aside.count && aside[nextAside].index == i {
                let row = aside[nextAside].row
                nextAside += 1
                // A row without a building adds its lines to the building of its key (its missing surface or
                // commune is then no problem) when its name is that building's; otherwise its problems stand.
                if let key = row.key, let k = indexByKey.number(key), sameName(buildings[k].name, row.name ?? "") {
                    add(row.lines, into: k, row: record.row, textLine: record.line)
                } else if let key = row.key, let k = indexByKey.number(key) {
                    problem(record.row, record.line, key, "identifiant « \(key) » déjà donné ligne \(firstRows[k]) à un autre bâtiment (« \(buildings[k].name) »)",
                            "Chaque bâtiment a son identifiant ; les lignes d'un même bâtiment ont le même nom.", .erreur)
                } else {
                    problems += row.deferred
                }
            }
        }
        buildings.removeSubrange(indexByKey.count...)
        // Names were left empty where the file gives none, so that such rows continue a building.
        for k in buildings.indices where buildings[k].name.isEmpty { buildings[k].name = "\(buildings[k].usage.label) \(buildings[k].id)" }
        return ReadRows(buildings: buildings, problems: problems, conversions: conversions, inferred: inferred, hasConsumption: hasConsumption)
    }

    /// What the slot of a row without a building holds until the slots are compacted (its strings are empty: no
    /// memory to allocate or release).
    private static let vacant = Building(id: "", owner: "", name: "", communeCode: "", usage: .autre, area: 0, source: "")

    /// Trims spaces and line breaks around a cell; most cells have none, and are returned as they are.
    static func trimmed(_ text: String) -> String {
        guard let first = text.utf8.first, let last = text.utf8.last else { return text }
        func isSpace(_ b: UInt8) -> Bool { b == 32 || b == 9 || b == 10 || b == 13 }
        if !isSpace(first) && !isSpace(last) && first != 0xC2 && first != 0xE2 { return text }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Rows in ADEME's DPE formats become buildings with their DPE and, for invoice-based DPEs, the consumption
    /// the diagnostician read.
    static func dpeFormat(_ table: CSVTable, owner: String, territory: Territory) -> Report {
        var problems: [Problem] = [], buildings: [Building] = []
        func report() -> Report {
            Report(file: table.file, format: table.format, encoding: table.encoding.rawValue, headerRow: table.headerRow, titleRows: table.titleRows,
                   rows: table.records.count, columns: [], buildings: buildings, problems: problems, conversions: [], identifiers: .fournis,
                   inferredUsages: [], notes: ["Fichier au format publié des DPE tertiaires (ADEME) : un bâtiment par DPE, identifié par son numéro."])
        }
        let records: [DPERecord]
        do { records = try DPEData.read(table) } catch {
            problems = [Problem(line: table.headerRow, column: nil, header: nil, value: nil, reason: "\(error)", hint: "")]
            return report()
        }
        // The DPEs are read as the other rows: codes of arrondissements within their commune, the collectivité's
        // scope, one building per DPE number.
        var seen: [String: Int] = [:]
        for r in records {
            func problem(_ header: String, _ value: String?, _ reason: String, _ hint: String, _ severity: Problem.Severity = .erreur) {
                problems.append(Problem(line: r.line, column: table.header.firstIndex(of: header).map { $0 + 1 }, header: header, value: value, reason: reason,
                                        hint: hint, severity: severity))
            }
            guard var building = r.building(owner: owner, source: table.file) else {
                problem("N°DPE", r.number, "DPE sans surface ni code commune utilisables", "Le DPE doit avoir une surface (SHON ou utile) et un code INSEE.")
                continue
            }
            let code = building.communeCode
            guard let place = territory.place(code) else {
                problem("Code_INSEE_(BAN)", code, "code commune inconnu", "Code INSEE à 5 caractères.")
                continue
            }
            (building.communeCode, building.communePart) = (place.commune, place.part)
            if let scoped = territory.scopeProblem(place) {
                problem("Code_INSEE_(BAN)", territory.label(place.commune), scoped.reason, scoped.hint, scoped.severity)
                if scoped.severity == .erreur { continue }
            }
            if let first = seen[building.id] {
                problem("N°DPE", building.id, "DPE « \(building.id) » déjà donné ligne \(first)", "Un bâtiment par DPE : supprimez la ligne en double.")
                continue
            }
            seen[building.id] = r.line
            buildings.append(building)
        }
        return report()
    }
}

extension DPERecord {
    /// The building the DPE describes: its usage (or "autre"), surface (SHON when `Surface_utile` is the
    /// 100 m² placeholder), and the consumption read from invoices unless the DPE is empty.
    public func building(owner: String, source: String) -> Building? {
        guard let code = communeCode else { return nil }
        let area = surfaceIsPlaceholder ? betterSurface : (surface ?? betterSurface)
        guard let area, area > 0 else { return nil }
        let usage = Usage(dpeSector: sector) ?? .autre
        let place = communeName.map { " — \($0)" } ?? ""
        return Building(id: number, owner: owner, name: "\(usage.label)\(place)", communeCode: code, address: address, latitude: latitude,
                        longitude: longitude, usage: usage, area: area, constructionYear: constructionYear, heatingEnergy: heatingEnergy ?? mainEnergy,
                        consumptions: isEmptyDPE ? [] : consumptions,
                        dpe: ExistingDPE(number: number, kWhEPPerM2: isEmptyDPE ? nil : kWhEPPerM2, label: isEmptyDPE ? nil : label),
                        heritage: false, source: source)
    }
}
