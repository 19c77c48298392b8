import Cartography
import Observatoire
import Foundation
import Referential
import Storage
import TestSupport
import Testing

@Suite struct SQLiteStoreTests {
    @Test func roundTripsTheReferential() async throws {
        let store = try await Fixtures.store()
        let loaded = try await store.referential()
        #expect(loaded.communes == Fixtures.referential.communes)
        #expect(loaded.regions == Fixtures.referential.regions)
        #expect(loaded.departements == Fixtures.referential.departements)
        // Members are rebuilt from the communes' EPCI, so they must match the fixture's declaration.
        #expect(loaded.epcis == Fixtures.referential.epcis)
        #expect(try await store.dataFingerprint() == "fixtures")
        #expect(try await store.townHall(of: "29019") == Fixtures.townHalls["29019"])
        #expect(try await store.townHall(of: "29103") == nil)
        #expect(try await store.sourceTable() == Fixtures.sources)
    }

    @Test func readsShapesByKindAndCode() async throws {
        let store = try await Fixtures.store()
        let shapes = try await store.shapes(.commune, codes: ["29019", "29103", "00000"])
        #expect(Set(shapes.keys) == ["29019", "29103"])
        #expect(shapes["29019"]?.boundingBox == Fixtures.shapes[.commune]!["29019"]!.boundingBox)
        #expect(try await store.shapes(.region, codes: ["53"]).count == 1)
        #expect(try await store.shapes(.commune, codes: []).isEmpty)
    }

    @Test func aFailedLoadLeavesThePreviousDataIntact() async throws {
        let store = try await Fixtures.store()
        // A commune in a département that does not exist violates a foreign key half-way through the load.
        let broken = Referential(
            regions: Fixtures.regions, departements: Fixtures.departements, epcis: [],
            communes: [Fixtures.commune("01001", "L'Abergement-Clémenciat", dep: "01", reg: "84", epci: nil, population: 1)])
        await #expect(throws: (any Error).self) {
            try await store.replaceReferential(broken, townHalls: [:], shapes: [:], sources: Fixtures.sources, fingerprint: "broken")
        }
        #expect(try await store.dataFingerprint() == "fixtures")
        #expect(try await store.referential().communes.count == Fixtures.communes.count)
        #expect(try await store.shapes(.commune, codes: ["29019"]).count == 1)
    }

    @Test func reopensAFileWithoutReloading() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("territoires-test-\(UUID().uuidString).sqlite").path
        defer { for s in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + s) } }
        do {
            let store = try SQLiteStore(path: path)
            #expect(try await store.dataFingerprint() == nil)
            try await store.replaceReferential(Fixtures.referential, townHalls: [:], shapes: [:], sources: Fixtures.sources, fingerprint: "v1")
        }
        let reopened = try SQLiteStore(path: path)
        #expect(try await reopened.dataFingerprint() == "v1")
        #expect(try await reopened.referential().commune("29019")?.population == 139_619)
    }
}

@Suite struct BackupTests {
    @Test func copiesAConsistentDatabase() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("territoires-backup-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let source = try SQLiteStore(path: directory.appendingPathComponent("base.sqlite").path)
        try await source.replaceReferential(Fixtures.referential, townHalls: Fixtures.townHalls, shapes: Fixtures.shapes,
                                            sources: Fixtures.sources, fingerprint: "v1")
        let copyPath = directory.appendingPathComponent("copie.sqlite").path
        try await source.backup(to: copyPath)
        let copy = try SQLiteStore(path: copyPath)
        #expect(try await copy.dataFingerprint() == "v1")
        #expect(try await copy.referential().communes == Fixtures.referential.communes)
        #expect(try await copy.sourceTable() == Fixtures.sources)
        await #expect(throws: (any Error).self) { try await source.backup(to: copyPath) }
    }
}
