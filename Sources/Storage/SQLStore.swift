import Foundation

/// The stores written once over `SQLDatabase`: reading the referential, shapes and sources; help requests, the
/// validator's checks, accounts, sessions, tokens, login failures, the audit log, diagnostics and inventories.
/// `SQLiteStore` and `PostgresStore` take them by conforming; what stays per engine is the bulk load of the
/// bundled data, the Swift step of migration v8, and the connection (SQLite's backup, PostgreSQL's pool).
protocol SQLStore: Sendable {
    var sql: any SQLDatabase { get }
}
