import Foundation
import GRDB
import Parcours

extension SQLiteStore: HelpRequestStore {
    static func registerHelpRequestMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v9-help-requests") { db in
            try db.execute(sql: """
                CREATE TABLE help_request (
                    id INTEGER PRIMARY KEY AUTOINCREMENT, owner TEXT NOT NULL, rule TEXT NOT NULL, brick TEXT NOT NULL, title TEXT NOT NULL,
                    because TEXT NOT NULL, message TEXT NOT NULL, login TEXT NOT NULL, created_at REAL NOT NULL, status TEXT NOT NULL,
                    answer TEXT NOT NULL, updated_at REAL NOT NULL);
                CREATE INDEX help_request_owner ON help_request(owner, created_at);
                """)
        }
    }

    private static let requestColumns = "id, owner, rule, brick, title, because, message, login, created_at, status, answer, updated_at"

    private static func request(_ row: Row) -> HelpRequest {
        HelpRequest(id: row[0], owner: row[1], rule: row[2], brick: Brick(rawValue: row[3]) ?? .ingenierie, title: row[4], because: row[5],
                    message: row[6], login: row[7], createdAt: row[8], status: HelpRequest.Status(rawValue: row[9]) ?? .nouvelle, answer: row[10],
                    updatedAt: row[11])
    }

    public func createRequest(_ r: HelpRequest) async throws -> HelpRequest {
        try await writer.write { db in
            let open = try Int.fetchOne(db, sql: "SELECT count(*) FROM help_request WHERE owner = ? AND rule = ? AND status IN ('nouvelle', 'en_cours')",
                                        arguments: [r.owner, r.rule]) ?? 0
            guard open == 0 else { throw HelpRequestError.alreadyOpen(rule: r.rule) }
            try db.execute(sql: "INSERT INTO help_request (\(Self.requestColumns)) VALUES (NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                           arguments: [r.owner, r.rule, r.brick.rawValue, r.title, r.because, r.message, r.login, r.createdAt, r.status.rawValue,
                                       r.answer, r.updatedAt])
            let id = db.lastInsertedRowID
            try Self.appendAudit(db, actor: r.login, owner: r.owner, action: "demande.creation", detail: "\(r.rule) (n° \(id))")
            return HelpRequest(id: id, owner: r.owner, rule: r.rule, brick: r.brick, title: r.title, because: r.because, message: r.message,
                               login: r.login, createdAt: r.createdAt, status: r.status, answer: r.answer, updatedAt: r.updatedAt)
        }
    }

    public func requests(owner: String) async throws -> [HelpRequest] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT \(Self.requestColumns) FROM help_request WHERE owner = ? ORDER BY created_at DESC, id DESC",
                             arguments: [owner]).map(Self.request)
        }
    }

    public func allRequests() async throws -> [HelpRequest] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT \(Self.requestColumns) FROM help_request ORDER BY created_at DESC, id DESC").map(Self.request)
        }
    }

    public func updateRequest(id: Int64, status: HelpRequest.Status, answer: String, actor: String) async throws -> HelpRequest {
        try await writer.write { db in
            guard var r = try Row.fetchOne(db, sql: "SELECT \(Self.requestColumns) FROM help_request WHERE id = ?", arguments: [id]).map(Self.request) else {
                throw HelpRequestError.unknown(id: id)
            }
            r.status = status
            r.answer = answer
            r.updatedAt = Date().timeIntervalSince1970
            try db.execute(sql: "UPDATE help_request SET status = ?, answer = ?, updated_at = ? WHERE id = ?",
                           arguments: [status.rawValue, answer, r.updatedAt, id])
            try Self.appendAudit(db, actor: actor, owner: r.owner, action: "demande.suivi", detail: "n° \(id) : \(status.label)")
            return r
        }
    }
}
