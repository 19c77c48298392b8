import Foundation
import Observatoire
import Testing
@testable import Web

/// The file of own figures read against the published schema: every value ends in a series or in a located message.
@Suite struct OwnDataImportTests {
    static let header = "indicateur;libelle;periode;zone;valeur;unite;source;definition\n"

    func read(_ text: String, existing: [OwnSeries] = []) -> OwnDataImport.Outcome {
        OwnDataImport.read(Array(text.utf8), file: "donnees.csv", owner: "commune:29103", existing: existing)
    }

    @Test func publishedSchemaIsTheOneChecked() throws {
        #expect(OwnDataImport.schema.fields.map(\.name) == ["indicateur", "libelle", "periode", "zone", "valeur", "unite", "source", "definition"])
        #expect(OwnDataImport.schema.fields.filter(\.required).map(\.name) == ["indicateur", "libelle", "periode", "valeur", "unite", "source"])
    }

    @Test func inconsistentRowsAndDuplicatesAreLocatedAndNothingIsKept() {
        let outcome = read(Self.header + """
            logements_commences;Logements commencés;2023;;41;logements;Sitadel
            logements_commences;Logements commencés;2024;;38;logement;Sitadel
            logements_commences;Logements commencés;2023;;40;logements;Sitadel
            permis;Permis déposés;2024-T5;;3;permis;Mairie

            """)
        #expect(outcome.series.isEmpty)
        let errors = outcome.issues.filter { $0.severity == .error }.map { "\($0.line ?? 0):\($0.column ?? 0):\($0.field ?? "")" }
        // The validator's pattern error first; the import's own checks run only on a file the validator passes.
        #expect(errors == ["5:3:periode"])
        let second = read(Self.header + """
            logements_commences;Logements commencés;2023;;41;logements;Sitadel
            logements_commences;Logements commencés;2024;;38;logement;Sitadel
            logements_commences;Logements commencés;2023;;40;logements;Sitadel

            """)
        #expect(second.series.isEmpty)
        #expect(second.issues.filter { $0.severity == .error }.map { "\($0.line ?? 0):\($0.column ?? 0):\($0.field ?? "")" } == ["3:6:unite", "4:3:periode"])
        #expect(second.issues.contains { $0.message.contains("a déjà une valeur pour 2023 à la ligne 2") })
    }

    @Test func windowsFileUnderATitleWithFreeIndicatorUpdatesTheSameSeries() throws {
        let text = "Données de la ville — export du 3 mars\n\n" + Self.header + """
            friches;Friches recensées;2024;;1 204,5;m²;Service urbanisme;Surface des friches
            friches;Friches recensées;2025;;980;m²;Service urbanisme;

            """
        let bytes = try #require(text.replacingOccurrences(of: "\n", with: "\r\n").data(using: .windowsCP1252))
        let existing = OwnSeries(id: 7, owner: "commune:29103", label: "Friches recensées", definition: "Ancienne", unit: "m²", source: "x", isPublic: true,
                                 points: [OwnPoint(period: OwnPeriod("2022")!, value: 1500), OwnPoint(period: OwnPeriod("2024")!, value: 1)])
        let outcome = OwnDataImport.read([UInt8](bytes), file: "friches.csv", owner: "commune:29103", existing: [existing])
        #expect(outcome.errors == 0)
        let series = try #require(outcome.series.first)
        #expect(outcome.series.count == 1)
        // Same label, no catalogue key: the series kept, its 2022 value kept, 2024 replaced, still public.
        #expect(series.id == 7 && series.isPublic && series.catalogueKey == nil)
        #expect(series.definition == "Surface des friches")
        #expect(series.points.map(\.value) == [1500, 1204.5, 980])
    }
}
