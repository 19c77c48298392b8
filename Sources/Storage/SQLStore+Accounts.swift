import Accounts
import Foundation
import Parcours

extension SQLStore {
    private static var userColumns: String { "u.id, u.login, u.name, u.owner, u.role, u.disabled" }

    /// A user from the first six columns of a row (`userColumns`).
    private static func user(_ row: SQLRow) throws -> User {
        let login = try row.string(1)
        guard let owner = Owner(try row.string(3)), let role = Role(rawValue: try row.string(4)) else {
            throw StorageError("compte \(login) mal formé")
        }
        return User(id: try row.int64(0), login: login, name: try row.string(2), owner: owner, role: role, disabled: try row.bool(5))
    }

    public func createUser(login: String, name: String, owner: Owner, role: Role, passwordHash: String, actor: String) async throws -> User {
        guard Logins.isValid(login) else { throw AccountError.invalidLogin(login) }
        return try await sql.transaction { tx in
            try await Self.insertUser(tx, login: login, name: name, owner: owner, role: role, passwordHash: passwordHash, actor: actor, note: "")
        }
    }

    /// The account's row and its audit line, in the caller's transaction.
    private static func insertUser(_ tx: any SQLExecutor, login: String, name: String, owner: Owner, role: Role, passwordHash: String,
                                   actor: String, note: String) async throws -> User {
        if try await tx.row("SELECT 1 FROM user_account WHERE login = ?", login) != nil { throw AccountError.loginTaken(login) }
        let inserted = try await tx.row("""
            INSERT INTO user_account (login, name, owner, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id
            """, login, name, owner.description, role.rawValue, passwordHash, Date().timeIntervalSince1970)
        guard let id = try inserted?.int64(0) else { throw StorageError("compte \(login) non enregistré") }
        try await tx.audit(actor: actor, owner: owner.description, .accountCreated, detail: "\(login) (\(role.rawValue))\(note)")
        return User(id: id, login: login, name: name, owner: owner, role: role, disabled: false)
    }

    // MARK: Activation links

    /// An account created on the web has no password until its activation link is used: an empty hash, which no
    /// password verifies (the sign-in compares with a decoy hash instead).
    private static var noPassword: String { "" }

    public func createPendingUser(login: String, name: String, owner: Owner, role: Role, activationHash: String, expiresAt: Date,
                                  actor: String) async throws -> User {
        guard Logins.isValid(login) else { throw AccountError.invalidLogin(login) }
        return try await sql.transaction { tx in
            let user = try await Self.insertUser(tx, login: login, name: name, owner: owner, role: role, passwordHash: Self.noPassword,
                                                 actor: actor, note: ", en attente d'activation")
            try await tx.execute("INSERT INTO account_activation (token_hash, user_id, expires_at) VALUES (?, ?, ?)",
                                 activationHash, user.id, expiresAt.timeIntervalSince1970)
            return user
        }
    }

    public func renewActivation(login: String, activationHash: String, expiresAt: Date, actor: String) async throws {
        try await sql.transaction { tx in
            guard let row = try await tx.row("SELECT id, owner, password_hash FROM user_account WHERE login = ?\(tx.forUpdate)", login) else {
                throw AccountError.unknownLogin(login)
            }
            // A link sets a first password only: for an account in use it would hand the account to whoever holds the link.
            guard try row.string(2) == Self.noPassword else { throw AccountError.alreadyActivated(login) }
            let id = try row.int64(0)
            try await tx.execute("DELETE FROM account_activation WHERE user_id = ?", id)
            try await tx.execute("INSERT INTO account_activation (token_hash, user_id, expires_at) VALUES (?, ?, ?)",
                                 activationHash, id, expiresAt.timeIntervalSince1970)
            try await tx.audit(actor: actor, owner: try row.string(1), .activationIssued, detail: login)
        }
    }

    /// The link's status, read in `db` (with `FOR UPDATE` when the caller then spends it).
    private static func activationStatus(_ db: any SQLExecutor, tokenHash: String, now: Date, lock: String = "") async throws -> Activation.Status {
        guard let row = try await db.row("""
            SELECT \(userColumns), a.expires_at, a.used_at FROM account_activation a JOIN user_account u ON u.id = a.user_id
            WHERE a.token_hash = ?\(lock)
            """, tokenHash) else { return .unknown }
        let user = try user(row)
        if try row.optionalDouble(7) != nil { return .used }
        if try row.double(6) <= now.timeIntervalSince1970 { return .expired }
        return user.disabled ? .disabled : .valid(user)
    }

    public func activation(tokenHash: String, now: Date) async throws -> Activation.Status {
        try await sql.read { db in try await Self.activationStatus(db, tokenHash: tokenHash, now: now) }
    }

    public func activate(tokenHash: String, passwordHash: String, now: Date) async throws -> Activation.Status {
        try await sql.transaction { tx in
            // Read and spent in one transaction: two submissions of the same link, the second finds it used.
            let status = try await Self.activationStatus(tx, tokenHash: tokenHash, now: now, lock: tx.forUpdate)
            guard case .valid(let user) = status else { return status }
            try await tx.execute("UPDATE account_activation SET used_at = ? WHERE token_hash = ?", now.timeIntervalSince1970, tokenHash)
            try await tx.execute("UPDATE user_account SET password_hash = ? WHERE id = ?", passwordHash, user.id)
            try await tx.audit(actor: user.login, owner: user.owner.description, .accountActivated, detail: user.login)
            return status
        }
    }

    public func accountStatuses() async throws -> [AccountStatus] {
        try await sql.read { db in
            // The latest link of each account still waiting for its password (renewing deletes the older ones).
            try await db.rows("""
                SELECT \(Self.userColumns), u.created_at, u.password_hash = ?, (SELECT max(a.expires_at) FROM account_activation a WHERE a.user_id = u.id)
                FROM user_account u ORDER BY u.login
                """, Self.noPassword).map {
                let pending = try $0.bool(7)
                return AccountStatus(user: try Self.user($0), createdAt: Date(timeIntervalSince1970: try $0.double(6)), pendingActivation: pending,
                                     activationExpiresAt: pending ? try $0.optionalDouble(8).map { Date(timeIntervalSince1970: $0) } : nil)
            }
        }
    }

    public func userWithPasswordHash(login: String) async throws -> (User, String)? {
        try await sql.read { db in
            guard let row = try await db.row("SELECT \(Self.userColumns), u.password_hash FROM user_account u WHERE u.login = ?", login) else { return nil }
            return (try Self.user(row), try row.string(6))
        }
    }

    public func users() async throws -> [User] {
        try await sql.read { db in try await db.rows("SELECT \(Self.userColumns) FROM user_account u ORDER BY u.login").map(Self.user) }
    }

    /// Changes an account; a changed password or a disabled account ends the account's sessions.
    private func updateUser(login: String, actor: String, action: AuditAction, _ update: @escaping @Sendable (any SQLExecutor) async throws -> Void) async throws {
        try await sql.transaction { tx in
            guard let owner = try await tx.row("SELECT owner FROM user_account WHERE login = ?", login)?.string(0) else {
                throw AccountError.unknownLogin(login)
            }
            try await update(tx)
            try await tx.execute("DELETE FROM session WHERE user_id = (SELECT id FROM user_account WHERE login = ?)", login)
            try await tx.audit(actor: actor, owner: owner, action, detail: login)
        }
    }

    public func setPassword(login: String, passwordHash: String, actor: String) async throws {
        try await updateUser(login: login, actor: actor, action: .passwordChanged) { tx in
            try await tx.execute("UPDATE user_account SET password_hash = ? WHERE login = ?", passwordHash, login)
        }
    }

    public func setDisabled(login: String, disabled: Bool, actor: String) async throws {
        // Disabling revokes the API tokens too: re-enabling must not revive keys handed out before.
        try await updateUser(login: login, actor: actor, action: disabled ? .accountDisabled : .accountEnabled) { tx in
            try await tx.execute("UPDATE user_account SET disabled = ? WHERE login = ?", disabled, login)
            if disabled { try await tx.execute("DELETE FROM api_token WHERE user_id = (SELECT id FROM user_account WHERE login = ?)", login) }
        }
    }

    public func createSession(tokenHash: String, user: User, csrfToken: String, expiresAt: Date) async throws {
        try await sql.transaction { tx in
            try await tx.execute("DELETE FROM session WHERE expires_at < ?", Date().timeIntervalSince1970)
            try await tx.execute("INSERT INTO session (token_hash, user_id, csrf_token, expires_at) VALUES (?, ?, ?, ?)",
                                 tokenHash, user.id, csrfToken, expiresAt.timeIntervalSince1970)
            try await tx.audit(actor: user.login, owner: user.owner.description, .sessionOpened, detail: "")
        }
    }

    public func session(tokenHash: String, now: Date) async throws -> Session? {
        try await sql.read { db in
            guard let row = try await db.row("""
                SELECT \(Self.userColumns), s.csrf_token, s.expires_at FROM session s JOIN user_account u ON u.id = s.user_id
                WHERE s.token_hash = ? AND s.expires_at > ? AND u.disabled = ?
                """, tokenHash, now.timeIntervalSince1970, false) else { return nil }
            return Session(user: try Self.user(row), csrfToken: try row.string(6), expiresAt: Date(timeIntervalSince1970: try row.double(7)))
        }
    }

    public func deleteSession(tokenHash: String) async throws {
        try await sql.transaction { tx in try await tx.execute("DELETE FROM session WHERE token_hash = ?", tokenHash) }
    }

    public func createToken(user: User, label: String, tokenHash: String) async throws -> APITokenInfo {
        try await sql.transaction { tx in
            let now = Date().timeIntervalSince1970
            let inserted = try await tx.row("INSERT INTO api_token (user_id, label, token_hash, created_at) VALUES (?, ?, ?, ?) RETURNING id",
                                            user.id, label, tokenHash, now)
            guard let id = try inserted?.int64(0) else { throw StorageError("jeton non enregistré") }
            try await tx.audit(actor: user.login, owner: user.owner.description, .tokenCreated, detail: "\(id) \(label)")
            return APITokenInfo(id: id, label: label, createdAt: Date(timeIntervalSince1970: now), lastUsedAt: nil)
        }
    }

    public func tokens(of user: User) async throws -> [APITokenInfo] {
        try await sql.read { db in
            try await db.rows("SELECT id, label, created_at, last_used_at FROM api_token WHERE user_id = ? ORDER BY id", user.id).map {
                APITokenInfo(id: try $0.int64(0), label: try $0.string(1), createdAt: Date(timeIntervalSince1970: try $0.double(2)),
                             lastUsedAt: try $0.optionalDouble(3).map { Date(timeIntervalSince1970: $0) })
            }
        }
    }

    public func revokeToken(id: Int64, of user: User) async throws -> Bool {
        try await sql.transaction { tx in
            // Scoped by owner in the statement itself: another account's token is simply not found.
            guard try await tx.row("DELETE FROM api_token WHERE id = ? AND user_id = ? RETURNING id", id, user.id) != nil else { return false }
            try await tx.audit(actor: user.login, owner: user.owner.description, .tokenRevoked, detail: "\(id)")
            return true
        }
    }

    public func user(forTokenHash hash: String, now: Date) async throws -> User? {
        try await sql.transaction { tx in
            guard let row = try await tx.row("""
                SELECT \(Self.userColumns) FROM api_token t JOIN user_account u ON u.id = t.user_id WHERE t.token_hash = ? AND u.disabled = ?
                """, hash, false) else { return nil }
            try await tx.execute("UPDATE api_token SET last_used_at = ? WHERE token_hash = ?", now.timeIntervalSince1970, hash)
            return try Self.user(row)
        }
    }

    public func recordLoginFailure(keys: [String], at: Date) async throws {
        try await sql.transaction { tx in
            // Old failures no longer count: drop them as new ones arrive.
            try await tx.execute("DELETE FROM login_failure WHERE at < ?", at.timeIntervalSince1970 - 86_400)
            for key in keys { try await tx.execute("INSERT INTO login_failure (key, at) VALUES (?, ?)", key, at.timeIntervalSince1970) }
        }
    }

    public func loginFailures(key: String, since: Date) async throws -> Int {
        try await sql.read { db in
            try await db.row("SELECT COUNT(*) FROM login_failure WHERE key = ? AND at >= ?", key, since.timeIntervalSince1970)?.int(0) ?? 0
        }
    }

    public func clearLoginFailures(key: String) async throws {
        try await sql.transaction { tx in try await tx.execute("DELETE FROM login_failure WHERE key = ?", key) }
    }

    public func audit(actor: String, owner: String, action: AuditAction, detail: String) async throws {
        try await sql.transaction { tx in try await tx.audit(actor: actor, owner: owner, action, detail: detail) }
    }

    public func auditLog(limit: Int) async throws -> [AuditEntry] {
        try await sql.read { db in
            try await db.rows("SELECT at, actor, owner, action, detail FROM audit_log ORDER BY id DESC LIMIT ?", limit).map {
                AuditEntry(at: Date(timeIntervalSince1970: try $0.double(0)), actor: try $0.string(1), owner: try $0.string(2),
                           action: try $0.string(3), detail: try $0.string(4))
            }
        }
    }

    public func saveAnswers(owner: String, login: String, answers: Answers, submitted: Bool) async throws {
        try await saveAnswers(owner: owner, login: login, answers: answers, submitted: submitted, at: Date().timeIntervalSince1970)
    }

    /// Submitted answers also count for the barometer of the year of `at`.
    public func saveAnswers(owner: String, login: String, answers: Answers, submitted: Bool, at: Double) async throws {
        let json = String(decoding: try JSONEncoder().encode(answers), as: UTF8.self)
        try await sql.transaction { tx in
            try await tx.execute("""
                INSERT INTO diagnostic_answers (owner, login, version, answers, submitted, updated_at) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (owner, login, version) DO UPDATE SET answers = excluded.answers, submitted = excluded.submitted, updated_at = excluded.updated_at
                """, owner, login, answers.version, json, submitted, at)
            if submitted { try await Self.recordSubmission(tx, owner: owner, login: login, answers: answers, json: json, at: at) }
            try await tx.audit(actor: login, owner: owner, submitted ? .diagnosticSubmitted : .diagnosticDraft, detail: answers.version)
        }
    }

    public func allSubmitted(version: String) async throws -> [String: [Answers]] {
        try await sql.read { db in
            var result: [String: [Answers]] = [:]
            for row in try await db.rows("SELECT owner, answers FROM diagnostic_answers WHERE version = ? AND submitted = ? ORDER BY owner, login",
                                         version, true) {
                result[try row.string(0), default: []].append(try JSONDecoder().decode(Answers.self, from: Data(try row.string(1).utf8)))
            }
            return result
        }
    }

    public func answers(owner: String, version: String) async throws -> [SavedAnswers] {
        try await sql.read { db in
            try await db.rows("SELECT login, answers, submitted, updated_at FROM diagnostic_answers WHERE owner = ? AND version = ? ORDER BY login",
                              owner, version).map {
                SavedAnswers(login: try $0.string(0), answers: try JSONDecoder().decode(Answers.self, from: Data(try $0.string(1).utf8)),
                             submitted: try $0.bool(2), updatedAt: try $0.double(3))
            }
        }
    }
}
