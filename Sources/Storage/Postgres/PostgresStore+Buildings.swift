import Foundation
import PostgresNIO
import Renovation

extension PostgresStore {
    /// Migration v8: the buildings of v6 (one row each) become documents, then their table goes.
    static func carryBuildingRows(_ c: PostgresConnection, _ logger: Logger) async throws {
        typealias Columns = (String, String, String, String, String, String?, Double?, Double?, Double, Int?, String?, Bool, String, String?, Double?, String?, String)
        var byOwner: [String: [Building]] = [:]
        let rows = try await c.query(PostgresQuery(unsafeSQL: "SELECT \(BuildingDocuments.legacyColumns) FROM building ORDER BY owner, position"), logger: logger)
        for try await r in rows.decode(Columns.self) {
            byOwner[r.0, default: []].append(BuildingDocuments.legacy(
                owner: r.0, id: r.1, commune: r.2, usage: r.3, name: r.4, address: r.5, latitude: r.6, longitude: r.7, area: r.8, constructionYear: r.9,
                heating: r.10, heritage: r.11, source: r.12, dpeNumber: r.13, dpeValue: r.14, dpeLabel: r.15, consumptions: r.16))
        }
        for (owner, buildings) in byOwner { try await insertParts(c, logger, owner: owner, try BuildingDocuments.encode(buildings, owner: owner)) }
        try await c.query("DROP TABLE building", logger: logger)
    }

    private static func insertParts(_ c: PostgresConnection, _ logger: Logger, owner: String, _ parts: [[UInt8]]) async throws {
        try await c.insert("building_inventory", columns: ["owner", "part", "data"],
                           rows: parts.enumerated().map { k, part in [.text(owner), .int(k), .bytes(part)] }, logger: logger)
    }
}
