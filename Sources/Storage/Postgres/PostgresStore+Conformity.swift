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

    private typealias CheckColumns = (String, String, String, String, String, Int, Int, String, Double)

    /// Checks newest first, with their owner; `owner` nil reads every collectivité's.
    private func checks(owner: String?) async throws -> [(owner: String, record: ConformityRecord)] {
        var binds = PostgresBindings()
        var sql = "SELECT owner, schema, title, version, file, row_count, errors, login, checked_at FROM conformity_check"
        if let owner {
            sql += " WHERE owner = $1"
            binds.append(owner)
        }
        var result: [(owner: String, record: ConformityRecord)] = []
        for try await c in try await client.query(PostgresQuery(unsafeSQL: sql + " ORDER BY checked_at DESC, id DESC", binds: binds), logger: logger)
            .decode(CheckColumns.self) {
            result.append((c.0, ConformityRecord(schema: c.1, title: c.2, version: c.3, file: c.4, rows: c.5, errors: c.6, login: c.7, checkedAt: c.8)))
        }
        return result
    }

    public func conformity(owner: String) async throws -> [ConformityRecord] {
        try await checks(owner: owner).map(\.record)
    }

    public func allConformity() async throws -> [String: [ConformityRecord]] {
        Dictionary(grouping: try await checks(owner: nil), by: \.owner).mapValues { $0.map(\.record) }
    }
}
