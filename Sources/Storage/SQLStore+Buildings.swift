import Foundation
import Renovation

extension SQLStore {
    func parts(owner: String) async throws -> [[UInt8]] {
        try await sql.read { db in
            try await db.rows("SELECT data FROM building_inventory WHERE owner = ? ORDER BY part", owner).map { try $0.bytes(0) }
        }
    }

    public func replaceBuildings(owner: String, with buildings: [Building], actor: String, detail: String) async throws {
        let parts = try BuildingDocuments.encode(buildings, owner: owner)
        try await sql.transaction { tx in
            try await tx.execute("DELETE FROM building_inventory WHERE owner = ?", owner)
            // One statement per part: a part holds up to `BuildingDocuments.partSize` buildings.
            for (k, part) in parts.enumerated() {
                try await tx.execute("INSERT INTO building_inventory (owner, part, data) VALUES (?, ?, ?)", owner, k, part)
            }
            try await tx.audit(actor: actor, owner: owner, .buildingsImported, detail: detail)
        }
    }
}
