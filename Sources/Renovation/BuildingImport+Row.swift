import Foundation
import Tabular

extension BuildingImport {
    /// Reads one row of an inventory: its building (when the row is complete), its consumption lines and its
    /// problems. One reader per chunk of rows: it remembers the texts it has already read.
    final class RowReader {
        struct Row {
            let line: Int
            /// The building's key: the identifier given, or one made from the commune and the name.
            var key: String?
            var name: String?
            var lines: [Consumption] = []
            var problems: [Problem] = []
            /// Problems that stand only if the row does not continue a building seen before (a line per energy
            /// need not repeat the surface).
            var deferred: [Problem] = []
            var conversions = Set<String>()
            /// The usage read from the building's name, and the word that decided (nil: none, "autre").
            var inferred: (word: String?, usage: Usage)?
            var hasConsumption = false
        }

        let slots: [Column?], owner: String, file: String, choices: Choices, territory: Territory
        /// Every column of each kind of consumption (several years of one energy are several columns), and every
        /// mapped column (for the spreadsheet errors).
        let consumptionColumns: [Column], generalColumns: [Column], mapped: [Column]
        let generatedKeys: Bool
        /// Numbers of a workbook may be date cells' serial numbers; a CSV's are what was typed.
        let workbook: Bool
        // Inventories repeat a few usages, energies and commune names: each distinct text is read once.
        var usageMemo = CellMemo<Usage>(), carrierMemo = CellMemo<EnergyCarrier>(), namedMemo: [String: [String]] = [:]

        init(byField: [Field: Column], columns: [Column], owner: String, file: String, choices: Choices, territory: Territory, workbook: Bool) {
            var slots = [Column?](repeating: nil, count: Field.allCases.count)
            for (field, column) in byField { slots[field.slot] = column }
            self.slots = slots
            consumptionColumns = columns.filter { $0.field?.carrier != nil }
            generalColumns = columns.filter { $0.field == .consommation }
            mapped = columns.filter { $0.field != nil }
            self.owner = owner
            self.file = file
            self.choices = choices
            self.territory = territory
            generatedKeys = byField[.identifiant] == nil
            self.workbook = workbook
        }

        /// Reads a row, and builds its building when it is complete. The building is returned beside the row, not
        /// in it: the row is captured by the local functions below, and returning it copies it.
        func read(_ r: CSVRecord) -> (row: Row, building: Building?) {
            var row = Row(line: r.row)
            func column(_ f: Field) -> Column? { slots[f.slot] }
            func problem(_ c: Column?, _ value: String?, _ reason: String, _ hint: String, _ severity: Problem.Severity = .erreur, deferred: Bool = false) {
                let p = Problem(line: r.row, textLine: r.line, column: c.map { $0.index + 1 }, header: c?.header, value: value, reason: reason,
                                hint: hint, severity: severity)
                if deferred { row.deferred.append(p) } else { row.problems.append(p) }
            }
            // Cells holding a spreadsheet error (#DIV/0!, #N/A, Err:502…) are named once, then read as empty.
            var errorColumns = Set<Int>()
            for c in mapped {
                guard let first = r.firstByte(at: c.index), first == UInt8(ascii: "#") || first == UInt8(ascii: "E") || first == UInt8(ascii: "e") else { continue }
                let text = BuildingImport.trimmed(r[c.index])
                guard let name = SpreadsheetError.name(text), let f = c.field else { continue }
                errorColumns.insert(c.index)
                let blocking = f == .surface || f == .consommation || f.carrier != nil
                problem(c, text, "la cellule contient l'erreur de tableur \(text) (\(name))",
                        blocking ? "Corrigez la formule dans le tableur, ou écrivez la valeur." : "La valeur est ignorée ; corrigez la formule pour la garder.",
                        blocking ? .erreur : .avertissement)
            }
            func text(_ c: Column) -> String? {
                guard !errorColumns.contains(c.index) else { return nil }
                let v = BuildingImport.trimmed(r[c.index])
                return v.isEmpty ? nil : BuildingImport.unquoted(v)
            }
            func cell(_ f: Field) -> (String, Column)? { column(f).flatMap { c in text(c).map { ($0, c) } } }
            func number(at c: Column, hint: String, _ severity: Problem.Severity = .erreur) -> Double? {
                // The common cases straight from the cell's bytes (empty, a plain number); anything else (spaces
                // around, errors) as text.
                guard !errorColumns.contains(c.index) else { return nil }
                if r.isEmpty(at: c.index) { return nil }
                if let plain = r.plainNumber(at: c.index) { return plain }
                guard let v = text(c) else { return nil }
                guard let x = FrenchNumber.parse(v) else {
                    // A formula the workbook kept without its computed value (see XLSX): said as such.
                    let formula = v.hasPrefix("=")
                    problem(c, v, formula ? "formule sans valeur calculée" : severity == .erreur ? "nombre illisible" : "nombre illisible : valeur ignorée",
                            formula ? "Ouvrez le fichier dans le tableur et enregistrez-le : la valeur calculée sera écrite." : hint, severity)
                    return nil
                }
                return x
            }
            func number(_ f: Field, hint: String, _ severity: Problem.Severity = .erreur) -> Double? {
                column(f).flatMap { number(at: $0, hint: hint, severity) }
            }
            // Usages and energies through the memos, found by the cell's bytes.
            func readUsage(_ c: Column) -> Usage? { usageMemo.value(r, at: c.index) { Usage(text: BuildingImport.trimmed($0)) } }
            func readCarrier(_ c: Column) -> EnergyCarrier? { carrierMemo.value(r, at: c.index) { EnergyCarrier(text: BuildingImport.trimmed($0)) } }

            let given = cell(.identifiant)?.0, name = cell(.nom).map { BuildingImport.oneLine($0.0) }
            row.name = name
            // A total line (its figures are sums): said and skipped.
            // The row's first filled cell says so ("Total", "Sous-total écoles", "TOTAL GÉNÉRAL" in whatever column).
            // (A string is made only when the cell starts as "total" or "sous-total" may.)
            let leadingIndex = (0..<r.count).first { !r.isBlank(at: $0) }
            let leading = leadingIndex.flatMap { i in
                [UInt8(ascii: "t"), UInt8(ascii: "T"), UInt8(ascii: "s"), UInt8(ascii: "S"), 32].contains(r.firstByte(at: i) ?? 0) ? BuildingImport.trimmed(r[i]) : nil
            }
            if let first = [given, name, leading].lazy.compactMap({ $0 }).first(where: BuildingImport.isTotal) {
                // The whole row is meant: no column.
                problem(nil, first, "ligne de total ignorée", "Ses valeurs sont les sommes des lignes au-dessus.", .avertissement)
                return (row, nil)
            }
            if leadingIndex == nil { return (row, nil) }

            // Where: a code (commune, arrondissement, commune déléguée; Excel drops the leading 0), else a name.
            var place: Territory.Place?
            func byName(_ v: String, _ c: Column) {
                let codes = namedMemo[v] ?? territory.named(v)
                namedMemo[v] = codes
                if codes.count == 1 { place = territory.place(codes[0]) }
                else if codes.isEmpty {
                    problem(c, v, "commune « \(v) » introuvable", "Écrivez le nom exact de la commune (« Saint-Pol-de-Léon ») ou son code INSEE.")
                } else {
                    problem(c, v, "plusieurs communes s'appellent « \(v) » : " + codes.prefix(5).map(territory.label).joined(separator: ", "),
                            "Donnez le code INSEE de la commune (colonne « code INSEE »).")
                }
            }
            func byCode(_ v: String, _ c: Column) {
                let code = BuildingImport.inseeCode(v)
                if let found = territory.place(code) { place = found; return }
                if !BuildingImport.looksLikeCode(code) { return byName(v, c) }
                problem(c, v, "code commune inconnu",
                        v.count == 4 || v.count == 5 ? "Code INSEE à 5 caractères (2A/2B pour la Corse) : ce n'est pas le code postal (Brest : code INSEE 29019, code postal 29200)."
                            : "Un code INSEE a 5 caractères (2A/2B pour la Corse) ; Excel retire parfois le 0 initial.")
            }
            if let (v, c) = cell(.commune) { byCode(v, c) }
            else if let (v, c) = cell(.communeNom) { BuildingImport.looksLikeCode(BuildingImport.inseeCode(v)) ? byCode(v, c) : byName(v, c) }
            else { problem(column(.commune) ?? column(.communeNom), nil, "commune manquante", "Indiquez le code INSEE (ou le nom) de la commune du bâtiment.", deferred: true) }
            if let p = place, let scoped = territory.scopeProblem(p) {
                problem(column(.commune) ?? column(.communeNom), territory.label(p.commune), scoped.reason, scoped.hint, scoped.severity)
                if scoped.severity == .erreur { place = nil }
            }

            // The key: the identifier given, or the commune and the name (the address when there is no name).
            if let given { row.key = given }
            else if let p = place, let base = name ?? cell(.adresse)?.0 {
                row.key = BuildingImport.madeKey(commune: p.part ?? p.commune, name: base)
                if !generatedKeys {
                    problem(column(.identifiant), nil, "identifiant manquant : « \(row.key!) » créé à partir de la commune et du nom",
                            "Donnez un identifiant à chaque bâtiment pour qu'une prochaine importation le retrouve à coup sûr.", .avertissement)
                }
            } else if place != nil {
                problem(column(.identifiant) ?? column(.nom), nil, "ni identifiant ni nom", "Donnez au moins le nom du bâtiment.")
            }

            // What for: the usage column, else the name.
            var usage: Usage
            let usageCell = cell(.usage)
            if let c = column(.usage), usageCell != nil, let read = readUsage(c) { usage = read } else {
                let (word, inferred) = BuildingImport.inferUsage(name: name ?? "", choices: choices)
                usage = inferred
                row.inferred = (word, inferred)
                if let (v, c) = usageCell {
                    problem(c, v, "usage « \(v) » non reconnu : « \(usage.label) » retenu" + (word.map { " d'après le mot « \($0) » du nom" } ?? ""),
                            "Usages reconnus : " + Usage.allCases.map(\.label).joined(separator: ", ") + ".", .avertissement)
                } else if word == nil {
                    problem(column(.usage) ?? column(.nom), name, "usage inconnu : « autre » retenu",
                            "Indiquez l'usage (école, mairie, gymnase…) dans une colonne « usage », ou choisissez-le pour ce mot dans la correspondance.", .avertissement)
                }
            }

            var area: Double?
            if let a = number(.surface, hint: "Surface en m², avec une virgule décimale : 1250,5") {
                if a > 0 && a < 1_000_000 { area = a } else { problem(column(.surface), cell(.surface)?.0, "surface impossible", "Surface en m², supérieure à 0.") }
            } else if cell(.surface) == nil && !errorColumns.contains(column(.surface)?.index ?? -1) {
                problem(column(.surface), nil, "surface manquante", "La surface (m²) est nécessaire pour tout calcul au m².", deferred: true)
            }
            var year: Int?
            if let (v, c) = cell(.anneeConstruction) {
                if let y = BuildingImport.year(v, workbook: workbook), (1000...2030).contains(y) {
                    year = y
                    // Communes own medieval churches and chapels (ADEME's DPEs have 1083 and 1400): kept, but such a
                    // year is more often a typing slip.
                    if y < 1500 {
                        problem(c, v, "année de construction très ancienne (\(y)) : gardée, à vérifier", "Vérifiez l'année ; pour un édifice médiéval, elle est juste.", .avertissement)
                    }
                } else {
                    problem(c, v, "année de construction impossible : ignorée", "Année sur 4 chiffres, entre 1000 et 2030 (ou une date).", .avertissement)
                }
            }
            var heating: EnergyCarrier?
            if let (v, c) = cell(.energieChauffage) {
                heating = readCarrier(c)
                if heating == nil {
                    problem(c, v, "énergie « \(v) » non reconnue : ignorée", "Énergies reconnues : " + EnergyCarrier.allCases.map(\.label).joined(separator: ", ") + ".", .avertissement)
                }
            }
            // The consumptions' year: the row's, else the one in the column's header.
            var rowYear: Int?, undated: String?
            if let (v, c) = cell(.anneeConsommation) {
                if let y = BuildingImport.year(v, workbook: workbook), (2000...2030).contains(y) { rowYear = y } else {
                    problem(c, v, "année des consommations impossible", "Année sur 4 chiffres, entre 2000 et 2030.", .avertissement)
                    undated = "année des consommations impossible (« \(v) »)"
                }
            } else if let c = column(.anneeConsommation), (consumptionColumns + generalColumns).contains(where: { !r[$0.index].isEmpty && $0.year == nil }) {
                undated = "la cellule « \(c.header) » (année des consommations) est vide"
                problem(c, nil, "année des consommations vide", "Indiquez l'année des consommations de la ligne (par exemple 2023).", .avertissement)
            }
            func addLine(_ carrier: EnergyCarrier?, _ value: Double, _ unit: EnergyUnit, _ c: Column, _ raw: String, why: String? = nil) {
                guard value >= 0 else { problem(c, raw, "consommation négative", "Une consommation annuelle est positive ou nulle."); return }
                guard let carrier else {
                    problem(c, raw, "consommation non retenue : \(why ?? "énergie inconnue")",
                            "Indiquez l'énergie de cette consommation (colonne « énergie » ou « énergie principale »).", .avertissement)
                    return
                }
                // A year written in the column's header is that column's; the row's year is for the others.
                guard let y = c.year ?? rowYear else {
                    // Without any year column the file is refused once (see dryRun); a row's own gap is said here.
                    if let undated { problem(c, raw, "consommation non retenue : \(undated)", "Indiquez l'année de cette consommation (par exemple 2023).", .avertissement) }
                    return
                }
                if unit == .m3 && carrier != .gazNaturel { problem(c, raw, "m³ pour une énergie autre que le gaz", "Les m³ ne sont convertis que pour le gaz naturel ; donnez les autres énergies en kWh ou MWh."); return }
                if unit != .kWh { row.conversions.insert(unit.conversion) }
                if let same = row.lines.firstIndex(where: { $0.carrier == carrier && $0.year == y }) {
                    // Two columns of one energy and year on a row (peak and off-peak hours, two meters): added, and said.
                    let other = row.lines[same]
                    row.lines[same] = Consumption(carrier: carrier, year: y, kWh: other.kWh + unit.kWh(value), original: other.original + " + " + raw + " " + unit.rawValue, row: r.row)
                    problem(c, raw, "deuxième consommation de \(carrier.label) \(y) sur la ligne : les deux sont additionnées",
                            "Normal pour deux compteurs ou deux tarifs ; sinon, ignorez l'une des colonnes dans la correspondance.", .avertissement)
                    return
                }
                row.lines.append(Consumption(carrier: carrier, year: y, kWh: unit.kWh(value), original: raw + " " + unit.rawValue, row: r.row))
            }
            // A consumption in litres, tonnes or euros is no energy: said, never read as kWh.
            func foreign(_ c: Column) -> Bool {
                guard let unit = c.foreignUnit, let raw = text(c) else { return false }
                row.hasConsumption = true
                problem(c, raw, "consommation en « \(unit) » : ce n'est pas une unité d'énergie", "Donnez la consommation en kWh, MWh ou GJ (ou en m³ pour le gaz), comme sur les factures, et l'unité dans le nom de la colonne.")
                return true
            }
            // The unit of the row (a « Unité » column) holds for the columns whose header gives none.
            var rowUnit: EnergyUnit?, unitKnown = true
            if let (u, uc) = cell(.unite) {
                rowUnit = EnergyUnit(text: u)
                if rowUnit == nil {
                    unitKnown = false
                    problem(uc, u, "unité non reconnue", "Unités reconnues : kWh, MWh, GJ, m³ (gaz).")
                }
            }
            for c in consumptionColumns where !foreign(c) {
                guard let v = number(at: c, hint: "Consommation annuelle, avec une virgule décimale : 125000,5") else { continue }
                row.hasConsumption = true
                if unitKnown || c.unit != nil { addLine(c.field!.carrier!, v, c.unit ?? rowUnit ?? .kWh, c, text(c)!) }
            }
            for vc in generalColumns where !foreign(vc) {
                guard let v = number(at: vc, hint: "Consommation annuelle, avec une virgule décimale : 125000,5") else { continue }
                row.hasConsumption = true
                let raw = text(vc)!
                guard unitKnown || vc.unit != nil else { continue }
                let unit = vc.unit ?? rowUnit ?? .kWh
                // The energy of the line, else the building's main energy (one consumption column beside
                // « Énergie principale », the commonest layout).
                if let (e, ec) = cell(.energie) {
                    addLine(readCarrier(ec), v, unit, vc, raw, why: "énergie « \(e) » non reconnue")
                } else {
                    addLine(heating, v, unit, vc, raw, why: cell(.energieChauffage).map { "énergie « \($0.0) » non reconnue" } ?? "aucune énergie indiquée")
                }
            }
            var dpe: ExistingDPE?
            let dpeNumber = cell(.dpeNumero)?.0, dpeValue = number(.dpeConsommation, hint: "kWhEP/m²/an du DPE", .avertissement)
            var dpeLabel = cell(.dpeEtiquette)?.0.uppercased()
            if let l = dpeLabel, !LabelScale.letters.contains(l) {
                problem(column(.dpeEtiquette), l, "étiquette DPE inconnue : ignorée", "Une lettre de A à G.", .avertissement)
                dpeLabel = nil
            }
            if dpeNumber != nil || dpeValue != nil || dpeLabel != nil { dpe = ExistingDPE(number: dpeNumber, kWhEPPerM2: dpeValue, label: dpeLabel) }
            var heritage = false
            if let (v, c) = cell(.patrimoine) {
                // "Classé MH", "Inscrit", "Oui (inscrit)", "Monument historique": protected; "non", "0": not; anything
                // else is said.
                let words = Set(Folding.fold(v).split(separator: " ").map(String.init))
                if !words.isDisjoint(with: ["oui", "o", "x", "1", "vrai", "true", "mh", "classe", "inscrit", "monument", "protege", "site", "abords"]) {
                    heritage = true
                } else if words.isDisjoint(with: ["non", "n", "0", "faux", "false", "aucun", "aucune", "sans"]) {
                    problem(c, v, "protection patrimoniale « \(v) » non reconnue : bâtiment compté comme non protégé",
                            "Écrivez « oui », « classé MH », « inscrit MH » ou « non ».", .avertissement)
                }
            }
            var lat = number(.latitude, hint: "Degrés décimaux WGS84 : 48,39", .avertissement), lon = number(.longitude, hint: "Degrés décimaux WGS84 : -4,49", .avertissement)
            if let la = lat, let lo = lon, !(-90...90 ~= la && -180...180 ~= lo) {
                problem(column(.latitude), "\(la) ; \(lo)", "coordonnées impossibles : ignorées", "Latitude et longitude en degrés décimaux (WGS84).", .avertissement)
                (lat, lon) = (nil, nil)
            }

            guard let key = row.key, let place, let area else {
                // Without a key the row continues no building: what it lacks is said here.
                if row.key == nil {
                    row.problems += row.deferred
                    row.deferred = []
                }
                return (row, nil)
            }
            let building = Building(id: key, owner: owner, name: name ?? "", communeCode: place.commune, communePart: place.part,
                                    address: cell(.adresse).map { BuildingImport.oneLine($0.0) }, latitude: lat, longitude: lon, usage: usage, area: area, constructionYear: year,
                                    heatingEnergy: heating, consumptions: row.lines, dpe: dpe, heritage: heritage, source: file)
            return (row, building)
        }
    }
}
