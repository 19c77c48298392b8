import Accounts
import Cartography
import Foundation
import Logging
import NIOCore
import Observatoire
import Parcours
import PostgresNIO
import Referential

/// The PostgreSQL implementation of the storage protocols, for when several server instances share one
/// database. Same data and same guarantees as `SQLiteStore`: migrations, a whole load in one transaction, the
/// audit line in the transaction of each write, owned data scoped in the statements.
public final class PostgresStore: SQLStore {
    let client: PostgresClient
    let logger: Logger
    private let runner: Task<Void, Never>
    var sql: any SQLDatabase { database }
    private var database: PostgresDatabase { PostgresDatabase(client: client, logger: logger) }

    /// Connects to `url` (postgres://user:password@host:port/database) and brings the schema up to date.
    public init(url: String, logger: Logger = Logger(label: "territoires.postgres")) async throws {
        guard let components = URLComponents(string: url), ["postgres", "postgresql"].contains(components.scheme ?? ""),
              let host = components.host, let user = components.user else {
            throw StorageError("adresse PostgreSQL invalide : postgres://utilisateur:motdepasse@hôte:port/base attendu")
        }
        let database = String(components.path.dropFirst())
        let configuration = PostgresClient.Configuration(
            host: host, port: components.port ?? 5432, username: user, password: components.password,
            database: database.isEmpty ? nil : database, tls: .disable)
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.client = client
        self.logger = logger
        runner = Task { await client.run() }
        try await migrate()
    }

    deinit { runner.cancel() }

    /// Named migrations, applied once each, under an advisory lock so instances starting together agree.
    static let migrations: [(String, String)] = [
        ("v1-referential", """
            CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
            CREATE TABLE region (code TEXT PRIMARY KEY, name TEXT NOT NULL, chef_lieu TEXT NOT NULL);
            CREATE TABLE departement (code TEXT PRIMARY KEY, region_code TEXT NOT NULL REFERENCES region(code), name TEXT NOT NULL, chef_lieu TEXT NOT NULL);
            CREATE TABLE epci (siren TEXT PRIMARY KEY, name TEXT NOT NULL, nature TEXT NOT NULL, tax_regime TEXT NOT NULL, departement_code TEXT NOT NULL, population INTEGER NOT NULL);
            CREATE TABLE commune (code TEXT PRIMARY KEY, name TEXT NOT NULL, departement_code TEXT NOT NULL REFERENCES departement(code),
                region_code TEXT NOT NULL REFERENCES region(code), epci_siren TEXT REFERENCES epci(siren),
                population INTEGER NOT NULL, population_totale INTEGER, neighbours TEXT NOT NULL);
            CREATE TABLE sub_commune (code TEXT NOT NULL, kind TEXT NOT NULL, parent_code TEXT NOT NULL REFERENCES commune(code), name TEXT NOT NULL, population INTEGER, PRIMARY KEY (kind, code));
            CREATE TABLE programme_membership (commune_code TEXT NOT NULL REFERENCES commune(code), programme TEXT NOT NULL, identifier TEXT NOT NULL, PRIMARY KEY (commune_code, programme, identifier));
            CREATE TABLE ort (commune_code TEXT PRIMARY KEY REFERENCES commune(code), state TEXT, signature_date TEXT, planned_signature TEXT, progress TEXT, updated_on TEXT);
            CREATE TABLE town_hall (commune_code TEXT PRIMARY KEY REFERENCES commune(code), latitude DOUBLE PRECISION, longitude DOUBLE PRECISION,
                address TEXT, phone TEXT, email TEXT, website TEXT, opening_hours TEXT NOT NULL);
            CREATE TABLE shape (kind TEXT NOT NULL, code TEXT NOT NULL, data BYTEA NOT NULL, PRIMARY KEY (kind, code));
            """),
        ("v2-observatoire", "CREATE TABLE source_column (variable TEXT PRIMARY KEY, states BYTEA NOT NULL, ordered_values BYTEA NOT NULL);"),
        ("v3-accounts", """
            CREATE TABLE user_account (id BIGSERIAL PRIMARY KEY, login TEXT NOT NULL UNIQUE, name TEXT NOT NULL, owner TEXT NOT NULL,
                role TEXT NOT NULL, password_hash TEXT NOT NULL, disabled BOOLEAN NOT NULL DEFAULT FALSE, created_at DOUBLE PRECISION NOT NULL);
            CREATE TABLE session (token_hash TEXT PRIMARY KEY, user_id BIGINT NOT NULL REFERENCES user_account(id) ON DELETE CASCADE,
                csrf_token TEXT NOT NULL, expires_at DOUBLE PRECISION NOT NULL);
            CREATE TABLE api_token (id BIGSERIAL PRIMARY KEY, user_id BIGINT NOT NULL REFERENCES user_account(id) ON DELETE CASCADE,
                label TEXT NOT NULL, token_hash TEXT NOT NULL UNIQUE, created_at DOUBLE PRECISION NOT NULL, last_used_at DOUBLE PRECISION);
            CREATE TABLE audit_log (id BIGSERIAL PRIMARY KEY, at DOUBLE PRECISION NOT NULL, actor TEXT NOT NULL, owner TEXT NOT NULL,
                action TEXT NOT NULL, detail TEXT NOT NULL);
            """),
        ("v4-login-failures", """
            CREATE TABLE login_failure (key TEXT NOT NULL, at DOUBLE PRECISION NOT NULL);
            CREATE INDEX login_failure_key ON login_failure(key, at);
            """),
        ("v5-diagnostics", """
            CREATE TABLE diagnostic_answers (owner TEXT NOT NULL, login TEXT NOT NULL, version TEXT NOT NULL, answers TEXT NOT NULL,
                submitted BOOLEAN NOT NULL, updated_at DOUBLE PRECISION NOT NULL, PRIMARY KEY (owner, login, version));
            """),
        ("v6-buildings", """
            CREATE TABLE building (owner TEXT NOT NULL, id TEXT NOT NULL, position INTEGER NOT NULL, commune TEXT NOT NULL, usage TEXT NOT NULL,
                name TEXT NOT NULL, address TEXT, latitude DOUBLE PRECISION, longitude DOUBLE PRECISION, area DOUBLE PRECISION NOT NULL,
                construction_year BIGINT, heating TEXT, heritage BOOLEAN NOT NULL, source TEXT NOT NULL, dpe_number TEXT,
                dpe_value DOUBLE PRECISION, dpe_label TEXT, consumptions TEXT NOT NULL, PRIMARY KEY (owner, id));
            CREATE INDEX building_position ON building(owner, position);
            """),
        ("v7-conformity", """
            CREATE TABLE conformity_check (id BIGSERIAL PRIMARY KEY, owner TEXT NOT NULL, schema TEXT NOT NULL, title TEXT NOT NULL,
                version TEXT NOT NULL, file TEXT NOT NULL, row_count BIGINT NOT NULL, errors BIGINT NOT NULL, login TEXT NOT NULL,
                checked_at DOUBLE PRECISION NOT NULL);
            CREATE INDEX conformity_check_owner ON conformity_check(owner, checked_at);
            """),
        // Buildings as documents (see `BuildingDocuments`); the rows of v6 are carried over (`dataMigrations`).
        ("v8-building-documents", "CREATE TABLE building_inventory (owner TEXT NOT NULL, part INTEGER NOT NULL, data BYTEA NOT NULL, PRIMARY KEY (owner, part));"),
        ("v9-help-requests", """
            CREATE TABLE help_request (id BIGSERIAL PRIMARY KEY, owner TEXT NOT NULL, rule TEXT NOT NULL, brick TEXT NOT NULL, title TEXT NOT NULL,
                because TEXT NOT NULL, message TEXT NOT NULL, login TEXT NOT NULL, created_at DOUBLE PRECISION NOT NULL, status TEXT NOT NULL,
                answer TEXT NOT NULL, updated_at DOUBLE PRECISION NOT NULL);
            CREATE INDEX help_request_owner ON help_request(owner, created_at);
            """),
    ]

    /// Steps some migrations take in Swift after their SQL, in the same transaction (data that SQL alone
    /// cannot reshape).
    static let dataMigrations: [String: @Sendable (PostgresConnection, Logger) async throws -> Void] = [
        "v8-building-documents": carryBuildingRows,
    ]

    private func migrate() async throws {
        let logger = logger
        try await transaction { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(7466853)", logger: logger)
            try await connection.query("CREATE TABLE IF NOT EXISTS schema_migration (name TEXT PRIMARY KEY)", logger: logger)
            var applied = Set<String>()
            for try await name in try await connection.query("SELECT name FROM schema_migration", logger: logger).decode(String.self) {
                applied.insert(name)
            }
            for (name, sql) in Self.migrations where !applied.contains(name) {
                for statement in sql.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespacesAndNewlines) }) where !statement.isEmpty {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await Self.dataMigrations[name]?(connection, logger)
                try await connection.query("INSERT INTO schema_migration VALUES (\(name))", logger: logger)
            }
        }
    }

    /// Runs `body` in a transaction on one connection (see `PostgresDatabase.connectionTransaction`).
    func transaction<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        try await database.connectionTransaction(body)
    }

    /// Drops every table: for tests that need an empty database.
    public func dropEverything() async throws {
        try await client.query("DROP SCHEMA public CASCADE", logger: logger)
        try await client.query("CREATE SCHEMA public", logger: logger)
        try await migrate()
    }
}

extension PostgresConnection {
    /// Inserts rows in multi-row statements, staying under PostgreSQL's 65,535 bound parameters.
    func insert(_ table: String, columns: [String], rows: [[SQLValue]], logger: Logger) async throws {
        guard !rows.isEmpty else { return }
        let perStatement = max(1, 30_000 / columns.count)
        for start in stride(from: 0, to: rows.count, by: perStatement) {
            let chunk = rows[start..<min(start + perStatement, rows.count)]
            var binds = PostgresBindings()
            var tuples: [String] = []
            var index = 1
            for row in chunk {
                tuples.append("(" + row.indices.map { _ in defer { index += 1 }; return "$\(index)" }.joined(separator: ",") + ")")
                for value in row { value.append(to: &binds) }
            }
            let sql = "INSERT INTO \(table) (\(columns.joined(separator: ","))) VALUES \(tuples.joined(separator: ","))"
            try await query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger)
        }
    }
}
