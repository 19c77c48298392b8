import Accounts
import Foundation
import Parcours
import GRDB

extension SQLiteStore {
    static func registerAccountMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v3-accounts") { db in
            try db.execute(sql: """
                CREATE TABLE user_account (
                    id INTEGER PRIMARY KEY, login TEXT NOT NULL UNIQUE, name TEXT NOT NULL, owner TEXT NOT NULL,
                    role TEXT NOT NULL, password_hash TEXT NOT NULL, disabled INTEGER NOT NULL DEFAULT 0, created_at REAL NOT NULL);
                CREATE TABLE session (
                    token_hash TEXT PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES user_account(id) ON DELETE CASCADE,
                    csrf_token TEXT NOT NULL, expires_at REAL NOT NULL) WITHOUT ROWID;
                CREATE TABLE api_token (
                    id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES user_account(id) ON DELETE CASCADE,
                    label TEXT NOT NULL, token_hash TEXT NOT NULL UNIQUE, created_at REAL NOT NULL, last_used_at REAL);
                CREATE TABLE audit_log (
                    id INTEGER PRIMARY KEY, at REAL NOT NULL, actor TEXT NOT NULL, owner TEXT NOT NULL,
                    action TEXT NOT NULL, detail TEXT NOT NULL);
                """)
        }
        migrator.registerMigration("v4-login-failures") { db in
            try db.execute(sql: """
                CREATE TABLE login_failure (key TEXT NOT NULL, at REAL NOT NULL);
                CREATE INDEX login_failure_key ON login_failure(key, at);
                """)
        }
    }

    private static func user(_ row: Row) throws -> User {
        guard let owner = Owner(row["owner"]), let role = Role(rawValue: row["role"]) else {
            throw DatabaseError(message: "compte \(row["login"] as String) mal formé")
        }
        return User(id: row["id"], login: row["login"], name: row["name"], owner: owner, role: role, disabled: row["disabled"])
    }

    static func appendAudit(_ db: Database, actor: String, owner: String, action: String, detail: String) throws {
        try db.execute(sql: "INSERT INTO audit_log (at, actor, owner, action, detail) VALUES (?, ?, ?, ?, ?)",
                       arguments: [Date().timeIntervalSince1970, actor, owner, action, detail])
    }
}

extension SQLiteStore: AccountStore {
    public func createUser(login: String, name: String, owner: Owner, role: Role, passwordHash: String, actor: String) async throws -> User {
        guard Logins.isValid(login) else { throw AccountError.invalidLogin(login) }
        return try await writer.write { db in
            if try Int.fetchOne(db, sql: "SELECT 1 FROM user_account WHERE login = ?", arguments: [login]) != nil {
                throw AccountError.loginTaken(login)
            }
            try db.execute(sql: "INSERT INTO user_account (login, name, owner, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                           arguments: [login, name, owner.description, role.rawValue, passwordHash, Date().timeIntervalSince1970])
            try Self.appendAudit(db, actor: actor, owner: owner.description, action: "compte.creation", detail: "\(login) (\(role.rawValue))")
            return User(id: db.lastInsertedRowID, login: login, name: name, owner: owner, role: role, disabled: false)
        }
    }

    public func userWithPasswordHash(login: String) async throws -> (User, String)? {
        try await writer.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM user_account WHERE login = ?", arguments: [login]) else { return nil }
            return (try Self.user(row), row["password_hash"])
        }
    }

    public func users() async throws -> [User] {
        try await writer.read { db in try Row.fetchAll(db, sql: "SELECT * FROM user_account ORDER BY login").map(Self.user) }
    }

    private func updateUser(login: String, actor: String, action: String, sql: String, argument: DatabaseValue,
                            revokingTokens: Bool = false) async throws {
        try await writer.write { db in
            guard let owner = try String.fetchOne(db, sql: "SELECT owner FROM user_account WHERE login = ?", arguments: [login]) else {
                throw AccountError.unknownLogin(login)
            }
            try db.execute(sql: sql, arguments: [argument, login])
            // A changed password or a disabled account ends the account's sessions.
            try db.execute(sql: "DELETE FROM session WHERE user_id = (SELECT id FROM user_account WHERE login = ?)", arguments: [login])
            if revokingTokens {
                try db.execute(sql: "DELETE FROM api_token WHERE user_id = (SELECT id FROM user_account WHERE login = ?)", arguments: [login])
            }
            try Self.appendAudit(db, actor: actor, owner: owner, action: action, detail: login)
        }
    }

    public func setPassword(login: String, passwordHash: String, actor: String) async throws {
        try await updateUser(login: login, actor: actor, action: "compte.mot_de_passe",
                             sql: "UPDATE user_account SET password_hash = ? WHERE login = ?", argument: passwordHash.databaseValue)
    }

    public func setDisabled(login: String, disabled: Bool, actor: String) async throws {
        // Disabling revokes the API tokens too: re-enabling must not revive keys handed out before.
        try await updateUser(login: login, actor: actor, action: disabled ? "compte.desactivation" : "compte.reactivation",
                             sql: "UPDATE user_account SET disabled = ? WHERE login = ?", argument: disabled.databaseValue,
                             revokingTokens: disabled)
    }

    public func createSession(tokenHash: String, user: User, csrfToken: String, expiresAt: Date) async throws {
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM session WHERE expires_at < ?", arguments: [Date().timeIntervalSince1970])
            try db.execute(sql: "INSERT INTO session VALUES (?, ?, ?, ?)",
                           arguments: [tokenHash, user.id, csrfToken, expiresAt.timeIntervalSince1970])
            try Self.appendAudit(db, actor: user.login, owner: user.owner.description, action: "session.ouverture", detail: "")
        }
    }

    public func session(tokenHash: String, now: Date) async throws -> Session? {
        try await writer.read { db in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT u.*, s.csrf_token, s.expires_at FROM session s JOIN user_account u ON u.id = s.user_id
                WHERE s.token_hash = ? AND s.expires_at > ? AND u.disabled = 0
                """, arguments: [tokenHash, now.timeIntervalSince1970]) else { return nil }
            return Session(user: try Self.user(row), csrfToken: row["csrf_token"], expiresAt: Date(timeIntervalSince1970: row["expires_at"]))
        }
    }

    public func deleteSession(tokenHash: String) async throws {
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM session WHERE token_hash = ?", arguments: [tokenHash])
        }
    }

    public func createToken(user: User, label: String, tokenHash: String) async throws -> APITokenInfo {
        try await writer.write { db in
            let now = Date()
            try db.execute(sql: "INSERT INTO api_token (user_id, label, token_hash, created_at) VALUES (?, ?, ?, ?)",
                           arguments: [user.id, label, tokenHash, now.timeIntervalSince1970])
            let id = db.lastInsertedRowID
            try Self.appendAudit(db, actor: user.login, owner: user.owner.description, action: "jeton.creation", detail: "\(id) \(label)")
            return APITokenInfo(id: id, label: label, createdAt: Date(timeIntervalSince1970: now.timeIntervalSince1970), lastUsedAt: nil)
        }
    }

    public func tokens(of user: User) async throws -> [APITokenInfo] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT id, label, created_at, last_used_at FROM api_token WHERE user_id = ? ORDER BY id",
                             arguments: [user.id]).map {
                APITokenInfo(id: $0[0], label: $0[1], createdAt: Date(timeIntervalSince1970: $0[2]),
                             lastUsedAt: ($0[3] as Double?).map { Date(timeIntervalSince1970: $0) })
            }
        }
    }

    public func revokeToken(id: Int64, of user: User) async throws -> Bool {
        try await writer.write { db in
            // Scoped by owner in the statement itself: another account's token is simply not found.
            try db.execute(sql: "DELETE FROM api_token WHERE id = ? AND user_id = ?", arguments: [id, user.id])
            guard db.changesCount > 0 else { return false }
            try Self.appendAudit(db, actor: user.login, owner: user.owner.description, action: "jeton.revocation", detail: "\(id)")
            return true
        }
    }

    public func user(forTokenHash hash: String, now: Date) async throws -> User? {
        try await writer.write { db in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT u.* FROM api_token t JOIN user_account u ON u.id = t.user_id WHERE t.token_hash = ? AND u.disabled = 0
                """, arguments: [hash]) else { return nil }
            try db.execute(sql: "UPDATE api_token SET last_used_at = ? WHERE token_hash = ?", arguments: [now.timeIntervalSince1970, hash])
            return try Self.user(row)
        }
    }

    public func recordLoginFailure(keys: [String], at: Date) async throws {
        try await writer.write { db in
            // Old failures no longer count: drop them as new ones arrive.
            try db.execute(sql: "DELETE FROM login_failure WHERE at < ?", arguments: [at.timeIntervalSince1970 - 86_400])
            for key in keys { try db.execute(sql: "INSERT INTO login_failure VALUES (?, ?)", arguments: [key, at.timeIntervalSince1970]) }
        }
    }

    public func loginFailures(key: String, since: Date) async throws -> Int {
        try await writer.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM login_failure WHERE key = ? AND at >= ?", arguments: [key, since.timeIntervalSince1970]) ?? 0
        }
    }

    public func clearLoginFailures(key: String) async throws {
        try await writer.write { db in try db.execute(sql: "DELETE FROM login_failure WHERE key = ?", arguments: [key]) }
    }

    public func audit(actor: String, owner: String, action: String, detail: String) async throws {
        try await writer.write { db in try Self.appendAudit(db, actor: actor, owner: owner, action: action, detail: detail) }
    }

    public func auditLog(limit: Int) async throws -> [AuditEntry] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT at, actor, owner, action, detail FROM audit_log ORDER BY id DESC LIMIT ?", arguments: [limit]).map {
                AuditEntry(at: Date(timeIntervalSince1970: $0[0]), actor: $0[1], owner: $0[2], action: $0[3], detail: $0[4])
            }
        }
    }
}

extension SQLiteStore: DiagnosticStore {
    static func registerParcoursMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v5-diagnostics") { db in
            try db.execute(sql: """
                CREATE TABLE diagnostic_answers (
                    owner TEXT NOT NULL, login TEXT NOT NULL, version TEXT NOT NULL, answers TEXT NOT NULL,
                    submitted INTEGER NOT NULL, updated_at REAL NOT NULL, PRIMARY KEY (owner, login, version)) WITHOUT ROWID;
                """)
        }
    }

    public func saveAnswers(owner: String, login: String, answers: Answers, submitted: Bool) async throws {
        let json = String(decoding: try JSONEncoder().encode(answers), as: UTF8.self)
        try await writer.write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO diagnostic_answers VALUES (?, ?, ?, ?, ?, ?)",
                           arguments: [owner, login, answers.version, json, submitted, Date().timeIntervalSince1970])
            try Self.appendAudit(db, actor: login, owner: owner, action: submitted ? "diagnostic.reponses" : "diagnostic.brouillon",
                                 detail: answers.version)
        }
    }

    public func allSubmitted(version: String) async throws -> [String: [Answers]] {
        try await writer.read { db in
            var result: [String: [Answers]] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT owner, answers FROM diagnostic_answers WHERE version = ? AND submitted = 1 ORDER BY owner, login",
                                        arguments: [version]) {
                result[row[0], default: []].append(try JSONDecoder().decode(Answers.self, from: Data((row[1] as String).utf8)))
            }
            return result
        }
    }

    public func answers(owner: String, version: String) async throws -> [SavedAnswers] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT login, answers, submitted, updated_at FROM diagnostic_answers WHERE owner = ? AND version = ? ORDER BY login",
                             arguments: [owner, version]).map {
                SavedAnswers(login: $0[0], answers: try JSONDecoder().decode(Answers.self, from: Data(($0[1] as String).utf8)),
                             submitted: $0[2], updatedAt: $0[3])
            }
        }
    }
}
