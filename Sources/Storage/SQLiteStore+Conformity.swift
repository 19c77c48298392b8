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

    public func conformity(owner: String) async throws -> [ConformityRecord] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT schema, title, version, file, row_count, errors, login, checked_at FROM conformity_check WHERE owner = ?
                ORDER BY checked_at DESC, rowid DESC
                """, arguments: [owner]).map {
                ConformityRecord(schema: $0[0], title: $0[1], version: $0[2], file: $0[3], rows: $0[4], errors: $0[5], login: $0[6], checkedAt: $0[7])
            }
        }
    }
}
