import Foundation
import PostgresNIO
import Renovation

extension PostgresStore: BuildingStore {
    private typealias Columns = (String, String, String, String, String, String?, Double?, Double?, Double, Int?, String?, Bool, String, String?, Double?, String?, String)

    private static func building(_ c: Columns) -> Building {
        BuildingRows.building(owner: c.0, id: c.1, commune: c.2, usage: c.3, name: c.4, address: c.5, latitude: c.6, longitude: c.7, area: c.8,
                              constructionYear: c.9, heating: c.10, heritage: c.11, source: c.12, dpeNumber: c.13, dpeValue: c.14,
                              dpeLabel: c.15, consumptions: c.16)
    }

    public func buildings(owner: String) async throws -> [Building] {
        var result: [Building] = []
        let sql = "SELECT \(BuildingRows.selectList) FROM building WHERE owner = $1 ORDER BY position"
        var binds = PostgresBindings()
        binds.append(owner)
        for try await row in try await client.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger).decode(Columns.self) {
            result.append(Self.building(row))
        }
        return result
    }

    public func building(owner: String, id: String) async throws -> Building? {
        let sql = "SELECT \(BuildingRows.selectList) FROM building WHERE owner = $1 AND id = $2"
        var binds = PostgresBindings()
        binds.append(owner)
        binds.append(id)
        for try await row in try await client.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger).decode(Columns.self) {
            return Self.building(row)
        }
        return nil
    }

    public func replaceBuildings(owner: String, with buildings: [Building], actor: String, detail: String) async throws {
        precondition(buildings.allSatisfy { $0.owner == owner }, "a building of another owner")
        let rows: [[SQLValue]] = buildings.enumerated().map { i, b in
            BuildingRows.values(b, position: i).enumerated().map { k, value in
                switch value {
                case .text(let v): .text(v)
                case .double(let v): .double(v)
                // heritage is a boolean column in PostgreSQL.
                case .int(let v): BuildingRows.columns[k] == "heritage" ? .bool(v == 1) : .int(v)
                }
            }
        }
        let logger = logger
        try await transaction { c in
            try await c.query("DELETE FROM building WHERE owner = \(owner)", logger: logger)
            try await c.insert("building", columns: BuildingRows.columns, rows: rows, logger: logger)
            try await Self.appendAudit(c, logger, actor: actor, owner: owner, action: "batiments.import", detail: detail)
        }
    }
}
