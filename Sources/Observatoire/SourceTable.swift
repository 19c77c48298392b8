/// The source variables of the indicators, one column per variable, aligned on a list of commune codes.
/// A cell is a value, "secret" (the producer left it empty: statistical secrecy) or "absent" (the commune is
/// not in the source, e.g. created or merged after its vintage).
public struct SourceTable: Sendable, Equatable {
    public enum State: UInt8, Sendable { case value = 0, secret = 1, absent = 2 }

    public struct Column: Sendable, Equatable {
        public var values: [Double]
        public var states: [State]

        public init(values: [Double], states: [State]) {
            self.values = values
            self.states = states
        }

        public init(count: Int) {
            values = Array(repeating: 0, count: count)
            states = Array(repeating: .absent, count: count)
        }
    }

    public let codes: [String]
    public let columns: [String: Column]

    public init(codes: [String], columns: [String: Column]) {
        self.codes = codes
        self.columns = columns
    }

    public func index(of code: String) -> Int? { codes.firstIndex(of: code) }
}

/// Where the source table is kept (SQLite now); implemented by the storage layer.
public protocol IndicatorStore: Sendable {
    func sourceTable() async throws -> SourceTable
}
