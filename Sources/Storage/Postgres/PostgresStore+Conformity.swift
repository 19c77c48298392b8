import Foundation
import Parcours
import PostgresNIO

extension PostgresStore: ConformityStore {
    public func recordConformity(owner: String, _ r: ConformityRecord) async throws {
        let logger = logger
        try await transaction { c in
            try await c.query("""
                INSERT INTO conformity_check (owner, schema, title, version, file, row_count, errors, login, checked_at)
                VALUES (\(owner), \(r.schema), \(r.title), \(r.version), \(r.file), \(r.rows), \(r.errors), \(r.login), \(r.checkedAt))
                """, logger: logger)
            try await Self.appendAudit(c, logger, actor: r.login, owner: owner, action: "validation.fichier",
                                       detail: "\(r.schema) \(r.version) : \(r.errors) erreur(s), \(r.rows) ligne(s)")
        }
    }

    public func conformity(owner: String) async throws -> [ConformityRecord] {
        var result: [ConformityRecord] = []
        for try await (schema, title, version, file, rows, errors, login, at) in try await client.query("""
            SELECT schema, title, version, file, row_count, errors, login, checked_at FROM conformity_check WHERE owner = \(owner)
            ORDER BY checked_at DESC, id DESC
            """, logger: logger).decode((String, String, String, String, Int, Int, String, Double).self) {
            result.append(ConformityRecord(schema: schema, title: title, version: version, file: file, rows: rows, errors: errors, login: login, checkedAt: at))
        }
        return result
    }
}
