import BundledData
import Foundation
import Tabular
import Testing
@testable import Renovation

@Suite struct ImportTests {
    static func fixture(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)")))
    }

    static func dryRun(_ name: String) throws -> BuildingImport.Report {
        let table = try BuildingImport.table(fixture(name), file: name)
        return BuildingImport.dryRun(table, owner: "commune:29019", isCommune: { $0 == "29019" })
    }

    /// The hand-made messy file (Latin-1, `;`, decimal commas, spaces as thousands separators, MWh and m³)
    /// has one bad surface on line 6: it is reported there, in column 5, and nothing is importable.
    /// One row per building and energy (hand-made): lines of one building add up, in file order, even from a row
    /// that leaves the usage empty (the name says "Mairie"); a different usage for the same identifier is a
    /// warning on its line (the first row's usage is kept); a row without surface whose identifier was never seen
    /// is an error.
    @Test func linesOfOneBuildingAddUp() throws {
        let csv = """
            identifiant;nom;code insee;usage;surface;annee conso;energie;consommation;unite
            E1;École A;29019;école;1000;2023;électricité;50000;kWh
            E1;École A;29019;école;1000;2023;gaz;10;MWh
            M1;Mairie;29019;mairie;500;2023;gaz;5000;kWh
            E1;École A;29019;gymnase;1000;2022;fioul;100;kWh
            X1;Sans surface;29019;école;;2023;gaz;100;kWh
            M1;Mairie;29019;;500;2022;électricité;2000;kWh
            """
        let report = BuildingImport.dryRun(try CSV.parse(Array(csv.utf8), file: "long.csv"), owner: "commune:29019", isCommune: { $0 == "29019" })
        #expect(report.buildings.map(\.id) == ["E1", "M1"])
        #expect(report.buildings[0].consumptions.map(\.kWh) == [50_000, 10_000, 100])
        #expect(report.buildings[1].consumptions.map { "\($0.carrier.rawValue) \($0.year)" } == ["gaz_naturel 2023", "electricite 2022"])
        #expect(report.problems.map(\.line) == [5, 6])
        #expect(report.problems[0].severity == .avertissement && report.problems[0].reason.hasPrefix("usage (« Gymnase, sport couvert ») différent(s) de la ligne 2"))
        #expect(report.problems[1].reason == "surface manquante" && report.problems[1].severity == .erreur)
        #expect(report.buildings[0].usage == .ecole)
    }

    /// The same across the chunks read in parallel: 12,000 rows, each building on two rows 6,000 apart.
    @Test func linesAddUpAcrossChunks() throws {
        var csv = "identifiant;usage;code insee;surface;annee conso;electricite\n"
        for i in 0..<12_000 { csv += "B\(i % 6_000);école;29019;\(100 + i % 6_000);\(2022 + i / 6_000);\(i)\n" }
        let report = BuildingImport.dryRun(try CSV.parse(Array(csv.utf8), file: "double.csv"), owner: "commune:29019", isCommune: { $0 == "29019" })
        #expect(report.problems.isEmpty)
        #expect(report.buildings.count == 6_000)
        #expect(report.buildings.map(\.id) == (0..<6_000).map { "B\($0)" })
        #expect(report.buildings.allSatisfy { b in b.consumptions.map(\.kWh) == [Double(b.area) - 100, Double(b.area) - 100 + 6_000] })
    }

    @Test func fieldSlotsFollowTheirOrder() {
        #expect(BuildingImport.Field.allCases.map(\.slot) == Array(BuildingImport.Field.allCases.indices))
    }

    @Test func reportsTheBadRowPrecisely() throws {
        let report = try Self.dryRun("inventaire_errone.csv")
        #expect(report.encoding == "Windows-1252")
        #expect(!report.isValid)
        #expect(report.problems.count == 1)
        let p = try #require(report.problems.first)
        #expect(p.line == 6 && p.column == 5 && p.value == "douze cents")
        #expect(p.reason == "nombre illisible")
    }

    @Test func readsTheFixedFileWithItsUnits() throws {
        let report = try Self.dryRun("inventaire.csv")
        #expect(report.problems.isEmpty)
        #expect(report.buildings.map(\.id) == ["ECO-01", "MAI-01", "GYM-01", "BIB-01", "SAL-01"])
        let mapping = Dictionary(uniqueKeysWithValues: report.columns.map { ($0.header, $0.field?.rawValue ?? "") })
        #expect(mapping["Superficie (m²)"] == "surface" && mapping["Gaz (m3)"] == "conso_gaz" && mapping["Type"] == "usage")
        let school = report.buildings[0]
        #expect(school.area == 1250.5 && school.usage == .ecole && school.constructionYear == 1962 && school.heatingEnergy == .gazNaturel)
        // 9,500 m³ of gas at 11.2 kWh/m³ = 106,400 kWh; 48,200 kWh of electricity.
        #expect(school.consumptions.map(\.kWh).sorted() == [48_200, 106_400])
        // 95.5 MWh of fuel oil.
        #expect(report.buildings[1].consumptions.contains { $0.carrier == .fioul && $0.kWh == 95_500 })
        #expect(report.buildings[3].consumptions.isEmpty)
        #expect(report.conversions.count == 2)
        // The school: (48,200 × 2.3 + 106,400) / 1,250.5 = 173.7 kWhEP/m² → C.
        let a = Assessor.assess(school, climate: ClimateTable(departements: [:]), model: nil)
        #expect(abs(a.primaryPerM2 - 217_260 / 1250.5) < 1e-9 && a.label == "C")
    }

    @Test func theSameDataAsXLSXImportsIdentically() throws {
        let csv = try Self.dryRun("inventaire.csv"), xlsx = try Self.dryRun("inventaire.xlsx")
        #expect(xlsx.problems.isEmpty)
        // The same buildings and figures; only the provenance text differs (Excel stores "48200", the CSV "48 200").
        func comparable(_ b: Building) -> Building {
            var b = b
            b.source = ""
            b.consumptions = b.consumptions.map { Consumption(carrier: $0.carrier, year: $0.year, kWh: $0.kWh, original: "") }
            return b
        }
        #expect(xlsx.buildings.count == 5)
        #expect(xlsx.buildings.map(comparable) == csv.buildings.map(comparable))
    }

    @Test func mappingCanBeOverridden() throws {
        let table = try BuildingImport.table(Self.fixture("inventaire.csv"), file: "x")
        // The user reads "Libellé" as the usage and ignores "Type" and the surface column: the overrides are applied.
        let report = BuildingImport.dryRun(table, owner: "o", overrides: [1: "usage", 3: "", 4: ""], isCommune: { _ in true })
        #expect(report.columns[1].field == .usage && report.columns[3].field == nil && report.columns[4].field == nil)
        #expect(report.problems.map(\.reason) == ["colonne « surface (m²) » introuvable"] && !report.isValid)
    }

    @Test func missingColumnsAndUnknownCommunesAreNamed() throws {
        let table = try CSV.parse(Array("nom;surface\nÉcole;100\n".utf8), file: "x.csv")
        let report = BuildingImport.dryRun(table, owner: "o", isCommune: { _ in true })
        #expect(report.problems.map(\.reason).contains("colonne « code INSEE de la commune ou nom de la commune » introuvable"))
        let t2 = try CSV.parse(Array("id;commune;usage;surface\nA;29200;école;100\n".utf8), file: "x.csv")
        let r2 = BuildingImport.dryRun(t2, owner: "o", isCommune: { $0 == "29019" })
        let headerOnly = BuildingImport.dryRun(try CSV.parse(Array("id;commune;usage;surface\n".utf8), file: "x.csv"), owner: "o", isCommune: { _ in true })
        #expect(!headerOnly.isValid && headerOnly.problems.map(\.reason) == ["aucun bâtiment dans le fichier"])
        #expect(r2.problems.first?.reason == "code commune inconnu" && r2.problems.first?.line == 2 && r2.problems.first?.column == 2)
    }
}

/// The ADEME published format, read as users download it (accented headers, line breaks inside fields).
@Suite struct DPEFormatImportTests {
    @Test func importsThePublishedFileAsIs() throws {
        let bytes = try Gzip.decompress(contentsOf: BundledData.url("batiments/dpe_tertiaire_v2_ademe_format_publie.csv.gz"))
        let table = try BuildingImport.table(bytes, file: "dpe-tertiaire.csv")
        let report = BuildingImport.dryRun(table, owner: "commune:29019", isCommune: { $0.count == 5 })
        #expect(table.records.count == 1109)
        #expect(report.buildings.count + report.problems.count == 1109)
        // The first DPE of the file (Courrières, offices, electricity, 509.6 kWhEP/m², SHON 96.7 m² as the
        // usable surface is the 100 m² placeholder): its building carries the DPE and the invoice reading.
        let first = try #require(report.buildings.first { $0.id == "2162T0119522Z" })
        #expect(first.communeCode == "62250" && first.usage == .administration && first.area == 96.7)
        #expect(first.dpe?.kWhEPPerM2 == 509.6 && first.dpe?.label == "E")
        #expect(first.consumptions == [Consumption(carrier: .electricite, year: 2021, kWh: 23556, original: "23556 kWh (DPE 2162T0119522Z)")])
        // An empty DPE (Grenoble, 0.1 kWhEP/m²) keeps no consumption and no value: it will be estimated.
        let empty = try #require(report.buildings.first { $0.id == "2138T0182750X" })
        #expect(empty.consumptions.isEmpty && empty.dpe?.kWhEPPerM2 == nil)
    }
}
