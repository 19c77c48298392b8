import Foundation
import Parcours

extension SQLStore {
    public func recordConformity(owner: String, _ r: ConformityRecord) async throws {
        try await sql.transaction { tx in
            try await tx.execute("""
                INSERT INTO conformity_check (owner, schema, title, version, file, row_count, errors, login, checked_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, owner, r.schema, r.title, r.version, r.file, r.rows, r.errors, r.login, r.checkedAt)
            try await tx.audit(actor: r.login, owner: owner, .fileValidated, detail: "\(r.schema) \(r.version) : \(r.errors) erreur(s), \(r.rows) ligne(s)")
        }
    }

    /// Checks newest first, with their owner; `owner` nil reads every collectivité's.
    private func checks(owner: String?) async throws -> [(owner: String, record: ConformityRecord)] {
        try await sql.read { db in
            let columns = "owner, schema, title, version, file, row_count, errors, login, checked_at FROM conformity_check"
            let order = "ORDER BY checked_at DESC, \(db.insertionOrder) DESC"
            let rows = if let owner { try await db.rows("SELECT \(columns) WHERE owner = ? \(order)", owner) }
                       else { try await db.rows("SELECT \(columns) \(order)") }
            return try rows.map { row in
                (try row.string(0), ConformityRecord(schema: try row.string(1), title: try row.string(2), version: try row.string(3), file: try row.string(4),
                                                     rows: try row.int(5), errors: try row.int(6), login: try row.string(7), checkedAt: try row.double(8)))
            }
        }
    }

    public func conformity(owner: String) async throws -> [ConformityRecord] {
        try await checks(owner: owner).map(\.record)
    }

    public func allConformity() async throws -> [String: [ConformityRecord]] {
        Dictionary(grouping: try await checks(owner: nil), by: \.owner).mapValues { $0.map(\.record) }
    }
}
