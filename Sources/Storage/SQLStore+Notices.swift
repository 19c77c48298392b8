import Foundation
import Parcours

/// Notices: posting copies a notice to each account of the recipient (one statement), each account reading and
/// marking its own rows, every statement scoped by its id.
extension SQLExecutor {
    /// Posts `content` in the caller's transaction, so a notice is written with the act it announces.
    @discardableResult
    func post(_ content: Notice.Content, to recipient: NoticeRecipient, at: Double) async throws -> Int {
        let (column, value) = switch recipient {
        case .collectivite(let owner): ("owner", owner)
        case .account(let login): ("login", login)
        }
        return try await rows("""
            INSERT INTO notification (user_id, title, text, link, created_at) SELECT id, ?, ?, ?, ? FROM user_account WHERE \(column) = ? RETURNING id
            """, content.title, content.text, content.link, at, value).count
    }
}

extension SQLStore {
    private static func notice(_ row: SQLRow) throws -> Notice {
        Notice(id: try row.int64(0), content: Notice.Content(title: try row.string(1), text: try row.string(2), link: try row.optionalString(3)),
               createdAt: try row.double(4), readAt: try row.optionalDouble(5))
    }

    public func postNotice(_ content: Notice.Content, to recipient: NoticeRecipient, at: Double) async throws -> Int {
        try await sql.transaction { tx in try await tx.post(content, to: recipient, at: at) }
    }

    public func notices(account: Int64, limit: Int) async throws -> [Notice] {
        try await sql.read { db in
            try await db.rows("""
                SELECT id, title, text, link, created_at, read_at FROM notification WHERE user_id = ? ORDER BY created_at DESC, id DESC LIMIT ?
                """, account, limit).map(Self.notice)
        }
    }

    public func unreadNoticeCount(account: Int64) async throws -> Int {
        try await sql.read { db in
            try await db.row("SELECT count(*) FROM notification WHERE user_id = ? AND read_at IS NULL", account)?.int(0) ?? 0
        }
    }

    public func markNoticeRead(id: Int64, account: Int64, at: Double) async throws -> Bool {
        try await sql.transaction { tx in
            // Scoped by account in the statement itself: another account's notice is simply not found. Read again, it stays read.
            try await tx.row("UPDATE notification SET read_at = coalesce(read_at, ?) WHERE id = ? AND user_id = ? RETURNING id", at, id, account) != nil
        }
    }

    public func markAllNoticesRead(account: Int64, at: Double) async throws -> Int {
        try await sql.transaction { tx in
            try await tx.rows("UPDATE notification SET read_at = ? WHERE user_id = ? AND read_at IS NULL RETURNING id", at, account).count
        }
    }
}
