import Foundation
import GRDB
import Renovation

extension SQLiteStore: BuildingDocumentStore {
    static func registerBuildingMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v6-buildings") { db in
            try db.execute(sql: """
                CREATE TABLE building (
                    owner TEXT NOT NULL, id TEXT NOT NULL, position INTEGER NOT NULL, commune TEXT NOT NULL, usage TEXT NOT NULL,
                    name TEXT NOT NULL, address TEXT, latitude REAL, longitude REAL, area REAL NOT NULL, construction_year INTEGER,
                    heating TEXT, heritage INTEGER NOT NULL, source TEXT NOT NULL, dpe_number TEXT, dpe_value REAL, dpe_label TEXT,
                    consumptions TEXT NOT NULL, UNIQUE (owner, id));
                CREATE INDEX building_position ON building(owner, position);
                """)
        }
    }

    /// Buildings as documents (see `BuildingDocuments`); the rows of v6 are carried over, then dropped.
    static func registerInventoryMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v8-building-documents") { db in
            try db.execute(sql: "CREATE TABLE building_inventory (owner TEXT NOT NULL, part INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY (owner, part))")
            var byOwner: [String: [Building]] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT \(BuildingDocuments.legacyColumns) FROM building ORDER BY owner, position") {
                let b = BuildingDocuments.legacy(owner: row[0], id: row[1], commune: row[2], usage: row[3], name: row[4], address: row[5], latitude: row[6],
                                                 longitude: row[7], area: row[8], constructionYear: row[9], heating: row[10], heritage: row[11],
                                                 source: row[12], dpeNumber: row[13], dpeValue: row[14], dpeLabel: row[15], consumptions: row[16])
                byOwner[b.owner, default: []].append(b)
            }
            for (owner, buildings) in byOwner { try insertParts(db, owner: owner, try BuildingDocuments.encode(buildings, owner: owner)) }
            try db.execute(sql: "DROP TABLE building")
        }
    }

    private static func insertParts(_ db: Database, owner: String, _ parts: [[UInt8]]) throws {
        let statement = try db.makeStatement(sql: "INSERT INTO building_inventory VALUES (?, ?, ?)")
        for (k, part) in parts.enumerated() { try statement.execute(arguments: [owner, k, Data(part)]) }
    }

    func parts(owner: String) async throws -> [[UInt8]] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT data FROM building_inventory WHERE owner = ? ORDER BY part", arguments: [owner]).map { [UInt8]($0[0] as Data) }
        }
    }

    public func replaceBuildings(owner: String, with buildings: [Building], actor: String, detail: String) async throws {
        let parts = try BuildingDocuments.encode(buildings, owner: owner)
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM building_inventory WHERE owner = ?", arguments: [owner])
            try Self.insertParts(db, owner: owner, parts)
            try Self.appendAudit(db, actor: actor, owner: owner, action: "batiments.import", detail: detail)
        }
    }
}
