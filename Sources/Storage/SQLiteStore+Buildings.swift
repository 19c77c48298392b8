import Foundation
import GRDB
import Renovation

extension SQLiteStore {
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
}
