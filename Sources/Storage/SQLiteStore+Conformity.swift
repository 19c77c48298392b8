import Foundation
import GRDB
import Parcours

extension SQLiteStore: ConformityStore {
    static func registerConformityMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v7-conformity") { db in
            try db.execute(sql: """
                CREATE TABLE conformity_check (
                    owner TEXT NOT NULL, schema TEXT NOT NULL, title TEXT NOT NULL, version TEXT NOT NULL, file TEXT NOT NULL,
                    row_count INTEGER NOT NULL, errors INTEGER NOT NULL, login TEXT NOT NULL, checked_at REAL NOT NULL);
                CREATE INDEX conformity_check_owner ON conformity_check(owner, checked_at);
                """)
        }
    }

    public func recordConformity(owner: String, _ r: ConformityRecord) async throws {
        try await writer.write { db in
            try db.execute(sql: "INSERT INTO conformity_check VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                           arguments: [owner, r.schema, r.title, r.version, r.file, r.rows, r.errors, r.login, r.checkedAt])
            try Self.appendAudit(db, actor: r.login, owner: owner, action: "validation.fichier",
                                 detail: "\(r.schema) \(r.version) : \(r.errors) erreur(s), \(r.rows) ligne(s)")
        }
    }

    private static let checkColumns = "schema, title, version, file, row_count, errors, login, checked_at"

    private static func record(_ row: Row, from k: Int) -> ConformityRecord {
        ConformityRecord(schema: row[k], title: row[k + 1], version: row[k + 2], file: row[k + 3], rows: row[k + 4], errors: row[k + 5],
                         login: row[k + 6], checkedAt: row[k + 7])
    }

    public func conformity(owner: String) async throws -> [ConformityRecord] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT \(Self.checkColumns) FROM conformity_check WHERE owner = ? ORDER BY checked_at DESC, rowid DESC",
                             arguments: [owner]).map { Self.record($0, from: 0) }
        }
    }

    public func allConformity() async throws -> [String: [ConformityRecord]] {
        try await writer.read { db in
            var result: [String: [ConformityRecord]] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT owner, \(Self.checkColumns) FROM conformity_check ORDER BY checked_at DESC, rowid DESC") {
                result[row[0], default: []].append(Self.record(row, from: 1))
            }
            return result
        }
    }
}
