import Foundation
import GRDB
import GRDBSQLite
import Renovation

extension SQLiteStore: BuildingStore {
    static func registerBuildingMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v6-buildings") { db in
            // A rowid table: an import appends rows in order (cheap), only the narrow (owner, id) index is
            // written at random places.
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

    private static func building(_ row: Row) -> Building {
        BuildingRows.building(owner: row[0], id: row[1], commune: row[2], usage: row[3], name: row[4], address: row[5], latitude: row[6],
                              longitude: row[7], area: row[8], constructionYear: row[9], heating: row[10], heritage: row[11], source: row[12],
                              dpeNumber: row[13], dpeValue: row[14], dpeLabel: row[15], consumptions: row[16])
    }

    public func buildings(owner: String) async throws -> [Building] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT \(BuildingRows.selectList) FROM building WHERE owner = ? ORDER BY position", arguments: [owner]).map(Self.building)
        }
    }

    public func building(owner: String, id: String) async throws -> Building? {
        try await writer.read { db in
            try Row.fetchOne(db, sql: "SELECT \(BuildingRows.selectList) FROM building WHERE owner = ? AND id = ?", arguments: [owner, id]).map(Self.building)
        }
    }

    public func replaceBuildings(owner: String, with buildings: [Building], actor: String, detail: String) async throws {
        precondition(buildings.allSatisfy { $0.owner == owner }, "a building of another owner")
        try await writer.write { db in
            // A large inventory touches many pages: a 64 MB page cache keeps them from spilling mid-transaction.
            try db.execute(sql: "PRAGMA cache_size = -65536")
            try db.execute(sql: "DELETE FROM building WHERE owner = ?", arguments: [owner])
            let placeholders = Array(repeating: "?", count: BuildingRows.columns.count).joined(separator: ",")
            let statement = try db.makeStatement(sql: "INSERT INTO building (\(BuildingRows.columns.joined(separator: ","))) VALUES (\(placeholders))")
            // Bound through SQLite's C API: for half a million buildings, GRDB's boxed arguments cost more than SQLite itself.
            let handle = statement.sqliteStatement
            let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
            for (i, b) in buildings.enumerated() {
                sqlite3_reset(handle)
                var index: Int32 = 0
                BuildingRows.visit(b, position: i) { value in
                    index += 1
                    switch value {
                    case .text(let v?): sqlite3_bind_text(handle, index, v, -1, transient)
                    case .double(let v?): sqlite3_bind_double(handle, index, v)
                    case .int(let v?): sqlite3_bind_int64(handle, index, Int64(v))
                    case .text(nil), .double(nil), .int(nil): sqlite3_bind_null(handle, index)
                    }
                }
                let code = sqlite3_step(handle)
                guard code == SQLITE_DONE else {
                    throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
                }
            }
            sqlite3_reset(handle)
            try Self.appendAudit(db, actor: actor, owner: owner, action: "batiments.import", detail: detail)
        }
    }
}
