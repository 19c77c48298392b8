import Foundation
import GRDB
import Renovation

/// Buildings are kept whole as JSON (the domain value), keyed by owner and identifier, with the columns a
/// query would filter on beside it.
extension SQLiteStore: BuildingStore {
    static func registerBuildingMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v6-buildings") { db in
            try db.execute(sql: """
                CREATE TABLE building (
                    owner TEXT NOT NULL, id TEXT NOT NULL, position INTEGER NOT NULL, commune TEXT NOT NULL, usage TEXT NOT NULL,
                    data TEXT NOT NULL, PRIMARY KEY (owner, id)) WITHOUT ROWID;
                """)
        }
    }

    public func buildings(owner: String) async throws -> [Building] {
        try await writer.read { db in
            try String.fetchAll(db, sql: "SELECT data FROM building WHERE owner = ? ORDER BY position", arguments: [owner]).map {
                try JSONDecoder().decode(Building.self, from: Data($0.utf8))
            }
        }
    }

    public func building(owner: String, id: String) async throws -> Building? {
        try await writer.read { db in
            try String.fetchOne(db, sql: "SELECT data FROM building WHERE owner = ? AND id = ?", arguments: [owner, id]).map {
                try JSONDecoder().decode(Building.self, from: Data($0.utf8))
            }
        }
    }

    public func replaceBuildings(owner: String, with buildings: [Building], actor: String, detail: String) async throws {
        precondition(buildings.allSatisfy { $0.owner == owner }, "a building of another owner")
        let encoder = JSONEncoder()
        let rows = try buildings.map { String(decoding: try encoder.encode($0), as: UTF8.self) }
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM building WHERE owner = ?", arguments: [owner])
            let statement = try db.makeStatement(sql: "INSERT INTO building VALUES (?, ?, ?, ?, ?, ?)")
            for (i, b) in buildings.enumerated() {
                try statement.execute(arguments: [owner, b.id, i, b.communeCode, b.usage.rawValue, rows[i]])
            }
            try Self.appendAudit(db, actor: actor, owner: owner, action: "batiments.import", detail: detail)
        }
    }
}
