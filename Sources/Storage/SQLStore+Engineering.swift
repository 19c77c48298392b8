import Foundation
import Parcours

/// Ingénierie requests: the request's current values in one row, its history appended in `engineering_entry`.
/// A change runs the domain's rule inside the transaction that reads the row `FOR UPDATE`, so two changes made
/// at once (the operator accepting while the collectivité withdraws) are checked one after the other.
extension SQLStore {
    private static var requestColumns: String {
        "id, owner, kind, topic, need, use_case, contact, help_request_id, state, grant_days, grant_rate, grant_amount, consultant, days_consumed, assignee, created_at"
    }

    /// The requests of these rows with their histories, read in one query for all of them (the desk lists every request).
    private static func load(_ rows: [SQLRow], _ db: any SQLExecutor) async throws -> [EngineeringRequest] {
        var histories: [Int64: [EngineeringRequest.Entry]] = [:]
        let select = { (placeholders: String) in "SELECT request_id, kind, at, author, actor, from_state, to_state, text, day, link FROM engineering_entry WHERE request_id IN (\(placeholders)) ORDER BY request_id, seq" }
        for e in try await db.rows(forKeys: try rows.map { try $0.int64(0) }, select) {
            let id = try e.int64(0)
            guard let kind = EngineeringRequest.Entry.Kind(rawValue: try e.string(1)), let actor = EngineeringRequest.Actor(rawValue: try e.string(4))
            else { throw StorageError("entrée de la demande \(id) illisible") }
            histories[id, default: []].append(.init(kind: kind, at: try e.double(2), author: try e.string(3), actor: actor,
                                                    from: try e.optionalString(5).flatMap(EngineeringRequest.State.init),
                                                    to: try e.optionalString(6).flatMap(EngineeringRequest.State.init),
                                                    text: try e.string(7), date: try e.optionalString(8), link: try e.optionalString(9)))
        }
        var result: [EngineeringRequest] = []
        for row in rows {
            let id = try row.int64(0)
            let entries = histories[id] ?? []
            guard let kind = EngineeringRequest.Kind(rawValue: try row.string(2)), let topic = EngineeringRequest.Topic(rawValue: try row.string(3)),
                  let state = EngineeringRequest.State(rawValue: try row.string(8)) else { throw StorageError("demande \(id) illisible") }
            let grant = try row.optionalString(12).map {
                EngineeringRequest.Grant(days: try row.optionalDouble(9), rate: try row.optionalDouble(10), amount: try row.optionalDouble(11), consultant: $0)
            }
            result.append(EngineeringRequest(id: id, owner: try row.string(1), kind: kind, topic: topic, need: try row.string(4), useCase: try row.string(5),
                                             contact: try row.string(6), helpRequestID: try row.optionalInt64(7), state: state, grant: grant,
                                             daysConsumed: try row.double(13), assignee: try row.optionalString(14), createdAt: try row.double(15),
                                             entries: entries))
        }
        return result
    }

    /// Appends the entries from `start` on.
    private static func append(_ entries: ArraySlice<EngineeringRequest.Entry>, to id: Int64, _ tx: any SQLExecutor) async throws {
        for (seq, e) in zip(entries.indices, entries) {
            try await tx.execute("""
                INSERT INTO engineering_entry (request_id, seq, kind, at, author, actor, from_state, to_state, text, day, link)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, id, seq, e.kind.rawValue, e.at, e.author, e.actor.rawValue, e.from?.rawValue, e.to?.rawValue, e.text, e.date, e.link)
        }
    }

    private static func scope(_ owner: String?) -> (sql: String, binds: [any SQLBindable]) {
        owner.map { (" AND owner = ?", [$0]) } ?? ("", [])
    }

    public func createEngineering(_ r: EngineeringRequest) async throws -> EngineeringRequest {
        try await sql.transaction { tx in
            let inserted = try await tx.row("""
                INSERT INTO engineering_request (owner, kind, topic, need, use_case, contact, help_request_id, state, grant_days, grant_rate,
                grant_amount, consultant, days_consumed, assignee, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id
                """, r.owner, r.kind.rawValue, r.topic.rawValue, r.need, r.useCase, r.contact, r.helpRequestID, r.state.rawValue, r.grant?.days,
                r.grant?.rate, r.grant?.amount, r.grant?.consultant, r.daysConsumed, r.assignee, r.createdAt)
            guard let id = try inserted?.int64(0) else { throw StorageError("demande non enregistrée") }
            try await Self.append(r.entries[...], to: id, tx)
            try await tx.audit(actor: r.entries.first?.author ?? "", owner: r.owner, .engineeringCreated,
                               detail: "n° \(id) : \(r.kind.label), \(r.topic.label) (\(r.state.label))")
            return try await Self.load(try await tx.rows("SELECT \(Self.requestColumns) FROM engineering_request WHERE id = ?", id), tx)[0]
        }
    }

    public func engineering(id: Int64, owner: String?) async throws -> EngineeringRequest? {
        try await sql.read { db in
            let scope = Self.scope(owner)
            return try await Self.load(try await db.rows("SELECT \(Self.requestColumns) FROM engineering_request WHERE id = ?\(scope.sql)", [id] + scope.binds), db).first
        }
    }

    public func engineeringRequests(owner: String?) async throws -> [EngineeringRequest] {
        try await sql.read { db in
            let scope = Self.scope(owner)
            return try await Self.load(try await db.rows("SELECT \(Self.requestColumns) FROM engineering_request WHERE 1 = 1\(scope.sql) ORDER BY created_at DESC, id DESC",
                                                         scope.binds), db)
        }
    }

    public func updateEngineering(id: Int64, owner: String?, actor: String,
                                  _ change: @Sendable (inout EngineeringRequest) throws -> Void) async throws -> EngineeringRequest {
        try await sql.transaction { tx in
            let scope = Self.scope(owner)
            guard let before = try await Self.load(try await tx.rows("SELECT \(Self.requestColumns) FROM engineering_request WHERE id = ?\(scope.sql)\(tx.forUpdate)",
                                                                     [id] + scope.binds), tx).first else { throw EngineeringError.unknown(id: id) }
            var after = before
            try change(&after)
            try await tx.execute("""
                UPDATE engineering_request SET kind = ?, topic = ?, need = ?, use_case = ?, contact = ?, state = ?, grant_days = ?, grant_rate = ?,
                grant_amount = ?, consultant = ?, days_consumed = ?, assignee = ? WHERE id = ?
                """, after.kind.rawValue, after.topic.rawValue, after.need, after.useCase, after.contact, after.state.rawValue, after.grant?.days,
                after.grant?.rate, after.grant?.amount, after.grant?.consultant, after.daysConsumed, after.assignee, id)
            let added = after.entries[before.entries.count...]
            try await Self.append(added, to: id, tx)
            let what = added.map { e in e.kind == .transition ? "\(e.from?.label ?? "") → \(e.to?.label ?? "")" : e.kind.rawValue }
            try await tx.audit(actor: actor, owner: before.owner, .engineeringUpdated,
                               detail: "n° \(id) : " + (what.isEmpty ? "modification" : what.joined(separator: ", ")))
            for notice in after.notices(for: added) { try await tx.post(notice, to: .collectivite(before.owner), at: Date().timeIntervalSince1970) }
            return after
        }
    }
}
