import Foundation
import Logging
import NIOCore
import PostgresNIO

/// The shared layer on PostgresNIO: `?` numbered `$1…`, cells decoded by their column type, a table lock and
/// `FOR UPDATE` where SQLite's single writer needs none.
struct PostgresDatabase: SQLDatabase {
    let client: PostgresClient
    let logger: Logger

    func read<T: Sendable>(_ body: @Sendable (any SQLExecutor) async throws -> T) async throws -> T {
        try await client.withConnection { try await body(Executor(connection: $0, logger: logger)) }
    }

    func transaction<T: Sendable>(_ body: @Sendable (any SQLExecutor) async throws -> T) async throws -> T {
        try await connectionTransaction { try await body(Executor(connection: $0, logger: logger)) }
    }

    /// A transaction on one connection, for the bulk work of this engine too; an error of the body itself is
    /// rethrown as is (not wrapped), so callers see the same errors as with SQLite.
    func connectionTransaction<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        do {
            return try await client.withTransaction(logger: logger) { try await body($0) }
        } catch let error as PostgresTransactionError {
            throw error.closureError ?? error
        }
    }

    struct Executor: SQLExecutor {
        let connection: PostgresConnection
        let logger: Logger

        var forUpdate: String { " FOR UPDATE" }
        var insertionOrder: String { "id" }

        func rows(_ sql: String, _ binds: [any SQLBindable]) async throws -> [SQLRow] {
            var result: [SQLRow] = []
            for try await row in try await connection.query(Self.query(sql, binds), logger: logger) {
                result.append(SQLRow(cells: try row.map(Self.cell)))
            }
            return result
        }

        func execute(_ sql: String, _ binds: [any SQLBindable]) async throws {
            try await connection.query(Self.query(sql, binds), logger: logger)
        }

        func serialiseWriters(on table: String) async throws {
            try await connection.query(PostgresQuery(unsafeSQL: "LOCK TABLE \(table) IN SHARE ROW EXCLUSIVE MODE"), logger: logger)
        }

        private static func query(_ sql: String, _ binds: [any SQLBindable]) -> PostgresQuery {
            var bindings = PostgresBindings()
            for bind in binds { bind.sqlValue.append(to: &bindings) }
            return PostgresQuery(unsafeSQL: numbered(sql), binds: bindings)
        }

        /// `?` becomes `$1`, `$2`… in order, except inside quoted literals.
        static func numbered(_ sql: String) -> String {
            var result = "", count = 0, quoted = false
            for character in sql {
                if character == "'" { quoted.toggle() }
                if character == "?" && !quoted {
                    count += 1
                    result += "$\(count)"
                } else {
                    result.append(character)
                }
            }
            return result
        }

        private static func cell(_ cell: PostgresCell) throws -> SQLRow.Cell {
            guard cell.bytes != nil else { return .null }
            switch cell.dataType {
            case .int2, .int4, .int8: return .int(Int64(try cell.decode(Int.self, context: .default)))
            case .float4, .float8: return .double(try cell.decode(Double.self, context: .default))
            case .bool: return .bool(try cell.decode(Bool.self, context: .default))
            case .bytea: return .bytes(Array(buffer: try cell.decode(ByteBuffer.self, context: .default)))
            default: return .text(try cell.decode(String.self, context: .default))
            }
        }
    }
}

extension SQLValue {
    func append(to binds: inout PostgresBindings) {
        switch self {
        case .text(let v): binds.append(v)
        case .int(let v): binds.append(v)
        case .double(let v): binds.append(v)
        case .bytes(let v): binds.append(ByteBuffer(bytes: v))
        case .bool(let v): binds.append(v)
        }
    }
}
