import Foundation
import Parcours
import PostgresNIO

extension PostgresStore: HelpRequestStore {
    private typealias RequestColumns = (Int64, String, String, String, String, String, String, String, Double, String, String, Double)
    private static let requestColumns = "id, owner, rule, brick, title, because, message, login, created_at, status, answer, updated_at"

    private static func request(_ c: RequestColumns) -> HelpRequest {
        HelpRequest(id: c.0, owner: c.1, rule: c.2, brick: Brick(rawValue: c.3) ?? .ingenierie, title: c.4, because: c.5, message: c.6, login: c.7,
                    createdAt: c.8, status: HelpRequest.Status(rawValue: c.9) ?? .nouvelle, answer: c.10, updatedAt: c.11)
    }

    private static func fetch(_ c: PostgresConnection, _ logger: Logger, _ query: PostgresQuery) async throws -> [HelpRequest] {
        var result: [HelpRequest] = []
        for try await row in try await c.query(query, logger: logger).decode(RequestColumns.self) { result.append(request(row)) }
        return result
    }

    public func createRequest(_ r: HelpRequest) async throws -> HelpRequest {
        let logger = logger
        return try await transaction { c in
            // One open request per rule and collectivité: the lock serialises two clicks arriving together.
            try await c.query("LOCK TABLE help_request IN SHARE ROW EXCLUSIVE MODE", logger: logger)
            var open = 0
            for try await n in try await c.query("""
                SELECT count(*) FROM help_request WHERE owner = \(r.owner) AND rule = \(r.rule) AND status IN ('nouvelle', 'en_cours')
                """, logger: logger).decode(Int.self) { open = n }
            guard open == 0 else { throw HelpRequestError.alreadyOpen(rule: r.rule) }
            var id: Int64 = 0
            for try await value in try await c.query("""
                INSERT INTO help_request (owner, rule, brick, title, because, message, login, created_at, status, answer, updated_at)
                VALUES (\(r.owner), \(r.rule), \(r.brick.rawValue), \(r.title), \(r.because), \(r.message), \(r.login), \(r.createdAt),
                        \(r.status.rawValue), \(r.answer), \(r.updatedAt)) RETURNING id
                """, logger: logger).decode(Int64.self) { id = value }
            try await Self.appendAudit(c, logger, actor: r.login, owner: r.owner, action: "demande.creation", detail: "\(r.rule) (n° \(id))")
            return HelpRequest(id: id, owner: r.owner, rule: r.rule, brick: r.brick, title: r.title, because: r.because, message: r.message,
                               login: r.login, createdAt: r.createdAt, status: r.status, answer: r.answer, updatedAt: r.updatedAt)
        }
    }

    public func requests(owner: String) async throws -> [HelpRequest] {
        let logger = logger
        return try await client.withConnection { c in
            try await Self.fetch(c, logger, PostgresQuery(unsafeSQL: "SELECT \(Self.requestColumns) FROM help_request WHERE owner = $1 ORDER BY created_at DESC, id DESC",
                                                          binds: { var b = PostgresBindings(); b.append(owner); return b }()))
        }
    }

    public func allRequests() async throws -> [HelpRequest] {
        let logger = logger
        return try await client.withConnection { c in
            try await Self.fetch(c, logger, PostgresQuery(unsafeSQL: "SELECT \(Self.requestColumns) FROM help_request ORDER BY created_at DESC, id DESC"))
        }
    }

    public func updateRequest(id: Int64, status: HelpRequest.Status, answer: String, actor: String) async throws -> HelpRequest {
        let logger = logger
        return try await transaction { c in
            var binds = PostgresBindings()
            binds.append(id)
            guard var r = try await Self.fetch(c, logger, PostgresQuery(unsafeSQL: "SELECT \(Self.requestColumns) FROM help_request WHERE id = $1 FOR UPDATE",
                                                                         binds: binds)).first else {
                throw HelpRequestError.unknown(id: id)
            }
            r.status = status
            r.answer = answer
            r.updatedAt = Date().timeIntervalSince1970
            try await c.query("UPDATE help_request SET status = \(status.rawValue), answer = \(answer), updated_at = \(r.updatedAt) WHERE id = \(id)",
                              logger: logger)
            try await Self.appendAudit(c, logger, actor: actor, owner: r.owner, action: "demande.suivi", detail: "n° \(id) : \(status.label)")
            return r
        }
    }
}
