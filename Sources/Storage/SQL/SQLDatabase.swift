import Accounts
import Foundation

/// The narrow layer the stores are written once against: statements with `?` placeholders, rows read by
/// column index as Swift values, transactions. `SQLiteDatabase` and `PostgresDatabase` implement it, each in
/// one file with its engine's differences (placeholders, value types, locking).
protocol SQLDatabase: Sendable {
    /// Statements that only read; each sees the data committed when it runs.
    func read<T: Sendable>(_ body: @Sendable (any SQLExecutor) async throws -> T) async throws -> T
    /// The statements of `body` in one transaction, committed when it returns, rolled back when it throws; the
    /// error of the body is rethrown as is.
    func transaction<T: Sendable>(_ body: @Sendable (any SQLExecutor) async throws -> T) async throws -> T
}

protocol SQLExecutor: Sendable {
    /// The rows a statement returns (a SELECT, or a write with RETURNING).
    func rows(_ sql: String, _ binds: [any SQLBindable]) async throws -> [SQLRow]
    func execute(_ sql: String, _ binds: [any SQLBindable]) async throws
    /// Makes concurrent transactions that check an invariant over `table` (count, then insert) run one after
    /// the other. PostgreSQL locks the table; SQLite's write transactions are already serialised.
    func serialiseWriters(on table: String) async throws
    /// Appended to a SELECT whose rows the transaction then updates: PostgreSQL's `FOR UPDATE`, nothing for
    /// SQLite's single writer.
    var forUpdate: String { get }
    /// The column giving insertion order in tables created without an id of their own (SQLite's `rowid`).
    var insertionOrder: String { get }
}

extension SQLExecutor {
    func rows(_ sql: String, _ binds: any SQLBindable...) async throws -> [SQLRow] { try await rows(sql, binds) }
    func row(_ sql: String, _ binds: any SQLBindable...) async throws -> SQLRow? { try await rows(sql, binds).first }
    func execute(_ sql: String, _ binds: any SQLBindable...) async throws { try await execute(sql, binds) }

    /// The rows of a statement over many keys at once, asked in chunks of 500 keys to stay under SQLite's limit
    /// on bound parameters: `select` gets one chunk's placeholders (`"SELECT … WHERE id IN (\($0))"`), bound after
    /// the `leading` values of the placeholders written before them.
    func rows<Key: SQLBindable>(forKeys keys: [Key], leading: [any SQLBindable] = [], _ select: (String) -> String) async throws -> [SQLRow] {
        var result: [SQLRow] = []
        for start in stride(from: 0, to: keys.count, by: 500) {
            let chunk = Array(keys[start..<min(start + 500, keys.count)])
            result += try await rows(select(Array(repeating: "?", count: chunk.count).joined(separator: ",")), leading + chunk)
        }
        return result
    }

    /// The audit line of a write, in the write's transaction.
    func audit(actor: String, owner: String, _ action: AuditAction, detail: String) async throws {
        try await execute("INSERT INTO audit_log (at, actor, owner, action, detail) VALUES (?, ?, ?, ?, ?)",
                          Date().timeIntervalSince1970, actor, owner, action.rawValue, detail)
    }
}

/// A value bound to a `?`.
protocol SQLBindable: Sendable {
    var sqlValue: SQLValue { get }
    /// NULL typed as this type (PostgreSQL checks a parameter's type even when it is NULL).
    static var sqlNull: SQLValue { get }
}

extension String: SQLBindable {
    var sqlValue: SQLValue { .text(self) }
    static var sqlNull: SQLValue { .text(nil) }
}

extension Int: SQLBindable {
    var sqlValue: SQLValue { .int(self) }
    static var sqlNull: SQLValue { .int(nil) }
}

extension Int64: SQLBindable {
    var sqlValue: SQLValue { .int(Int(self)) }
    static var sqlNull: SQLValue { .int(nil) }
}

extension Double: SQLBindable {
    var sqlValue: SQLValue { .double(self) }
    static var sqlNull: SQLValue { .double(nil) }
}

extension Bool: SQLBindable {
    var sqlValue: SQLValue { .bool(self) }
    static var sqlNull: SQLValue { .bool(nil) }
}

extension [UInt8]: SQLBindable {
    var sqlValue: SQLValue { .bytes(self) }
    static var sqlNull: SQLValue { .bytes([]) }
}

extension Optional: SQLBindable where Wrapped: SQLBindable {
    var sqlValue: SQLValue { self?.sqlValue ?? Wrapped.sqlNull }
    static var sqlNull: SQLValue { Wrapped.sqlNull }
}

/// A value bound to a statement.
enum SQLValue: Sendable {
    case text(String?)
    case int(Int?)
    case double(Double?)
    case bytes([UInt8])
    case bool(Bool?)
}

/// One row of a result, its columns read by index in the order of the SELECT.
struct SQLRow: Sendable {
    enum Cell: Sendable {
        case null, int(Int64), double(Double), text(String), bytes([UInt8]), bool(Bool)
    }

    let cells: [Cell]

    private func mismatch(_ index: Int, _ expected: String) -> StorageError {
        StorageError("colonne \(index) : \(expected) attendu, \(cells[index]) lu")
    }

    func optionalString(_ i: Int) throws -> String? {
        switch cells[i] {
        case .null: nil
        case .text(let v): v
        default: throw mismatch(i, "texte")
        }
    }

    func string(_ i: Int) throws -> String {
        guard let v = try optionalString(i) else { throw mismatch(i, "texte") }
        return v
    }

    func optionalInt64(_ i: Int) throws -> Int64? {
        switch cells[i] {
        case .null: nil
        case .int(let v): v
        default: throw mismatch(i, "entier")
        }
    }

    func int64(_ i: Int) throws -> Int64 {
        guard let v = try optionalInt64(i) else { throw mismatch(i, "entier") }
        return v
    }

    func int(_ i: Int) throws -> Int { Int(try int64(i)) }

    /// A REAL column may hand back an integer in SQLite: both read as a Double.
    func optionalDouble(_ i: Int) throws -> Double? {
        switch cells[i] {
        case .null: nil
        case .double(let v): v
        case .int(let v): Double(v)
        default: throw mismatch(i, "nombre")
        }
    }

    func double(_ i: Int) throws -> Double {
        guard let v = try optionalDouble(i) else { throw mismatch(i, "nombre") }
        return v
    }

    /// SQLite keeps booleans as 0 and 1.
    func bool(_ i: Int) throws -> Bool {
        switch cells[i] {
        case .bool(let v): v
        case .int(let v): v != 0
        default: throw mismatch(i, "booléen")
        }
    }

    func bytes(_ i: Int) throws -> [UInt8] {
        guard case .bytes(let v) = cells[i] else { throw mismatch(i, "octets") }
        return v
    }
}

struct StorageError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
