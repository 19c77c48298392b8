import Foundation
import Parcours

extension SQLStore {
    private static var requestColumns: String { "id, owner, rule, brick, title, because, message, login, created_at, status, answer, updated_at" }

    private static func request(_ row: SQLRow) throws -> HelpRequest {
        HelpRequest(id: try row.int64(0), owner: try row.string(1), rule: try row.string(2), brick: Brick(rawValue: try row.string(3)) ?? .ingenierie,
                    title: try row.string(4), because: try row.string(5), message: try row.string(6), login: try row.string(7),
                    createdAt: try row.double(8), status: HelpRequest.Status(rawValue: try row.string(9)) ?? .nouvelle, answer: try row.string(10),
                    updatedAt: try row.double(11))
    }

    public func createRequest(_ r: HelpRequest) async throws -> HelpRequest {
        try await sql.transaction { tx in
            // One open request per rule and collectivité: two clicks arriving together are checked one after the other.
            try await tx.serialiseWriters(on: "help_request")
            let open = try await tx.row("SELECT count(*) FROM help_request WHERE owner = ? AND rule = ? AND status IN ('nouvelle', 'en_cours')",
                                        r.owner, r.rule)?.int(0) ?? 0
            guard open == 0 else { throw HelpRequestError.alreadyOpen(rule: r.rule) }
            let inserted = try await tx.row("""
                INSERT INTO help_request (owner, rule, brick, title, because, message, login, created_at, status, answer, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id
                """, r.owner, r.rule, r.brick.rawValue, r.title, r.because, r.message, r.login, r.createdAt, r.status.rawValue, r.answer, r.updatedAt)
            guard let id = try inserted?.int64(0) else { throw StorageError("demande non enregistrée") }
            try await tx.audit(actor: r.login, owner: r.owner, .helpRequested, detail: "\(r.rule) (n° \(id))")
            return HelpRequest(id: id, owner: r.owner, rule: r.rule, brick: r.brick, title: r.title, because: r.because, message: r.message,
                               login: r.login, createdAt: r.createdAt, status: r.status, answer: r.answer, updatedAt: r.updatedAt)
        }
    }

    public func requests(owner: String) async throws -> [HelpRequest] {
        try await sql.read { db in
            try await db.rows("SELECT \(Self.requestColumns) FROM help_request WHERE owner = ? ORDER BY created_at DESC, id DESC", owner).map(Self.request)
        }
    }

    public func allRequests() async throws -> [HelpRequest] {
        try await sql.read { db in
            try await db.rows("SELECT \(Self.requestColumns) FROM help_request ORDER BY created_at DESC, id DESC").map(Self.request)
        }
    }

    public func updateRequest(id: Int64, status: HelpRequest.Status, answer: String, actor: String) async throws -> HelpRequest {
        try await sql.transaction { tx in
            guard var r = try await tx.row("SELECT \(Self.requestColumns) FROM help_request WHERE id = ?\(tx.forUpdate)", id).map(Self.request) else {
                throw HelpRequestError.unknown(id: id)
            }
            r.status = status
            r.answer = answer
            r.updatedAt = Date().timeIntervalSince1970
            try await tx.execute("UPDATE help_request SET status = ?, answer = ?, updated_at = ? WHERE id = ?", status.rawValue, answer, r.updatedAt, id)
            try await tx.audit(actor: actor, owner: r.owner, .helpFollowedUp, detail: "n° \(id) : \(status.label)")
            try await tx.post(r.followUpNotice, to: .collectivite(r.owner), at: r.updatedAt)
            return r
        }
    }
}
