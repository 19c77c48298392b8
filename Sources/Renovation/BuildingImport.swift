import Foundation
import Synchronization
import Tabular

/// Reading an inventory as collectivités have it (an export of their patrimony or invoicing tool): columns
/// recognised by their usual names, the mapping shown and editable, every problem reported with its line,
/// column, value, reason and a hint, and nothing kept unless every row is right.
public enum BuildingImport {
    public enum Field: String, CaseIterable, Sendable, Codable {
        case identifiant, nom, commune, adresse, latitude, longitude, usage, surface, anneeConstruction = "annee_construction"
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
            case .adresse: "adresse"
            case .latitude: "latitude"
            case .longitude: "longitude"
            case .usage: "usage"
            case .surface: "surface (m²)"
            case .anneeConstruction: "année de construction"
            case .energieChauffage: "énergie de chauffage"
            case .anneeConsommation: "année des consommations"
            case .energie: "énergie (une ligne par énergie)"
            case .consommation: "consommation (une ligne par énergie)"
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
            case .adresse: 3
            case .latitude: 4
            case .longitude: 5
            case .usage: 6
            case .surface: 7
            case .anneeConstruction: 8
            case .energieChauffage: 9
            case .anneeConsommation: 10
            case .energie: 11
            case .consommation: 12
            case .unite: 13
            case .consoElectricite: 14
            case .consoGaz: 15
            case .consoFioul: 16
            case .consoBois: 17
            case .consoReseau: 18
            case .consoGPL: 19
            case .dpeNumero: 20
            case .dpeConsommation: 21
            case .dpeEtiquette: 22
            case .patrimoine: 23
            }
        }

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
            case .identifiant: ["identifiant", "id", "code batiment", "code site", "reference", "ref", "numero batiment", "n batiment", "code", "id batiment"]
            case .nom: ["nom", "libelle", "designation", "nom du batiment", "nom batiment", "batiment", "site", "intitule", "nom du site"]
            case .commune: ["code insee", "insee", "commune", "code commune", "cog", "code insee commune", "commune insee"]
            case .adresse: ["adresse", "adresse postale", "voie", "localisation"]
            case .latitude: ["latitude", "lat", "y wgs84"]
            case .longitude: ["longitude", "lon", "lng", "long", "x wgs84"]
            case .usage: ["usage", "type", "typologie", "categorie", "activite", "affectation", "destination", "fonction", "type de batiment", "usage principal"]
            case .surface: ["surface", "superficie", "shon", "su", "surface utile", "surface de plancher", "sdp", "m2", "surface chauffee", "shab", "surface m2", "surface totale"]
            case .anneeConstruction: ["annee de construction", "annee construction", "construction", "date de construction", "annee de realisation", "construit en"]
            case .energieChauffage: ["energie de chauffage", "chauffage", "energie chauffage", "mode de chauffage", "energie principale", "type de chauffage"]
            case .anneeConsommation: ["annee des consommations", "annee consommation", "annee conso", "annee de consommation", "annee de releve", "periode", "exercice", "annee"]
            case .energie: ["energie", "fluide", "type d energie", "type energie", "vecteur"]
            case .consommation: ["consommation", "conso", "quantite", "consommation annuelle"]
            case .unite: ["unite", "unite de mesure"]
            case .consoElectricite: ["electricite", "elec", "conso electricite", "consommation electricite", "consommation d electricite"]
            case .consoGaz: ["gaz", "gaz naturel", "conso gaz", "consommation gaz", "consommation de gaz"]
            case .consoFioul: ["fioul", "fuel", "conso fioul", "consommation fioul"]
            case .consoBois: ["bois", "conso bois", "consommation bois", "granules"]
            case .consoReseau: ["reseau de chaleur", "chauffage urbain", "conso reseau", "consommation reseau de chaleur", "rcu"]
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
    }

    public struct Problem: Sendable, Equatable, Codable {
        public let line: Int?
        public let column: Int?
        public let header: String?
        public let value: String?
        public let reason: String
        public let hint: String
    }

    public struct Report: Sendable {
        public let file: String
        public let encoding: String
        public let rows: Int
        public let columns: [Column]
        public let buildings: [Building]
        public let problems: [Problem]
        /// Conversions applied (m³ of gas, MWh…), shown to the user.
        public let conversions: [String]
        public var isValid: Bool { problems.isEmpty && !buildings.isEmpty }
    }

    /// Reads a CSV (any French dialect and encoding), an XLSX workbook or the ADEME DPE published format.
    public static func table(_ bytes: [UInt8], file: String) throws -> CSVTable {
        XLSX.isWorkbook(bytes) ? try XLSX.read(bytes, file: file) : try CSV.parse(bytes, file: file)
    }

    /// The automatic mapping: each header to the field it names; `overrides` (column index → field raw value,
    /// "" to ignore) come from the user.
    public static func mapping(_ header: [String], overrides: [Int: String] = [:]) -> [Column] {
        var used = Set<Field>()
        var columns: [Column] = []
        for (i, raw) in header.enumerated() {
            let folded = Folding.fold(raw)
            let unit = unit(inHeader: folded)
            var field: Field?
            if let o = overrides[i] {
                field = Field(rawValue: o)
            } else {
                let bare = unit == nil ? folded : Folding.fold(folded.replacingOccurrences(of: unitWord(folded) ?? "", with: " "))
                field = Field.allCases.first { !used.contains($0) && $0.synonyms.contains(bare) }
                if field == nil {
                    var best: (Int, Field)?
                    for f in Field.allCases where !used.contains(f) {
                        for s in f.synonyms where s.count >= 3 && " \(bare) ".contains(" \(s) ") && s.count > (best?.0 ?? 0) { best = (s.count, f) }
                    }
                    field = best?.1
                }
            }
            if let field { used.insert(field) }
            columns.append(Column(index: i, header: raw, field: field, unit: unit))
        }
        return columns
    }

    static func unitWord(_ folded: String) -> String? {
        ["kwh", "mwh", "gj", "m3"].first { " \(folded) ".contains(" \($0) ") }
    }

    static func unit(inHeader folded: String) -> EnergyUnit? { unitWord(folded).flatMap(EnergyUnit.init(text:)) }

    /// Checks every row and builds the buildings; nothing is stored here. Rows are read on all cores, then
    /// merged in file order (lines of the same building add up).
    public static func dryRun(_ table: CSVTable, owner: String, overrides: [Int: String] = [:], isCommune: @escaping @Sendable (String) -> Bool,
                              defaultYear: Int? = nil) -> Report {
        if table.header.contains("N°DPE") || table.header.contains("n_dpe") {
            return dpeFormat(table, owner: owner, isCommune: isCommune)
        }
        let columns = mapping(table.header, overrides: overrides)
        var problems: [Problem] = []
        let byField = Dictionary(columns.compactMap { c in c.field.map { ($0, c) } }, uniquingKeysWith: { a, _ in a })
        for required in [Field.identifiant, .commune, .usage, .surface] where byField[required] == nil {
            problems.append(Problem(line: 1, column: nil, header: nil, value: nil, reason: "colonne « \(required.label) » introuvable",
                                    hint: "Renommez la colonne (par exemple « \(required.synonyms[0]) ») ou choisissez-la dans la correspondance des colonnes."))
        }
        if !problems.isEmpty {
            return Report(file: table.file, encoding: table.encoding.rawValue, rows: table.records.count, columns: columns, buildings: [], problems: problems, conversions: [])
        }
        let records = table.records
        let count = records.count
        let chunks = max(1, min(ProcessInfo.processInfo.activeProcessorCount * 4, count / 5000))
        let size = (count + chunks - 1) / chunks
        // Each complete row's building is written straight into its row's slot of the result, and later moved
        // within it, never copied: for half a million rows, copying buildings (and releasing the copies) cost more
        // than reading them. Rows without a building (incomplete or faulty) are kept aside, with their problems.
        let filled = UnsafeMutablePointer<Bool>.allocate(capacity: max(count, 1))
        defer { filled.deallocate() }
        var conversions = Set<String>()
        let buildings = [Building](unsafeUninitializedCapacity: count) { buffer, initialized in
            guard let slots = buffer.baseAddress else { return }
            nonisolated(unsafe) let (slotsShared, filledShared) = (slots, filled)
            let parts = Mutex([(aside: [(index: Int, row: RowReader.Row)], problems: [Problem], conversions: Set<String>)](
                repeating: ([], [], []), count: chunks))
            DispatchQueue.concurrentPerform(iterations: chunks) { k in
                let reader = RowReader(byField: byField, columns: columns, owner: owner, file: table.file, isCommune: isCommune, defaultYear: defaultYear)
                var aside: [(index: Int, row: RowReader.Row)] = [], problems: [Problem] = [], conversions = Set<String>()
                for i in min(k * size, count)..<min((k + 1) * size, count) {
                    let row = reader.read(records[i], into: slotsShared + i)
                    problems += row.problems
                    conversions.formUnion(row.conversions)
                    filledShared[i] = row.built
                    if !row.built && row.id != nil { aside.append((i, row)) }
                }
                parts.withLock { $0[k] = (aside, problems, conversions) }
            }
            let gathered = parts.withLock { $0 }
            problems += gathered.flatMap(\.problems)
            conversions = gathered.reduce(into: Set<String>()) { $0.formUnion($1.conversions) }
            let aside = gathered.flatMap(\.aside)
            // Buildings in file order, compacted in place; lines of a building already seen (one per energy or per
            // year) add their consumptions to it.
            var indexById = IdentifierTable(capacity: count)
            var nextAside = 0
            func merge(_ id: String, into k: Int, lines: [Consumption], usage: Usage?, line: Int) {
                slots[k].consumptions += lines
                if let usage, usage != slots[k].usage {
                    problems.append(Problem(line: line, column: byField[.usage].map { $0.index + 1 }, header: byField[.usage]?.header, value: usage.label,
                                            reason: "usage différent pour le même identifiant « \(id) »",
                                            hint: "Les lignes d'un même bâtiment doivent avoir les mêmes caractéristiques."))
                }
            }
            for i in 0..<count {
                if filled[i] {
                    let id = slots[i].id
                    let (new, k) = indexById.insert(id)
                    if !new {
                        let duplicate = (slots + i).move()
                        merge(id, into: k, lines: duplicate.consumptions, usage: duplicate.usage, line: records[i].line)
                    } else if k != i {
                        (slots + k).moveInitialize(from: slots + i, count: 1)
                    }
                } else if nextAside < aside.count && aside[nextAside].index == i {
                    let row = aside[nextAside].row
                    nextAside += 1
                    // A row without a building adds its lines to a building seen before; it numbers no identifier.
                    if let id = row.id, let k = indexById.number(id) { merge(id, into: k, lines: row.lines, usage: row.usage, line: row.line) }
                }
            }
            initialized = indexById.count
        }
        // Two lines for the same carrier and year of one building would be counted twice. By index: iterating
        // would copy every building.
        for k in buildings.indices where buildings[k].consumptions.count > 1 {
            let lines = buildings[k].consumptions, id = buildings[k].id
            for (i, l) in lines.enumerated() where lines[..<i].contains(where: { $0.carrier == l.carrier && $0.year == l.year }) {
                problems.append(Problem(line: nil, column: nil, header: nil, value: id, reason: "consommation de \(l.carrier.label) \(l.year) donnée deux fois pour « \(id) »",
                                        hint: "Une seule ligne par bâtiment, énergie et année."))
            }
        }
        if buildings.isEmpty && problems.isEmpty {
            problems.append(Problem(line: nil, column: nil, header: nil, value: nil, reason: "aucun bâtiment dans le fichier",
                                    hint: "Le fichier n'a que sa ligne d'en-tête : ajoutez une ligne par bâtiment."))
        }
        problems.sort { ($0.line ?? .max, $0.column ?? 0) < ($1.line ?? .max, $1.column ?? 0) }
        return Report(file: table.file, encoding: table.encoding.rawValue, rows: table.records.count, columns: columns,
                      buildings: buildings, problems: problems, conversions: conversions.sorted())
    }

    /// Reads one row of an inventory: its building (when the row is complete), its consumption lines and its
    /// problems. One reader per thread: it remembers the texts it has already read.
    final class RowReader {
        struct Row {
            let line: Int
            var id: String?
            var usage: Usage?
            /// Whether the row was complete: its building was then written to the slot given to `read`.
            var built = false
            var lines: [Consumption] = []
            var problems: [Problem] = []
            var conversions = Set<String>()
        }

        let slots: [Column?], consumptionColumns: [Column], owner: String, file: String
        let isCommune: (String) -> Bool, defaultYear: Int?
        // Inventories repeat a few usages and energies: each distinct text is read once.
        var usageMemo = TextMemo<Usage>(), carrierMemo = TextMemo<EnergyCarrier>()

        init(byField: [Field: Column], columns: [Column], owner: String, file: String, isCommune: @escaping (String) -> Bool, defaultYear: Int?) {
            var slots = [Column?](repeating: nil, count: Field.allCases.count)
            for (field, column) in byField { slots[field.slot] = column }
            self.slots = slots
            consumptionColumns = columns.filter { $0.field?.carrier != nil }
            self.owner = owner
            self.file = file
            self.isCommune = isCommune
            self.defaultYear = defaultYear
        }

        /// Reads a row; a complete row's building is written straight into `slot` (a building is a few hundred
        /// bytes: half a million of them copied out and in again cost more than reading them).
        func read(_ r: CSVRecord, into slot: UnsafeMutablePointer<Building>) -> Row {
            var row = Row(line: r.line)
            func column(_ f: Field) -> Column? { slots[f.slot] }
            func cell(_ f: Field) -> (String, Column)? {
                guard let c = column(f) else { return nil }
                let v = BuildingImport.trimmed(r[c.index])
                return v.isEmpty ? nil : (v, c)
            }
            func problem(_ c: Column?, _ value: String?, _ reason: String, _ hint: String) {
                row.problems.append(Problem(line: r.line, column: c.map { $0.index + 1 }, header: c?.header, value: value, reason: reason, hint: hint))
            }
            func number(_ f: Field, hint: String) -> Double? {
                // The common cases straight from the cell's bytes (empty, a plain number); anything else (spaces
                // around, errors) as text.
                guard let c = column(f) else { return nil }
                let (empty, plain) = r.withUTF8(c.index) { ($0.isEmpty, FrenchNumber.plainDecimal($0)) }
                if empty { return nil }
                if let plain { return plain }
                guard let (v, c) = cell(f) else { return nil }
                guard let x = FrenchNumber.parse(v) else {
                    problem(c, v, "nombre illisible", hint)
                    return nil
                }
                return x
            }
            // Usages and energies through the memos, found by the cell's bytes.
            func readUsage(_ c: Column) -> Usage? { r.withUTF8(c.index) { usageMemo.value($0) { Usage(text: BuildingImport.trimmed($0)) } } }
            func readCarrier(_ c: Column) -> EnergyCarrier? {
                r.withUTF8(c.index) { carrierMemo.value($0) { EnergyCarrier(text: BuildingImport.trimmed($0)) } }
            }
            guard let (id, _) = cell(.identifiant) else {
                problem(column(.identifiant), nil, "identifiant manquant", "Chaque bâtiment a un identifiant unique (code du bâtiment dans votre outil).")
                return row
            }
            row.id = id
            let usage = column(.usage).flatMap(readUsage)
            if usage == nil {
                if let (v, c) = cell(.usage) {
                    problem(c, v, "usage non reconnu", "Usages reconnus : " + Usage.allCases.map(\.label).joined(separator: ", ") + ".")
                } else { problem(column(.usage), nil, "usage manquant", "Indiquez l'usage : école, mairie, gymnase, piscine, bibliothèque, salle polyvalente…") }
            }
            var commune: String?
            if let (v, c) = cell(.commune) {
                // Excel drops the leading 0 of "01001"; Corsican codes may come in lower case.
                let code = v.utf8.count == 4 && v.utf8.allSatisfy({ (0x30...0x39).contains($0) }) ? "0" + v
                    : v.utf8.contains(where: { (0x61...0x7A).contains($0) }) ? v.uppercased() : v
                if isCommune(code) { commune = code } else {
                    problem(c, v, "code commune inconnu", v.count == 5 && v.allSatisfy(\.isNumber) && v.hasPrefix("0") == false && Int(v).map { $0 < 1000 } == true ?
                            "Un code INSEE a 5 caractères." : "Code INSEE à 5 caractères (2A/2B pour la Corse), pas le code postal ; Excel retire parfois le 0 initial.")
                }
            } else { problem(column(.commune), nil, "commune manquante", "Indiquez le code INSEE de la commune du bâtiment.") }
            var area: Double?
            if let a = number(.surface, hint: "Surface en m², avec une virgule décimale : 1250,5") {
                if a > 0 && a < 1_000_000 { area = a } else { problem(column(.surface), cell(.surface)?.0, "surface impossible", "Surface en m², supérieure à 0.") }
            } else if cell(.surface) == nil { problem(column(.surface), nil, "surface manquante", "La surface (m²) est nécessaire pour tout calcul au m².") }
            var year: Int?
            if let y = number(.anneeConstruction, hint: "Année sur 4 chiffres : 1975") {
                if (1000...2030).contains(y) { year = Int(y) } else { problem(column(.anneeConstruction), cell(.anneeConstruction)?.0, "année de construction impossible", "Année sur 4 chiffres, entre 1000 et 2030.") }
            }
            let heating = column(.energieChauffage).flatMap(readCarrier)
            if heating == nil, let (v, c) = cell(.energieChauffage) {
                problem(c, v, "énergie de chauffage non reconnue", "Énergies reconnues : " + EnergyCarrier.allCases.map(\.label).joined(separator: ", ") + ".")
            }
            var consYear = defaultYear
            if let y = number(.anneeConsommation, hint: "Année sur 4 chiffres : 2023") {
                if (2000...2030).contains(y) { consYear = Int(y) } else { problem(column(.anneeConsommation), cell(.anneeConsommation)?.0, "année des consommations impossible", "Année sur 4 chiffres, entre 2000 et 2030.") }
            }
            var lines: [Consumption] = []
            func addLine(_ carrier: EnergyCarrier, _ value: Double, _ unit: EnergyUnit, _ c: Column?, _ raw: String) {
                guard value >= 0 else { problem(c, raw, "consommation négative", "Une consommation annuelle est positive ou nulle."); return }
                guard let consYear else {
                    problem(column(.anneeConsommation) ?? c, nil, "année des consommations manquante", "Ajoutez une colonne « année des consommations » (par exemple 2023).")
                    return
                }
                if unit == .m3 && carrier != .gazNaturel { problem(c, raw, "m³ pour une énergie autre que le gaz", "Les m³ ne sont convertis que pour le gaz naturel ; donnez les autres énergies en kWh ou MWh."); return }
                if unit != .kWh { row.conversions.insert(unit.conversion) }
                lines.append(Consumption(carrier: carrier, year: consYear, kWh: unit.kWh(value), original: raw + " " + unit.rawValue))
            }
            for c in consumptionColumns {
                guard let v = number(c.field!, hint: "Consommation annuelle, avec une virgule décimale : 125000,5") else { continue }
                addLine(c.field!.carrier!, v, c.unit ?? .kWh, c, cell(c.field!)!.0)
            }
            if let (e, ec) = cell(.energie), let (raw, vc) = cell(.consommation) {
                var unit = vc.unit ?? .kWh
                if let (u, uc) = cell(.unite) {
                    if let parsed = EnergyUnit(text: u) { unit = parsed } else { problem(uc, u, "unité non reconnue", "Unités reconnues : kWh, MWh, GJ, m³ (gaz).") }
                }
                let energy = readCarrier(ec)
                if let c = energy, let v = number(.consommation, hint: "Consommation annuelle, avec une virgule décimale.") {
                    addLine(c, v, unit, vc, raw)
                } else if energy == nil {
                    problem(ec, e, "énergie non reconnue", "Énergies reconnues : " + EnergyCarrier.allCases.map(\.label).joined(separator: ", ") + ".")
                }
            }
            var dpe: ExistingDPE?
            let dpeNumber = cell(.dpeNumero)?.0, dpeValue = number(.dpeConsommation, hint: "kWhEP/m²/an du DPE"), dpeLabel = cell(.dpeEtiquette)?.0.uppercased()
            if let l = dpeLabel, !LabelScale.letters.contains(l) { problem(column(.dpeEtiquette), l, "étiquette DPE inconnue", "Une lettre de A à G.") }
            if dpeNumber != nil || dpeValue != nil || dpeLabel != nil { dpe = ExistingDPE(number: dpeNumber, kWhEPPerM2: dpeValue, label: dpeLabel) }
            let heritage = cell(.patrimoine).map { ["oui", "o", "x", "1", "vrai", "true", "mh", "classe", "inscrit"].contains(Folding.fold($0.0)) } ?? false
            let lat = number(.latitude, hint: "Degrés décimaux WGS84 : 48,39"), lon = number(.longitude, hint: "Degrés décimaux WGS84 : -4,49")
            if let lat, let lon, !(-90...90 ~= lat && -180...180 ~= lon) { problem(column(.latitude), "\(lat)", "coordonnées impossibles", "Latitude et longitude en degrés décimaux (WGS84).") }

            row.usage = usage
            row.lines = lines
            guard let usage, let commune, let area else { return row }
            let name = cell(.nom)?.0 ?? "\(usage.label) \(id)"
            row.built = true
            slot.initialize(to: Building(id: id, owner: owner, name: name, communeCode: commune, address: cell(.adresse)?.0, latitude: lat, longitude: lon,
                                    usage: usage, area: area, constructionYear: year, heatingEnergy: heating, consumptions: lines, dpe: dpe,
                                    heritage: heritage, source: file))
            return row
        }
    }

    /// Values read from the few distinct texts a column repeats (usages, energies), found again by their bytes:
    /// no string is made or hashed for a text already seen. At most 64 are kept, so a column of all-different
    /// texts costs a bounded scan per cell.
    struct TextMemo<Value> {
        private var keys: [[UInt8]] = [], values: [Value?] = []

        mutating func value(_ bytes: UnsafeBufferPointer<UInt8>, read: (String) -> Value?) -> Value? {
            for (k, key) in keys.enumerated() where key.count == bytes.count {
                if key.withUnsafeBufferPointer({ bytes.isEmpty || memcmp($0.baseAddress!, bytes.baseAddress!, bytes.count) == 0 }) { return values[k] }
            }
            let value = read(String(decoding: bytes, as: UTF8.self))
            if keys.count < 64 {
                keys.append(Array(bytes))
                values.append(value)
            }
            return value
        }
    }

    /// Trims spaces and line breaks around a cell; most cells have none, and are returned as they are.
    static func trimmed(_ text: String) -> String {
        guard let first = text.utf8.first, let last = text.utf8.last else { return text }
        func isSpace(_ b: UInt8) -> Bool { b == 32 || b == 9 || b == 10 || b == 13 }
        if !isSpace(first) && !isSpace(last) && first != 0xC2 && first != 0xE2 { return text }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Rows in ADEME's DPE formats become buildings with their DPE and, for invoice-based DPEs, the consumption
    /// the diagnostician read.
    static func dpeFormat(_ table: CSVTable, owner: String, isCommune: (String) -> Bool) -> Report {
        var problems: [Problem] = [], buildings: [Building] = []
        let records: [DPERecord]
        do { records = try DPEData.read(table) } catch {
            return Report(file: table.file, encoding: table.encoding.rawValue, rows: table.records.count, columns: [], buildings: [],
                          problems: [Problem(line: 1, column: nil, header: nil, value: nil, reason: "\(error)", hint: "")], conversions: [])
        }
        for r in records {
            guard let building = r.building(owner: owner, source: table.file) else {
                problems.append(Problem(line: r.line, column: nil, header: "N°DPE", value: r.number, reason: "DPE sans surface ni code commune utilisables",
                                        hint: "Le DPE doit avoir une surface (SHON ou utile) et un code INSEE."))
                continue
            }
            guard isCommune(building.communeCode) else {
                problems.append(Problem(line: r.line, column: nil, header: "Code_INSEE_(BAN)", value: building.communeCode, reason: "code commune inconnu", hint: "Code INSEE à 5 caractères."))
                continue
            }
            buildings.append(building)
        }
        return Report(file: table.file, encoding: table.encoding.rawValue, rows: table.records.count, columns: [], buildings: buildings, problems: problems,
                      conversions: [])
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
