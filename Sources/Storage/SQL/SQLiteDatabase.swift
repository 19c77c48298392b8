import Foundation
import GRDB
import Synchronization

/// The shared layer on GRDB. SQLite has one writer: a transaction holds `gate` from BEGIN IMMEDIATE to COMMIT,
/// so the statements of two transactions never interleave on the writer connection. The statements run through
/// GRDB's blocking calls: a cancelled task cannot stop between them and leave a transaction open.
final class SQLiteDatabase: SQLDatabase {
    let writer: any DatabaseWriter
    private let gate = Gate()

    init(writer: any DatabaseWriter) {
        self.writer = writer
    }

    /// What every connection needs: a busy timeout for other processes (`backup`, the command line), and the
    /// transactions `transaction` opens across several GRDB calls.
    static var configuration: Configuration {
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        configuration.allowsUnsafeTransactions = true
        return configuration
    }

    func read<T: Sendable>(_ body: @Sendable (any SQLExecutor) async throws -> T) async throws -> T {
        // A pool reads on its own connections, beside the writer; a queue (the in-memory database) has one
        // connection, so its reads wait for the transaction in progress.
        if writer is DatabasePool { return try await body(Executor(writer: writer, onWriter: false)) }
        return try await gate.holding { try await body(Executor(writer: writer, onWriter: true)) }
    }

    func transaction<T: Sendable>(_ body: @Sendable (any SQLExecutor) async throws -> T) async throws -> T {
        try await gate.holding {
            try run("BEGIN IMMEDIATE")
            do {
                let result = try await body(Executor(writer: writer, onWriter: true))
                try run("COMMIT")
                return result
            } catch {
                try? run("ROLLBACK")
                throw error
            }
        }
    }

    /// A statement on the writer, through GRDB's blocking call (which a synchronous function selects).
    private func run(_ sql: String) throws {
        try writer.writeWithoutTransaction { try $0.execute(sql: sql) }
    }

    /// GRDB directly, for the bulk work of one engine (loading the referential, an inventory's documents): in
    /// GRDB's own transaction, in turn with the transactions above.
    func write<T: Sendable>(_ updates: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await gate.holding { try await writer.write(updates) }
    }

    /// GRDB directly, for reads of one engine.
    func readDatabase<T: Sendable>(_ value: @escaping @Sendable (Database) throws -> T) async throws -> T {
        if writer is DatabasePool { return try await writer.read(value) }
        return try await gate.holding { try await writer.read(value) }
    }

    private struct Executor: SQLExecutor {
        let writer: any DatabaseWriter
        /// On the writer connection, inside a transaction (or holding the gate of a queue); else on a reader of
        /// the pool.
        let onWriter: Bool

        var forUpdate: String { "" }
        var insertionOrder: String { "rowid" }

        private func access<T>(_ body: (Database) throws -> T) throws -> T {
            onWriter ? try writer.writeWithoutTransaction(body) : try writer.read(body)
        }

        func rows(_ sql: String, _ binds: [any SQLBindable]) async throws -> [SQLRow] {
            let arguments = StatementArguments(binds.map { $0.sqlValue.databaseValue })
            return try access { db in
                // Read through a cursor: its rows are views on the statement, converted once, never copied.
                let cursor = try Row.fetchCursor(db, sql: sql, arguments: arguments)
                var rows: [SQLRow] = []
                while let row = try cursor.next() { rows.append(Self.row(row)) }
                return rows
            }
        }

        func execute(_ sql: String, _ binds: [any SQLBindable]) async throws {
            let arguments = StatementArguments(binds.map { $0.sqlValue.databaseValue })
            try access { db in try db.execute(sql: sql, arguments: arguments) }
        }

        func serialiseWriters(on table: String) async throws {}

        private static func row(_ row: Row) -> SQLRow {
            SQLRow(cells: (0..<row.count).map { index in
                switch (row[index] as DatabaseValue).storage {
                case .null: .null
                case .int64(let v): .int(v)
                case .double(let v): .double(v)
                case .string(let v): .text(v)
                case .blob(let v): .bytes([UInt8](v))
                }
            })
        }
    }
}

extension SQLValue {
    var databaseValue: DatabaseValue {
        switch self {
        case .text(let v): v.databaseValue
        case .int(let v): v.databaseValue
        case .double(let v): v.databaseValue
        case .bytes(let v): Data(v).databaseValue
        case .bool(let v): v.databaseValue
        }
    }
}

/// One holder at a time, the others waiting in turn (an async mutex).
private final class Gate: Sendable {
    private let state = Mutex<(busy: Bool, waiting: [CheckedContinuation<Void, Never>])>((false, []))

    func holding<T>(_ body: () async throws -> T) async throws -> T {
        await acquire()
        defer { release() }
        return try await body()
    }

    private func acquire() async {
        await withCheckedContinuation { continuation in
            let free = state.withLock { s in
                if !s.busy { s.busy = true; return true }
                s.waiting.append(continuation)
                return false
            }
            if free { continuation.resume() }
        }
    }

    /// Hands the gate to the next waiter directly, so nobody arriving meanwhile overtakes it.
    private func release() {
        let next = state.withLock { s -> CheckedContinuation<Void, Never>? in
            if s.waiting.isEmpty { s.busy = false; return nil }
            return s.waiting.removeFirst()
        }
        next?.resume()
    }
}
