import BundledData
import Foundation
import Tabular
import Testing
@testable import Renovation

/// Building lists shaped like the exports collectivités really have (issue 13): a title block, no identifier, one
/// consumption column beside the main energy, arrondissement codes, UTF-16, spreadsheet errors, total lines.
/// The figures of `mainEnergyLayoutImportsAsMeasured` are real (ADEME's published DPEs); the other files are
/// hand-made, small, and say what they test.
@Suite struct RealExportTests {
    /// Every consumption cell of the file ends in a building (same row, same text) or in a message located at its
    /// row: at its column, or a blocking error of the row (then nothing is imported), or the total line's warning.
    static func expectConserved(_ table: CSVTable, _ report: BuildingImport.Report, sourceLocation: SourceLocation = #_sourceLocation) {
        let columns = report.columns.filter { $0.field == .consommation || $0.field?.carrier != nil }
        let read = Set(report.buildings.flatMap { b in b.consumptions.flatMap { c in c.original.components(separatedBy: " + ").map { "\(c.row ?? 0)|\($0)" } } })
        var lost: [String] = []
        for record in table.records {
            for column in columns {
                let raw = record[column.index].trimmingCharacters(in: .whitespacesAndNewlines)
                guard !raw.isEmpty else { continue }
                let unit = (column.unit ?? .kWh).rawValue
                if read.contains("\(record.row)|\(raw) \(unit)") || read.contains(where: { $0.hasPrefix("\(record.row)|\(raw) ") }) { continue }
                let said = report.problems.contains { p in
                    p.line == record.row && (p.column == column.index + 1 || p.severity == .erreur || p.reason == "ligne de total ignorée")
                }
                if !said { lost.append("ligne \(record.row), « \(column.header) » : \(raw)") }
            }
        }
        #expect(lost.isEmpty, "valeurs perdues : \(lost)", sourceLocation: sourceLocation)
    }

    static func read(_ text: String, file: String = "export.csv", encoding: String.Encoding = .utf8) throws -> CSVTable {
        try BuildingImport.table([UInt8](text.data(using: encoding)!), file: file)
    }

    /// A hand-made territory: Landerneau (29103), Brest (29019), Paris (75056) with its 15th arrondissement, Lyon
    /// (69123) with its 3rd, Marseille (13055) with its 1st, and a name given to two communes (to test an
    /// ambiguous name).
    static let territory = BuildingImport.Territory(
        place: { code in
            switch code {
            case "29103", "29019", "75056", "69123", "13055", "29266", "22300": return .init(commune: code, part: nil)
            case "75115": return .init(commune: "75056", part: code)
            case "69383": return .init(commune: "69123", part: code)
            case "13201": return .init(commune: "13055", part: code)
            default: return nil
            }
        },
        named: { name in
            switch Folding.fold(name) {
            case "landerneau": ["29103"]
            case "brest": ["29019"]
            case "saint thegonnec": ["29266", "22300"]
            default: []
            }
        },
        scope: .anywhere)

    static func dryRun(_ table: CSVTable, territory: BuildingImport.Territory = territory, choices: BuildingImport.Choices = .init()) -> BuildingImport.Report {
        BuildingImport.dryRun(table, owner: "commune:29103", choices: choices, territory: territory)
    }

    /// Point 1, on real data: the public-type DPEs of ADEME's published file that carry one invoice reading,
    /// written as the commonest export (one "Consommation (kWh)" column beside "Énergie principale", no
    /// identifier). Every building with a consumption imports as measured, with the kWh the file gives.
    @Test func mainEnergyLayoutImportsAsMeasured() throws {
        let bytes = try Gzip.decompress(contentsOf: BundledData.url("batiments/dpe_tertiaire_v2_ademe_format_publie.csv.gz"))
        let records = try DPEData.read(try CSV.parse(bytes, file: "dpe.csv")).filter {
            Usage(dpeSector: $0.sector) != nil && $0.consumptions.count == 1 && $0.communeCode != nil && ($0.betterSurface ?? 0) > 0 && $0.address != nil
        }
        #expect(records.count > 40)
        var csv = "Désignation;Adresse;Code INSEE;Surface (m²);Énergie principale;Consommation (kWh);Année\n"
        for (k, r) in records.enumerated() {
            let c = r.consumptions[0]
            csv += "\(Usage(dpeSector: r.sector)!.label) n° \(k + 1);\(r.address!.replacingOccurrences(of: ";", with: ","));\(r.communeCode!);"
                + "\(FrenchCSV.number(r.betterSurface!, decimals: 1));\(c.carrier.label);\(FrenchCSV.number(c.kWh, decimals: 0));\(c.year)\n"
        }
        let table = try Self.read(csv)
        let codes = Set(records.compactMap(\.communeCode))
        let report = BuildingImport.dryRun(table, owner: "commune:29103", territory: .codes { codes.contains($0) })
        #expect(report.columns.first { $0.header == "Énergie principale" }?.field == .energieChauffage)
        #expect(report.columns.first { $0.header == "Consommation (kWh)" }?.field == .consommation)
        #expect(report.isValid, "\(report.errors.prefix(3))")
        #expect(report.buildings.count == records.count)
        #expect(report.measured == records.count)
        for (b, r) in zip(report.buildings, records) {
            #expect(b.consumptions.map(\.carrier) == [r.consumptions[0].carrier])
            #expect(b.consumptions.map(\.kWh) == [r.consumptions[0].kWh.rounded()])
        }
        Self.expectConserved(table, report)
    }

    /// Point 2: without identifier column, each building is keyed by its commune and name; the same list read
    /// again gives the same keys; two buildings of the same name in one commune (other surface) get "-2" and a
    /// warning; lines of one building (same name, address, surface, another year) add up.
    @Test func buildingsWithoutIdentifierGetStableKeys() throws {
        let csv = """
            Nom;Commune;Surface;Énergie principale;Consommation (kWh);Année
            École Jules Ferry;29103;1200;Gaz;100000;2023
            École Jules Ferry;29103;1200;Gaz;90000;2022
            Salle des sports;29103;900;Électricité;50000;2023
            Salle des sports;29103;1500;Électricité;70000;2023
            """
        let first = Self.dryRun(try Self.read(csv)), second = Self.dryRun(try Self.read(csv))
        #expect(first.identifiers == .crees && first.isValid)
        #expect(first.buildings.map(\.id) == ["29103-ecole-jules-ferry", "29103-salle-des-sports", "29103-salle-des-sports-2"])
        #expect(second.buildings.map(\.id) == first.buildings.map(\.id))
        #expect(first.buildings[0].consumptions.map(\.year) == [2023, 2022])
        #expect(first.warnings.map(\.line) == [5])
        Self.expectConserved(try Self.read(csv), first)
    }

    /// Point 2: an identifier given twice to different buildings is an error naming both rows (it used to keep
    /// one of them silently: 34 lines, 33 buildings).
    @Test func aDuplicateIdentifierNamesBothRows() throws {
        let csv = "Code bâtiment;Nom;Code INSEE;Usage;Surface\nB01;Mairie;29103;mairie;800\nB02;École;29103;école;1000\nB01;Gymnase;29103;gymnase;1500\n"
        let report = Self.dryRun(try Self.read(csv))
        #expect(!report.isValid)
        let p = try #require(report.errors.first)
        #expect(p.line == 4 && p.value == "B01" && p.reason.contains("déjà donné ligne 2"))
    }

    /// The rows' buildings are compacted in place: rows without a building, later rows of a building, a refused
    /// identifier and a homonym leave their slots, and the buildings kept come out in file order, each with what
    /// its rows gave (more than 5,000 rows, so that the rows are read in several chunks).
    @Test func buildingsComeOutInFileOrderAroundTheRowsThatLeave() throws {
        var csv = "Code bâtiment;Nom;Code INSEE;Usage;Surface;Électricité 2023 (kWh)\n"
        csv += "X0;Sans surface;29103;mairie;;1000\n"        // no building: its key names none, its problems stand
        csv += "A;École;29103;école;100;1000\n"
        csv += "A;École;29103;école;100;500\n"               // the same building: 1000 + 500
        csv += "B;Gymnase;29103;gymnase;200;300\n"
        csv += "A;Mairie;29103;mairie;50;10\n"               // another building under A's identifier: refused
        csv += ";;;;;\n"
        for k in 0..<6_000 { csv += "N\(k);Salle \(k);29103;autre;\(10 + k % 7);\(k)\n" }
        csv += "A;;29103;;;20\n"                             // A's line without a name or surface: added to A
        let report = Self.dryRun(try Self.read(csv))
        #expect(report.buildings.map(\.id) == ["A", "B"] + (0..<6_000).map { "N\($0)" })
        #expect(report.buildings[0].consumptions.map(\.kWh) == [1520] && report.buildings[1].consumptions.map(\.kWh) == [300])
        #expect(report.buildings.dropFirst(2).enumerated().allSatisfy { k, b in b.name == "Salle \(k)" && b.area == Double(10 + k % 7) && b.consumptions.map(\.kWh) == [Double(k)] })
        #expect(report.errors.map(\.line) == [2, 6])
    }

    /// Point 3: arrondissement codes (what the national address base returns) belong to their commune and stay on
    /// the building; an empty code is read from the commune's name when it designates one commune; an ambiguous
    /// name is an error listing the candidates; a postcode is not called an arrondissement.
    @Test func arrondissementsAndCommuneNames() throws {
        let csv = """
            Nom;Code INSEE;Commune;Surface
            Mairie du 15e;75115;Paris;2000
            Mairie du 3e;69383;Lyon;1500
            Mairie du 1er;13201;Marseille;1400
            Médiathèque;;Landerneau;900
            École;;Saint-Thégonnec;500
            Gymnase;29200;Brest;1000
            """
        let report = Self.dryRun(try Self.read(csv))
        #expect(report.buildings.map(\.communeCode) == ["75056", "69123", "13055", "29103"])
        #expect(report.buildings.map(\.communePart) == ["75115", "69383", "13201", nil])
        #expect(report.errors.map(\.line) == [6, 7])
        #expect(report.errors[0].reason.hasPrefix("plusieurs communes s'appellent « Saint-Thégonnec »"))
        #expect(report.errors[1].reason == "code commune inconnu" && report.errors[1].hint.contains("code postal"))
    }

    /// Point 4: a title, a date and a blank line above the table; the title's commas do not make "," the separator.
    @Test func aTitleBlockIsSkipped() throws {
        let csv = "Patrimoine communal, état au 1er janvier 2024, version provisoire\nÉdité le 12/03/2024\n\n"
            + "Nom;Code INSEE;Usage;Surface (m²);Électricité (kWh);Année conso\nMairie;29103;mairie;1 820,5;145 210;2023\n\"École\nmaternelle\";29103;école;640;58 000;2023\n"
        let table = try Self.read(csv)
        #expect(table.separator == ";" && table.headerRow == 4 && table.titleRows == [1, 2])
        let report = Self.dryRun(table)
        #expect(report.isValid && report.buildings.count == 2 && report.measured == 2)
        #expect(report.buildings[1].name == "École maternelle")
        #expect(report.buildings[1].consumptions.first?.row == 6)
    }

    /// Point 5: Excel's "Texte Unicode" (UTF-16 LE with BOM, tabs) and UTF-16 BE are read; a PDF, an old .xls,
    /// an image or a binary is named for what it is.
    @Test func utf16AndFilesThatAreNoTable() throws {
        let text = "Nom\tCode INSEE\tUsage\tSurface\r\nMédiathèque\t29103\tculture\t900\r\n"
        for (encoding, name) in [(String.Encoding.utf16LittleEndian, "UTF-16 LE"), (.utf16BigEndian, "UTF-16 BE")] {
            let bom: [UInt8] = encoding == .utf16LittleEndian ? [0xFF, 0xFE] : [0xFE, 0xFF]
            let table = try BuildingImport.table(bom + [UInt8](text.data(using: encoding)!), file: "export.txt")
            #expect(table.encoding.rawValue == name)
            let report = Self.dryRun(table)
            #expect(report.isValid && report.buildings.first?.name == "Médiathèque")
        }
        // Without BOM too.
        #expect(try BuildingImport.table([UInt8](text.data(using: .utf16LittleEndian)!), file: "x.txt").header == ["Nom", "Code INSEE", "Usage", "Surface"])
        let refused: [([UInt8], String)] = [
            (Array("%PDF-1.7\n%âãÏÓ\n".utf8), "PDF"), ([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0], ".xls"),
            ([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "image"), ([0x00, 0x01, 0x02, 0x03, 0x41, 0x00, 0xFF, 0x10], "ni un CSV ni un classeur"),
        ]
        for (bytes, said) in refused {
            let error = #expect(throws: FileError.self) { try BuildingImport.table(bytes, file: "f") }
            #expect(error?.message.contains(said) == true, "\(String(describing: error))")
        }
    }

    /// Point 6: impossible secondary values are dropped with a warning and the file imports; what makes a
    /// building meaningless blocks; a spreadsheet error is named.
    @Test func warningsDoNotBlockErrorsDo() throws {
        let secondary = "Nom;Code INSEE;Usage;Surface;Année de construction;Électricité (kWh);Année conso\nMairie;29103;mairie;800;1200;5000;0\nÉcole;29103;école;900;#N/A;6000;2023\nGymnase;29103;gymnase;700;3;100;2023\n"
        let ok = Self.dryRun(try Self.read(secondary))
        #expect(ok.isValid && ok.errors.isEmpty)
        #expect(ok.buildings[0].constructionYear == 1200 && ok.buildings[0].consumptions.isEmpty)
        #expect(ok.warnings.contains { $0.line == 2 && $0.column == 5 && $0.reason.hasPrefix("année de construction très ancienne") })
        #expect(Set(ok.warnings.map(\.line)) == [2, 3, 4])
        #expect(ok.buildings[2].constructionYear == nil && ok.warnings.contains { $0.line == 4 && $0.reason == "année de construction impossible : ignorée" })
        #expect(ok.warnings.contains { $0.line == 3 && $0.reason.contains("#N/A") })
        Self.expectConserved(try Self.read(secondary), ok)
        let blocking = "Nom;Code INSEE;Usage;Surface;Électricité (kWh);Année conso\nA;29103;mairie;;5000;2023\nB;29103;mairie;-40;5000;2023\n"
            + "C;29103;école;900;environ 6000;2023\nD;99999;école;900;6000;2023\nE;29103;école;#DIV/0!;1;2023\n"
        let bad = Self.dryRun(try Self.read(blocking))
        #expect(!bad.isValid)
        #expect(bad.errors.map(\.line) == [2, 3, 4, 5, 6])
        #expect(bad.errors.map(\.reason).contains("la cellule contient l'erreur de tableur #DIV/0! (division par zéro)"))
        Self.expectConserved(try Self.read(blocking), bad)
    }

    /// Point 7: without usage column the usage comes from the name, with the word shown; the person's choice for a
    /// word wins; no word means "autre" with a warning.
    @Test func usageFromTheName() throws {
        let csv = "Nom;Code INSEE;Surface\nGroupe scolaire Pasteur;29103;2000\nSalle des fêtes;29103;600\nCrèche les Lutins;29103;300\nHangar;29103;400\n"
        let report = Self.dryRun(try Self.read(csv))
        #expect(report.isValid)
        #expect(report.buildings.map(\.usage) == [.ecole, .sallePolyvalente, .ecole, .autre])
        #expect(report.inferredUsages.map(\.word) == ["crèche", "groupe scolaire", "salle des fêtes", nil])
        #expect(report.warnings.map(\.line) == [5])
        let chosen = Self.dryRun(try Self.read(csv), choices: .init(usageWords: ["crèche": .santeSocial]))
        #expect(chosen.buildings[2].usage == .santeSocial)
    }

    /// Point 8: a commune's inventory takes a building of another commune with a warning; an EPCI's refuses a
    /// commune outside its members.
    @Test func buildingsOutsideTheCollectivite() throws {
        let csv = "Nom;Code INSEE;Usage;Surface\nMairie;29103;mairie;800\nÉcole;29019;école;900\n"
        let commune = BuildingImport.Territory(place: { .init(commune: $0, part: nil) }, scope: .commune("29103"))
        let asCommune = Self.dryRun(try Self.read(csv), territory: commune)
        #expect(asCommune.isValid && asCommune.warnings.map(\.line) == [3])
        let epci = BuildingImport.Territory(place: { .init(commune: $0, part: nil) }, scope: .members(["29103"], name: "CA du Pays de Landerneau-Daoulas"))
        let asEPCI = Self.dryRun(try Self.read(csv), territory: epci)
        #expect(!asEPCI.isValid && asEPCI.errors.map(\.line) == [3])
    }

    /// Point 10: a consumption year left empty in an existing column says so (not "add a column"); a file whose
    /// consumptions have no year column at all is told once.
    @Test func emptyYearCellsAreSaidAsSuch() throws {
        let report = Self.dryRun(try Self.read("Nom;Code INSEE;Usage;Surface;Gaz (kWh);Année conso\nMairie;29103;mairie;800;5000;\n"))
        #expect(report.isValid && report.warnings.count == 2)
        #expect(report.warnings.map(\.column) == [5, 6])
        #expect(report.warnings[0].reason.contains("est vide") && report.warnings[1].reason == "année des consommations vide")
        let noYear = Self.dryRun(try Self.read("Nom;Code INSEE;Usage;Surface;Gaz (kWh)\nMairie;29103;mairie;800;5000\n"))
        #expect(!noYear.isValid && noYear.errors.map(\.reason) == ["consommations sans année"])
        let inHeader = Self.dryRun(try Self.read("Nom;Code INSEE;Usage;Surface;Conso gaz 2023 (kWh)\nMairie;29103;mairie;800;5000\n"))
        #expect(inHeader.isValid && inHeader.buildings[0].consumptions.map(\.year) == [2023])
    }

    /// Our own exports neutralise formula-like names with a leading apostrophe: importing them back removes it.
    @Test func reimportedNamesLoseTheProtectiveApostrophe() throws {
        let report = Self.dryRun(try Self.read("Identifiant;Nom;Code INSEE;Usage;Surface\n'-001;'=Salle;29103;mairie;800\n"))
        #expect(report.buildings.first?.id == "-001" && report.buildings.first?.name == "=Salle")
    }

    @Test func yearsAsFilesWriteThem() {
        #expect(BuildingImport.year("1975") == 1975 && BuildingImport.year("1975,0") == 1975)
        #expect(BuildingImport.year("27760") == 1976)  // Excel's serial number of 1 January 1976
        #expect(BuildingImport.year("12/05/1975") == 1975 && BuildingImport.year("1975-05-12") == 1975 && BuildingImport.year("05/1975") == 1975)
        #expect(BuildingImport.year("19102022") == 2022 && BuildingImport.year("20221019") == 2022)  // ADEME's file has such dates
        #expect(BuildingImport.year("0") == nil && BuildingImport.year("douze") == nil)
        // Numbers no Int holds are no year (the fuzz corpus found the trap).
        #expect(BuildingImport.year("1e308") == nil && BuildingImport.year("-1e300") == nil)
    }

    // What an adversarial review of the import found (each reproduced on the first version of this rewrite).

    /// Two years of one energy are two columns, each read from its own; a « Unité » column holds for per-energy
    /// columns; "Conso élec" is electricity, not the main energy.
    @Test func columnsOfOneEnergyAndUnits() throws {
        let years = Self.dryRun(try Self.read("Nom;Commune;Surface;Électricité 2022;Électricité 2023\nMairie;Landerneau;800;41000;42000\n"))
        #expect(years.buildings[0].consumptions.map { "\($0.year):\($0.kWh)" } == ["2022:41000.0", "2023:42000.0"])
        let unit = Self.dryRun(try Self.read("Nom;Commune;Surface;Électricité;Gaz;Unité;Année\nMairie;Landerneau;800;41;52;MWh;2023\n"))
        #expect(unit.buildings[0].consumptions.map(\.kWh) == [41_000, 52_000])
        let elec = Self.dryRun(try Self.read("Nom;Commune;Surface;Énergie principale;Conso élec (kWh);Année\nMairie;Landerneau;800;Gaz;50000;2023\n"))
        #expect(elec.buildings[0].consumptions.map(\.carrier) == [.electricite])
        // A bare "Année" beside yearly consumption columns is the construction year, and never the consumptions'.
        let built = Self.dryRun(try Self.read("Nom;Commune;Surface;Année;Énergie principale;Consommation 2023 (kWh)\nÉcole;Landerneau;1200;2005;Gaz;90000\n"))
        #expect(built.buildings[0].constructionYear == 2005 && built.buildings[0].consumptions.map(\.year) == [2023])
    }

    /// Later rows of a building fill what the first left empty; a row of another name under a given identifier is
    /// refused even without surface; "École" and "Ecole" of one commune and surface are one building.
    @Test func rowsOfOneBuilding() throws {
        let merged = Self.dryRun(try Self.read("Id;Nom;Code INSEE;Surface;Année de construction;Énergie principale;Consommation (kWh);Année;Étiquette DPE\n"
            + "B1;École Jean Moulin;29103;1200;;Gaz;100000;2022;\nB1;École Jean Moulin;29103;1200;1975;Gaz;110000;2023;D\n"))
        #expect(merged.isValid && merged.buildings.count == 1)
        #expect(merged.buildings[0].constructionYear == 1975 && merged.buildings[0].dpe?.label == "D" && merged.buildings[0].consumptions.count == 2)
        let aside = Self.dryRun(try Self.read("Id;Nom;Code INSEE;Surface;Énergie principale;Consommation (kWh);Année\n"
            + "B1;École Jean Moulin;29103;1200;Gaz;100000;2023\nB1;Gymnase du Vern;29103;;Fioul;55000;2023\n"))
        #expect(!aside.isValid && aside.errors.map(\.line) == [3])
        let accents = Self.dryRun(try Self.read("Nom;Commune;Surface;Énergie principale;Consommation (kWh);Année\n"
            + "École Jean Moulin;29103;1200;Gaz;1;2022\nEcole Jean Moulin;29103;1200;Gaz;2;2023\nSalle des fêtes;29103;300;Gaz;3;2023\n"
            + "Salle des fêtes;29103;450;Gaz;4;2022\nSalle des fêtes;29103;450;Gaz;5;2023\n"))
        #expect(accents.buildings.map(\.id) == ["29103-ecole-jean-moulin", "29103-salle-des-fetes", "29103-salle-des-fetes-2"])
        #expect(accents.buildings[2].consumptions.map(\.kWh) == [4, 5])
    }

    /// Sub-totals and totals in any column are skipped; a title naming two fields is no header when the real one
    /// names more; a comma-laden note above a ;-table does not make "," the separator; "Code postal" is no
    /// identifier; an inventory's own "N°DPE" column is no ADEME file; 3975 typed in a CSV is no date.
    @Test func headersTotalsAndTypos() throws {
        let totals = Self.dryRun(try Self.read("Commune;Nom;Surface;Gaz (kWh);Année\nLanderneau;Mairie;800;5000;2023\n"
            + "Landerneau;Sous-total Landerneau;800;5000;2023\nTotal général;;800;5000;\n"))
        #expect(totals.buildings.count == 1 && totals.isValid)
        #expect(totals.warnings.filter { $0.reason == "ligne de total ignorée" }.map(\.line) == [3, 4])
        let titled = try Self.read("Patrimoine bâti — Commune de Landerneau;;Surface totale : 4 500 m²;;\nNote : chiffres 2023, provisoires, à vérifier\n"
            + "Note : surfaces, en m², hors annexes\nNote : données internes, ne pas diffuser\n\nNom;Code INSEE;Usage;Surface\nMairie;29103;mairie;800\n")
        #expect(titled.headerRow == 6 && titled.separator == ";")
        let postal = Self.dryRun(try Self.read("Nom;Code postal;Code INSEE;Surface;N°DPE\nMairie;29800;29103;800;2129E0000001A\nÉcole;29800;29103;900;\n"))
        #expect(postal.isValid && postal.buildings.count == 2 && postal.buildings[0].dpe?.number == "2129E0000001A")
        let typo = Self.dryRun(try Self.read("Nom;Code INSEE;Surface;Année de construction\nMairie;29103;800;3975\n"))
        #expect(typo.buildings[0].constructionYear == nil && typo.warnings.count == 1)
    }

    /// Words of real files: a heat pump is electricity, two energies are none; heritage as people write it.
    @Test func energiesAndHeritageAsWritten() throws {
        #expect(EnergyCarrier(text: "Pompe à chaleur") == .electricite && EnergyCarrier(text: "PAC air/eau") == .electricite)
        #expect(EnergyCarrier(text: "Gaz + électricité") == nil && EnergyCarrier(text: "Gaz naturel") == .gazNaturel)
        let report = Self.dryRun(try Self.read("Nom;Code INSEE;Surface;Monument historique\nA;29103;1;Classé MH\nB;29103;1;Inscrit MH\nC;29103;1;non\nD;29103;1;peut-être\n"))
        #expect(report.buildings.map(\.heritage) == [true, true, false, false] && report.warnings.map(\.line).contains(5))
    }

    /// The ADEME format is read against the territory too: an arrondissement within its commune, a commune
    /// outside an EPCI refused, a DPE number given twice refused; a year of 1e300 is no year (it trapped).
    @Test func ademeRowsAgainstTheTerritory() throws {
        let header = "N°DPE;Conso_kWhep/m²/an;Secteur_activité;Surface_utile;Code_INSEE_(BAN);Année_construction\n"
        let csv = header + "2129E0000001A;150;W : Bureaux;500;75115;1e300\n2129E0000002A;150;W : Bureaux;500;29019;1975\n2129E0000001A;150;W : Bureaux;500;29103;1975\n"
        let epci = BuildingImport.Territory(place: Self.territory.place, scope: .members(["75056", "29103"], name: "CA test"))
        let report = BuildingImport.dryRun(try Self.read(csv), owner: "epci:1", territory: epci)
        #expect(report.buildings.map(\.communeCode) == ["75056"] && report.buildings[0].communePart == "75115" && report.buildings[0].constructionYear == nil)
        #expect(report.errors.map(\.line) == [3, 4])
    }
}
