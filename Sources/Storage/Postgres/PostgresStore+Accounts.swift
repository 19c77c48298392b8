import Accounts
import Foundation
import Parcours
import PostgresNIO

extension PostgresStore: AccountStore {
    private typealias UserColumns = (Int64, String, String, String, String, Bool)
    private static let userColumns = "u.id, u.login, u.name, u.owner, u.role, u.disabled"

    private static func user(_ c: UserColumns) throws -> User {
        guard let owner = Owner(c.3), let role = Role(rawValue: c.4) else { throw PostgresStoreError("compte \(c.1) mal formé") }
        return User(id: c.0, login: c.1, name: c.2, owner: owner, role: role, disabled: c.5)
    }

    static func appendAudit(_ c: PostgresConnection, _ logger: Logger, actor: String, owner: String, action: String, detail: String) async throws {
        try await c.query("INSERT INTO audit_log (at, actor, owner, action, detail) VALUES (\(Date().timeIntervalSince1970), \(actor), \(owner), \(action), \(detail))",
                          logger: logger)
    }

    public func createUser(login: String, name: String, owner: Owner, role: Role, passwordHash: String, actor: String) async throws -> User {
        guard Logins.isValid(login) else { throw AccountError.invalidLogin(login) }
        let logger = logger
        return try await transaction { c in
            for try await _ in try await c.query("SELECT 1 FROM user_account WHERE login = \(login)", logger: logger) {
                throw AccountError.loginTaken(login)
            }
            var id: Int64 = 0
            for try await value in try await c.query("""
                INSERT INTO user_account (login, name, owner, role, password_hash, created_at)
                VALUES (\(login), \(name), \(owner.description), \(role.rawValue), \(passwordHash), \(Date().timeIntervalSince1970)) RETURNING id
                """, logger: logger).decode(Int64.self) { id = value }
            try await Self.appendAudit(c, logger, actor: actor, owner: owner.description, action: "compte.creation", detail: "\(login) (\(role.rawValue))")
            return User(id: id, login: login, name: name, owner: owner, role: role, disabled: false)
        }
    }

    public func userWithPasswordHash(login: String) async throws -> (User, String)? {
        for try await (id, l, name, owner, role, disabled, hash) in try await client.query(
            "SELECT \(unescaped: Self.userColumns), u.password_hash FROM user_account u WHERE u.login = \(login)", logger: logger)
            .decode((Int64, String, String, String, String, Bool, String).self) {
            return (try Self.user((id, l, name, owner, role, disabled)), hash)
        }
        return nil
    }

    public func users() async throws -> [User] {
        var result: [User] = []
        for try await row in try await client.query("SELECT \(unescaped: Self.userColumns) FROM user_account u ORDER BY u.login", logger: logger)
            .decode(UserColumns.self) { result.append(try Self.user(row)) }
        return result
    }

    private func updateUser(login: String, actor: String, action: String, _ update: @escaping @Sendable (PostgresConnection) async throws -> Void) async throws {
        let logger = logger
        try await transaction { c in
            var owner: String?
            for try await value in try await c.query("SELECT owner FROM user_account WHERE login = \(login)", logger: logger).decode(String.self) { owner = value }
            guard let owner else { throw AccountError.unknownLogin(login) }
            try await update(c)
            try await c.query("DELETE FROM session WHERE user_id = (SELECT id FROM user_account WHERE login = \(login))", logger: logger)
            try await Self.appendAudit(c, logger, actor: actor, owner: owner, action: action, detail: login)
        }
    }

    public func setPassword(login: String, passwordHash: String, actor: String) async throws {
        let logger = logger
        try await updateUser(login: login, actor: actor, action: "compte.mot_de_passe") { c in
            try await c.query("UPDATE user_account SET password_hash = \(passwordHash) WHERE login = \(login)", logger: logger)
        }
    }

    public func setDisabled(login: String, disabled: Bool, actor: String) async throws {
        let logger = logger
        // Disabling revokes the API tokens too: re-enabling must not revive keys handed out before.
        try await updateUser(login: login, actor: actor, action: disabled ? "compte.desactivation" : "compte.reactivation") { c in
            try await c.query("UPDATE user_account SET disabled = \(disabled) WHERE login = \(login)", logger: logger)
            if disabled {
                try await c.query("DELETE FROM api_token WHERE user_id = (SELECT id FROM user_account WHERE login = \(login))", logger: logger)
            }
        }
    }

    public func createSession(tokenHash: String, user: User, csrfToken: String, expiresAt: Date) async throws {
        let logger = logger
        try await transaction { c in
            try await c.query("DELETE FROM session WHERE expires_at < \(Date().timeIntervalSince1970)", logger: logger)
            try await c.query("INSERT INTO session VALUES (\(tokenHash), \(user.id), \(csrfToken), \(expiresAt.timeIntervalSince1970))", logger: logger)
            try await Self.appendAudit(c, logger, actor: user.login, owner: user.owner.description, action: "session.ouverture", detail: "")
        }
    }

    public func session(tokenHash: String, now: Date) async throws -> Session? {
        for try await (id, login, name, owner, role, disabled, csrf, expires) in try await client.query("""
            SELECT \(unescaped: Self.userColumns), s.csrf_token, s.expires_at FROM session s JOIN user_account u ON u.id = s.user_id
            WHERE s.token_hash = \(tokenHash) AND s.expires_at > \(now.timeIntervalSince1970) AND NOT u.disabled
            """, logger: logger).decode((Int64, String, String, String, String, Bool, String, Double).self) {
            return Session(user: try Self.user((id, login, name, owner, role, disabled)), csrfToken: csrf, expiresAt: Date(timeIntervalSince1970: expires))
        }
        return nil
    }

    public func deleteSession(tokenHash: String) async throws {
        try await client.query("DELETE FROM session WHERE token_hash = \(tokenHash)", logger: logger)
    }

    public func createToken(user: User, label: String, tokenHash: String) async throws -> APITokenInfo {
        let logger = logger
        return try await transaction { c in
            let now = Date().timeIntervalSince1970
            var id: Int64 = 0
            for try await value in try await c.query("""
                INSERT INTO api_token (user_id, label, token_hash, created_at) VALUES (\(user.id), \(label), \(tokenHash), \(now)) RETURNING id
                """, logger: logger).decode(Int64.self) { id = value }
            try await Self.appendAudit(c, logger, actor: user.login, owner: user.owner.description, action: "jeton.creation", detail: "\(id) \(label)")
            return APITokenInfo(id: id, label: label, createdAt: Date(timeIntervalSince1970: now), lastUsedAt: nil)
        }
    }

    public func tokens(of user: User) async throws -> [APITokenInfo] {
        var result: [APITokenInfo] = []
        for try await (id, label, created, used) in try await client.query(
            "SELECT id, label, created_at, last_used_at FROM api_token WHERE user_id = \(user.id) ORDER BY id", logger: logger)
            .decode((Int64, String, Double, Double?).self) {
            result.append(APITokenInfo(id: id, label: label, createdAt: Date(timeIntervalSince1970: created), lastUsedAt: used.map { Date(timeIntervalSince1970: $0) }))
        }
        return result
    }

    public func revokeToken(id: Int64, of user: User) async throws -> Bool {
        let logger = logger
        return try await transaction { c in
            var deleted = false
            // Scoped by owner in the statement itself: another account's token is simply not found.
            for try await _ in try await c.query("DELETE FROM api_token WHERE id = \(id) AND user_id = \(user.id) RETURNING id", logger: logger) { deleted = true }
            if deleted { try await Self.appendAudit(c, logger, actor: user.login, owner: user.owner.description, action: "jeton.revocation", detail: "\(id)") }
            return deleted
        }
    }

    public func user(forTokenHash hash: String, now: Date) async throws -> User? {
        for try await row in try await client.query("""
            UPDATE api_token t SET last_used_at = \(now.timeIntervalSince1970) FROM user_account u
            WHERE t.token_hash = \(hash) AND u.id = t.user_id AND NOT u.disabled RETURNING \(unescaped: Self.userColumns)
            """, logger: logger).decode(UserColumns.self) {
            return try Self.user(row)
        }
        return nil
    }

    public func recordLoginFailure(keys: [String], at: Date) async throws {
        let logger = logger
        try await transaction { c in
            try await c.query("DELETE FROM login_failure WHERE at < \(at.timeIntervalSince1970 - 86_400)", logger: logger)
            for key in keys { try await c.query("INSERT INTO login_failure VALUES (\(key), \(at.timeIntervalSince1970))", logger: logger) }
        }
    }

    public func loginFailures(key: String, since: Date) async throws -> Int {
        for try await count in try await client.query(
            "SELECT COUNT(*)::BIGINT FROM login_failure WHERE key = \(key) AND at >= \(since.timeIntervalSince1970)", logger: logger).decode(Int.self) {
            return count
        }
        return 0
    }

    public func clearLoginFailures(key: String) async throws {
        try await client.query("DELETE FROM login_failure WHERE key = \(key)", logger: logger)
    }

    public func audit(actor: String, owner: String, action: String, detail: String) async throws {
        let logger = logger
        try await client.withConnection { c in try await Self.appendAudit(c, logger, actor: actor, owner: owner, action: action, detail: detail) }
    }

    public func auditLog(limit: Int) async throws -> [AuditEntry] {
        var result: [AuditEntry] = []
        for try await (at, actor, owner, action, detail) in try await client.query(
            "SELECT at, actor, owner, action, detail FROM audit_log ORDER BY id DESC LIMIT \(limit)", logger: logger)
            .decode((Double, String, String, String, String).self) {
            result.append(AuditEntry(at: Date(timeIntervalSince1970: at), actor: actor, owner: owner, action: action, detail: detail))
        }
        return result
    }
}

extension PostgresStore: DiagnosticStore {
    public func saveAnswers(owner: String, login: String, answers: Answers, submitted: Bool) async throws {
        let json = String(decoding: try JSONEncoder().encode(answers), as: UTF8.self)
        let logger = logger
        try await transaction { c in
            try await c.query("""
                INSERT INTO diagnostic_answers VALUES (\(owner), \(login), \(answers.version), \(json), \(submitted), \(Date().timeIntervalSince1970))
                ON CONFLICT (owner, login, version) DO UPDATE SET answers = EXCLUDED.answers, submitted = EXCLUDED.submitted, updated_at = EXCLUDED.updated_at
                """, logger: logger)
            try await Self.appendAudit(c, logger, actor: login, owner: owner, action: submitted ? "diagnostic.reponses" : "diagnostic.brouillon",
                                       detail: answers.version)
        }
    }

    public func allSubmitted(version: String) async throws -> [String: [Answers]] {
        var result: [String: [Answers]] = [:]
        for try await (owner, json) in try await client.query(
            "SELECT owner, answers FROM diagnostic_answers WHERE version = \(version) AND submitted ORDER BY owner, login", logger: logger)
            .decode((String, String).self) {
            result[owner, default: []].append(try JSONDecoder().decode(Answers.self, from: Data(json.utf8)))
        }
        return result
    }

    public func answers(owner: String, version: String) async throws -> [SavedAnswers] {
        var result: [SavedAnswers] = []
        for try await (login, json, submitted, updated) in try await client.query(
            "SELECT login, answers, submitted, updated_at FROM diagnostic_answers WHERE owner = \(owner) AND version = \(version) ORDER BY login",
            logger: logger).decode((String, String, Bool, Double).self) {
            result.append(SavedAnswers(login: login, answers: try JSONDecoder().decode(Answers.self, from: Data(json.utf8)), submitted: submitted, updatedAt: updated))
        }
        return result
    }
}
