import Foundation
import PostgresNIO
import Renovation

extension PostgresStore: BuildingStore {
    public func buildings(owner: String) async throws -> [Building] {
        var result: [Building] = []
        for try await json in try await client.query("SELECT data FROM building WHERE owner = \(owner) ORDER BY position", logger: logger).decode(String.self) {
            result.append(try JSONDecoder().decode(Building.self, from: Data(json.utf8)))
        }
        return result
    }

    public func building(owner: String, id: String) async throws -> Building? {
        for try await json in try await client.query("SELECT data FROM building WHERE owner = \(owner) AND id = \(id)", logger: logger).decode(String.self) {
            return try JSONDecoder().decode(Building.self, from: Data(json.utf8))
        }
        return nil
    }

    public func replaceBuildings(owner: String, with buildings: [Building], actor: String, detail: String) async throws {
        precondition(buildings.allSatisfy { $0.owner == owner }, "a building of another owner")
        let encoder = JSONEncoder()
        let rows: [[SQLValue]] = try buildings.enumerated().map { i, b in
            [.text(owner), .text(b.id), .int(i), .text(b.communeCode), .text(b.usage.rawValue), .text(String(decoding: try encoder.encode(b), as: UTF8.self))]
        }
        let logger = logger
        try await transaction { c in
            try await c.query("DELETE FROM building WHERE owner = \(owner)", logger: logger)
            try await c.insert("building", columns: ["owner", "id", "position", "commune", "usage", "data"], rows: rows, logger: logger)
            try await Self.appendAudit(c, logger, actor: actor, owner: owner, action: "batiments.import", detail: detail)
        }
    }
}
