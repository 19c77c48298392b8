import Foundation

/// The stores written once over `SQLDatabase`: help requests, the validator's checks, accounts, sessions,
/// tokens, login failures, the audit log and diagnostics. `SQLiteStore` and `PostgresStore` take them by
/// conforming; what stays per engine is the schema's migrations and the bulk loads (referential, inventories).
protocol SQLStore: Sendable {
    var sql: any SQLDatabase { get }
}
