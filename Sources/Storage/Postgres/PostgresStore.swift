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
            for migration in Schema.migrations where !applied.contains(migration.name) {
                for statement in migration.postgres.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespacesAndNewlines) }) where !statement.isEmpty {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await Self.dataMigrations[migration.name]?(connection, logger)
                try await connection.query("INSERT INTO schema_migration VALUES (\(migration.name))", logger: logger)
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
