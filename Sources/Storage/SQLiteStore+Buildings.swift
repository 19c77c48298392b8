import Foundation
import GRDB
import Renovation

extension SQLiteStore {
    /// Steps some migrations take in Swift after their SQL, in the same transaction (data that SQL alone
    /// cannot reshape).
    static let dataMigrations: [String: @Sendable (Database) throws -> Void] = [
        "v8-building-documents": carryBuildingRows,
    ]

    /// Migration v8: the buildings of v6 (one row each) become documents (see `BuildingDocuments`), then their
    /// table goes.
    static func carryBuildingRows(_ db: Database) throws {
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

    private static func insertParts(_ db: Database, owner: String, _ parts: [[UInt8]]) throws {
        let statement = try db.makeStatement(sql: "INSERT INTO building_inventory VALUES (?, ?, ?)")
        for (k, part) in parts.enumerated() { try statement.execute(arguments: [owner, k, Data(part)]) }
    }
}
