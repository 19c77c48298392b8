import Accounts
import Foundation
import GRDB
import Parcours
import Renovation
@testable import Storage
import TestSupport
import Testing

@Suite struct MigrationTests {
    /// A database written by main at 579e044 (before the stores were written once over `SQLDatabase`): the
    /// fixture referential, two accounts (one disabled), a session, a used token, a login failure, submitted
    /// answers, two validator checks with the same time, a help request being followed up, an inventory. It
    /// opens with today's code, every row reads back as written then, and writes carry on.
    @Test func aDatabaseWrittenByMainOpensAndKeepsItsData() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("main-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/main-579e044.sqlite")
        try FileManager.default.copyItem(at: fixture, to: URL(fileURLWithPath: path))
        let store = try SQLiteStore(path: path)

        #expect(try await store.dataFingerprint() == "main-579e044")
        #expect(try await store.referential().communes == Fixtures.referential.communes)
        #expect(try await store.users().map { "\($0.login) \($0.disabled)" } == ["agent.brest false", "referent.landerneau true"])
        let (brest, hash) = try #require(try await store.userWithPasswordHash(login: "agent.brest"))
        #expect(hash == "hash-a" && brest.owner == .commune("29019") && brest.role == .agent)
        let now = Date(timeIntervalSince1970: 1_900_000_000)
        #expect(try await store.session(tokenHash: "session-1", now: now)?.csrfToken == "csrf-1")
        #expect(try await store.user(forTokenHash: "jeton-1", now: now) == brest)
        #expect(try await store.tokens(of: brest).map(\.label) == ["tableur"])
        #expect(try await store.loginFailures(key: "compte:agent.brest", since: Date(timeIntervalSince1970: 3_999_999_999)) == 1)
        let answers = try await store.answers(owner: "commune:29019", version: "2026-1")
        #expect(answers.map(\.login) == ["agent.brest"] && answers.first?.submitted == true)
        #expect(answers.first?.answers.values["D1.1"] == .points(2))
        #expect(try await store.allSubmitted(version: "2026-1").keys.sorted() == ["commune:29019"])
        // v12 carried the submitted answers over to the barometer, in the year they were last saved (2026-11-30 UTC).
        #expect(try await store.submissions(year: 2026, version: "2026-1").mapValues { $0.map { $0.values["D1.1"] } } == ["commune:29019": [.points(2)]])
        #expect(try await store.submissionYears() == [2026])
        // Same time: the later check first, as main ordered them.
        #expect(try await store.conformity(owner: "commune:29019").map(\.file) == ["b.csv", "a.csv"])
        let request = try #require(try await store.requests(owner: "commune:29019").first)
        #expect(request.rule == "R2" && request.status == .enCours && request.answer == "Vu" && request.message == "Contact")
        #expect(try await store.buildings(owner: "commune:29019").map(\.name) == ["Mairie"])
        let log = try await store.auditLog(limit: 20)
        #expect(log.count == 11 && log.first?.action == "batiments.import")

        // The invariant holds over the old rows, and new rows follow them.
        await #expect(throws: HelpRequestError.alreadyOpen(rule: "R2")) {
            try await store.createRequest(HelpRequest(id: 0, owner: "commune:29019", rule: "R2", brick: .ingenierie, title: "t", because: "",
                                                      message: "", login: "agent.brest", createdAt: 2_000))
        }
        let next = try await store.createRequest(HelpRequest(id: 0, owner: "commune:29019", rule: "R9", brick: .ingenierie, title: "t", because: "",
                                                             message: "", login: "agent.brest", createdAt: 2_000))
        #expect(next.id == request.id + 1)
        let third = try await store.createUser(login: "agent.trois", name: "T", owner: .operateur, role: .operateur, passwordHash: "h", actor: "test")
        #expect(third.id == brest.id + 2)
    }

    /// A database of the previous version, with a building per row (v6), keeps its buildings when v8 turns
    /// them into documents.
    @Test func buildingRowsBecomeDocuments() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("migration-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        do {
            let pool = try DatabasePool(path: path)
            try SQLiteStore.migrator.migrate(pool, upTo: "v7-conformity")
            try await pool.write { db in
                // Hand-made rows in the v6 layout, stored out of position order.
                try db.execute(sql: """
                    INSERT INTO building (owner, id, position, commune, usage, name, address, latitude, longitude, area, construction_year, heating,
                        heritage, source, dpe_number, dpe_value, dpe_label, consumptions) VALUES
                    ('commune:29019', 'MAI-01', 1, '29019', 'administration', 'Mairie', NULL, NULL, NULL, 2300, NULL, NULL, 0, 'inventaire.csv', NULL, NULL, NULL, ''),
                    ('commune:29019', 'ECO-01', 0, '29019', 'ecole', 'École', '1 rue X', 48.39, -4.49, 1250.5, 1962, 'gaz_naturel', 1, 'inventaire.csv',
                     '2129E', 180.5, 'C', 'gaz_naturel' || char(9) || '2023' || char(9) || '106400.0' || char(9) || '9 500,0 m³'),
                    ('commune:29103', 'ECO-01', 0, '29103', 'ecole', 'École de Landerneau', NULL, NULL, NULL, 800, NULL, NULL, 0, 'x', NULL, NULL, NULL, '')
                    """)
            }
        }
        let store = try SQLiteStore(path: path)
        let brest = try await store.buildings(owner: "commune:29019")
        #expect(brest.map(\.id) == ["ECO-01", "MAI-01"])
        #expect(brest[0] == Building(id: "ECO-01", owner: "commune:29019", name: "École", communeCode: "29019", address: "1 rue X", latitude: 48.39,
                                     longitude: -4.49, usage: .ecole, area: 1250.5, constructionYear: 1962, heatingEnergy: .gazNaturel,
                                     consumptions: [Consumption(carrier: .gazNaturel, year: 2023, kWh: 106_400, original: "9 500,0 m³")],
                                     dpe: ExistingDPE(number: "2129E", kWhEPPerM2: 180.5, label: "C"), heritage: true, source: "inventaire.csv"))
        #expect(try await store.building(owner: "commune:29103", id: "ECO-01")?.name == "École de Landerneau")
    }

    @Test func aDamagedDocumentIsAnErrorNotAWrongInventory() throws {
        let b = Building(id: "A", owner: "o", name: "n", communeCode: "29019", usage: .ecole, area: 10, source: "s")
        let part = try #require(try BuildingDocuments.encode([b], owner: b.owner).first)
        #expect(try BuildingDocuments.decode(part, owner: "o") == [b])
        #expect(throws: BuildingDocuments.DocumentError.self) { try BuildingDocuments.decode(Array(part.dropLast()), owner: "o") }
        #expect(throws: BuildingDocuments.DocumentError.self) { try BuildingDocuments.decode(part + [0], owner: "o") }
        #expect(throws: BuildingDocuments.DocumentError.self) { try BuildingDocuments.encode([b, b], owner: b.owner) }
    }

    /// Version 3 added the arrondissement after the commune: a version 2 part (the same bytes without it) still
    /// reads, and the arrondissement round-trips.
    @Test func versionTwoDocumentsStillRead() throws {
        let plain = Building(id: "MAI-01", owner: "o", name: "Mairie", communeCode: "29019", usage: .administration, area: 800, source: "x.csv")
        let v3 = try #require(try BuildingDocuments.encode([plain], owner: "o").first)
        // version, count, then id, name and commune as length + 1 and bytes; the arrondissement (0: none) follows.
        let partAt = 2 + (1 + 6) + (1 + 6) + (1 + 5)
        #expect(v3[0] == 3 && v3[partAt] == 0)
        var v2 = v3
        v2.remove(at: partAt)
        v2[0] = 2
        #expect(try BuildingDocuments.decode(v2, owner: "o") == [plain])
        var paris = plain
        (paris.communeCode, paris.communePart) = ("75056", "75115")
        let encoded = try #require(try BuildingDocuments.encode([paris], owner: "o").first)
        #expect(try BuildingDocuments.decode(encoded, owner: "o").first?.communePart == "75115")
    }

    /// Inventories stored before version 2 wrote usages and energies as names: such a part, written here byte by
    /// byte as version 1 laid it out, still reads as the same building. Every usage and energy has its code.
    @Test func versionOneDocumentsStillRead() throws {
        func text(_ s: String) -> [UInt8] { [UInt8(s.utf8.count + 1)] + Array(s.utf8) }
        func double(_ x: Double) -> [UInt8] { [1] + withUnsafeBytes(of: x.bitPattern.littleEndian, Array.init) }
        func int(_ x: Int) -> [UInt8] {  // zig-zag + 1, as a varint (x ≥ 0 here)
            var v = UInt64(x) << 1 + 1, out: [UInt8] = []
            while v >= 0x80 { out.append(UInt8(v & 0x7F) | 0x80); v >>= 7 }
            return out + [UInt8(v)]
        }
        var part: [UInt8] = [1, 1]  // version 1, one building
        part += text("ECO-01") + text("École") + text("29019") + [0]  // no address
        part += [0, 0] + text("ecole") + double(1250.5) + int(1962) + text("gaz_naturel") + [1]
        part += [1] + text("inventaire.csv") + [0]  // source, no DPE
        part += [1] + text("gaz_naturel") + int(2023) + double(106_400) + text("9 500,0 m³")
        let expected = Building(id: "ECO-01", owner: "o", name: "École", communeCode: "29019", usage: .ecole, area: 1250.5, constructionYear: 1962,
                                heatingEnergy: .gazNaturel, consumptions: [Consumption(carrier: .gazNaturel, year: 2023, kWh: 106_400, original: "9 500,0 m³")],
                                heritage: true, source: "inventaire.csv")
        #expect(try BuildingDocuments.decode(part, owner: "o") == [expected])
        // The current version writes the same building in fewer bytes, and reads it back.
        let current = try #require(try BuildingDocuments.encode([expected], owner: "o").first)
        #expect(current.first == BuildingDocuments.version && current.count < part.count)
        #expect(try BuildingDocuments.decode(current, owner: "o") == [expected])
        #expect(Set(BuildingDocuments.usageCodes) == Set(Usage.allCases) && BuildingDocuments.usageCodes.count == Usage.allCases.count)
        #expect(Set(BuildingDocuments.carrierCodes) == Set(EnergyCarrier.allCases) && BuildingDocuments.carrierCodes.count == EnergyCarrier.allCases.count)
    }
}
