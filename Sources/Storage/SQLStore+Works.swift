import Foundation
import Renovation

/// The works of an inventory (`WorksStore`): a building's characteristics, the scenarios its owner built and the
/// collectivité's settings, each kept as one JSON document per row. Every statement names the owner, so another
/// collectivité's building or scenario is not found; every write has its audit line in the same transaction.
extension SQLStore {
    private static func encoded(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    private static func decoded<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(text.utf8))
    }

    public func profiles(owner: String) async throws -> [String: WorksProfile] {
        try await sql.read { db in
            var out: [String: WorksProfile] = [:]
            for row in try await db.rows("SELECT building, profile FROM works_profile WHERE owner = ?", owner) {
                out[try row.string(0)] = try Self.decoded(WorksProfile.self, try row.string(1))
            }
            return out
        }
    }

    public func saveProfile(owner: String, building: String, _ profile: WorksProfile, actor: String) async throws {
        let json = try Self.encoded(profile)
        try await sql.transaction { tx in
            try await tx.execute("""
                INSERT INTO works_profile (owner, building, profile, updated_at, updated_by) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (owner, building) DO UPDATE SET profile = excluded.profile, updated_at = excluded.updated_at,
                updated_by = excluded.updated_by
                """, owner, building, json, Date().timeIntervalSince1970, actor)
            try await tx.audit(actor: actor, owner: owner, .worksProfileSaved, detail: "bâtiment \(building)")
        }
    }

    public func scenarios(owner: String, building: String) async throws -> [ScenarioSpec] {
        try await sql.read { db in
            try await db.rows("SELECT spec FROM works_scenario WHERE owner = ? AND building = ? ORDER BY seq", owner, building)
                .map { try Self.decoded(ScenarioSpec.self, try $0.string(0)) }
        }
    }

    public func allScenarios(owner: String) async throws -> [String: [ScenarioSpec]] {
        try await sql.read { db in
            var out: [String: [ScenarioSpec]] = [:]
            for row in try await db.rows("SELECT building, spec FROM works_scenario WHERE owner = ? ORDER BY building, seq", owner) {
                out[try row.string(0), default: []].append(try Self.decoded(ScenarioSpec.self, try row.string(1)))
            }
            return out
        }
    }

    public func saveScenario(owner: String, building: String, _ scenario: ScenarioSpec, actor: String) async throws {
        let json = try Self.encoded(scenario)
        try await sql.transaction { tx in
            // A replaced scenario keeps its place; a new one comes after the building's others. Writers are
            // serialised by the transaction (SQLite's single writer, PostgreSQL's row lock on the conflict).
            try await tx.execute("""
                INSERT INTO works_scenario (owner, building, id, seq, spec, updated_at, updated_by)
                VALUES (?, ?, ?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM works_scenario WHERE owner = ? AND building = ?), ?, ?, ?)
                ON CONFLICT (owner, building, id) DO UPDATE SET spec = excluded.spec, updated_at = excluded.updated_at,
                updated_by = excluded.updated_by
                """, owner, building, scenario.id, owner, building, json, Date().timeIntervalSince1970, actor)
            try await tx.audit(actor: actor, owner: owner, .worksScenarioSaved, detail: "bâtiment \(building) : « \(scenario.name) » (\(scenario.id))")
        }
    }

    public func deleteScenario(owner: String, building: String, id: String, actor: String) async throws -> Bool {
        try await sql.transaction { tx in
            guard let json = try await tx.row("SELECT spec FROM works_scenario WHERE owner = ? AND building = ? AND id = ?\(tx.forUpdate)",
                                              owner, building, id)?.string(0) else { return false }
            try await tx.execute("DELETE FROM works_scenario WHERE owner = ? AND building = ? AND id = ?", owner, building, id)
            let name = (try? Self.decoded(ScenarioSpec.self, json).name) ?? id
            try await tx.audit(actor: actor, owner: owner, .worksScenarioDeleted, detail: "bâtiment \(building) : « \(name) » (\(id))")
            return true
        }
    }

    public func settings(owner: String) async throws -> WorksSettings? {
        try await sql.read { db in
            try await db.row("SELECT settings FROM works_settings WHERE owner = ?", owner).map { try Self.decoded(WorksSettings.self, try $0.string(0)) }
        }
    }

    public func saveSettings(owner: String, _ settings: WorksSettings, actor: String) async throws {
        let json = try Self.encoded(settings)
        try await sql.transaction { tx in
            try await tx.execute("""
                INSERT INTO works_settings (owner, settings, updated_at, updated_by) VALUES (?, ?, ?, ?)
                ON CONFLICT (owner) DO UPDATE SET settings = excluded.settings, updated_at = excluded.updated_at, updated_by = excluded.updated_by
                """, owner, json, Date().timeIntervalSince1970, actor)
            try await tx.audit(actor: actor, owner: owner, .worksSettingsSaved, detail: "prix de l'énergie, actualisation, budget")
        }
    }
}
