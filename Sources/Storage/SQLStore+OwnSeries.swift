import Foundation
import Observatoire

/// A collectivité's own series: every statement names the owner, so another collectivité's series is not found.
/// A save replaces the series and all its points in one transaction: a reader sees the old figures or the new
/// ones, never half of each.
extension SQLStore {
    private static var seriesColumns: String { "id, owner, catalogue_key, label, definition, unit, source, public, updated_at, updated_by" }

    private static func series(_ row: SQLRow, points: [OwnPoint]) throws -> OwnSeries {
        OwnSeries(id: try row.int64(0), owner: try row.string(1), catalogueKey: try row.optionalString(2), label: try row.string(3),
                  definition: try row.string(4), unit: try row.string(5), source: try row.string(6), isPublic: try row.bool(7),
                  points: points, updatedAt: try row.double(8), updatedBy: try row.string(9))
    }

    /// The series of these rows with their points (one query for all of them), sorted by period then sub-area.
    private static func load(_ rows: [SQLRow], _ db: any SQLExecutor) async throws -> [OwnSeries] {
        let ids = try rows.map { try $0.int64(0) }
        var points: [Int64: [OwnPoint]] = [:]
        for p in try await db.rows(forKeys: ids, { "SELECT series_id, period, area, value FROM own_point WHERE series_id IN (\($0))" }) {
            guard let period = OwnPeriod(try p.string(1)) else { throw StorageError("période illisible : \(try p.string(1))") }
            points[try p.int64(0), default: []].append(OwnPoint(period: period, area: try p.string(2), value: try p.double(3)))
        }
        return try rows.map { row in
            try series(row, points: (points[try row.int64(0)] ?? []).sorted { ($0.period, $0.area) < ($1.period, $1.area) })
        }
    }

    public func ownSeries(owner: String) async throws -> [OwnSeries] {
        try await sql.read { db in
            try await Self.load(try await db.rows("SELECT \(Self.seriesColumns) FROM own_series WHERE owner = ? ORDER BY label, id", owner), db)
        }
    }

    public func ownSeries(id: Int64, owner: String) async throws -> OwnSeries? {
        try await sql.read { db in
            try await Self.load(try await db.rows("SELECT \(Self.seriesColumns) FROM own_series WHERE id = ? AND owner = ?", id, owner), db).first
        }
    }

    public func publishedOwnSeries(catalogueKey: String) async throws -> [OwnSeries] {
        try await sql.read { db in
            try await Self.load(try await db.rows("SELECT \(Self.seriesColumns) FROM own_series WHERE catalogue_key = ? AND public ORDER BY owner, id",
                                                  catalogueKey), db)
        }
    }

    public func saveOwnSeries(_ all: [OwnSeries], actor: String) async throws -> [OwnSeries] {
        // All the series of one file, or none: a failure on the last one undoes the first ones.
        try await sql.transaction { tx in
            var saved: [OwnSeries] = []
            for s in all { saved.append(try await Self.save(s, actor: actor, tx)) }
            return saved
        }
    }

    private static func save(_ s: OwnSeries, actor: String, _ tx: any SQLExecutor) async throws -> OwnSeries {
            let now = Date().timeIntervalSince1970
            let id: Int64
            if s.id == 0 {
                let inserted = try await tx.row("""
                    INSERT INTO own_series (owner, catalogue_key, label, definition, unit, source, public, updated_at, updated_by)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id
                    """, s.owner, s.catalogueKey, s.label, s.definition, s.unit, s.source, s.isPublic, now, actor)
                guard let new = try inserted?.int64(0) else { throw StorageError("indicateur non enregistré") }
                id = new
            } else {
                // Scoped to the owner: another collectivité's id is unknown here, exactly as a missing one.
                guard try await tx.row("SELECT id FROM own_series WHERE id = ? AND owner = ?\(tx.forUpdate)", s.id, s.owner) != nil else {
                    throw OwnSeriesError.unknown(id: s.id)
                }
                try await tx.execute("""
                    UPDATE own_series SET catalogue_key = ?, label = ?, definition = ?, unit = ?, source = ?, public = ?, updated_at = ?,
                    updated_by = ? WHERE id = ? AND owner = ?
                    """, s.catalogueKey, s.label, s.definition, s.unit, s.source, s.isPublic, now, actor, s.id, s.owner)
                try await tx.execute("DELETE FROM own_point WHERE series_id = ?", s.id)
                id = s.id
            }
            for p in s.points {
                try await tx.execute("INSERT INTO own_point (series_id, period, area, value) VALUES (?, ?, ?, ?)",
                                     id, p.period.description, p.area, p.value)
            }
            try await tx.audit(actor: actor, owner: s.owner, .ownSeriesSaved,
                               detail: "\(s.label) (n° \(id)) : \(s.points.count) valeur(s), \(s.isPublic ? "publique" : "privée")")
            return try await Self.load(try await tx.rows("SELECT \(Self.seriesColumns) FROM own_series WHERE id = ?", id), tx)[0]
    }

    public func deleteOwnSeries(id: Int64, owner: String, actor: String) async throws {
        try await sql.transaction { tx in
            guard let label = try await tx.row("SELECT label FROM own_series WHERE id = ? AND owner = ?\(tx.forUpdate)", id, owner)?.string(0) else {
                throw OwnSeriesError.unknown(id: id)
            }
            try await tx.execute("DELETE FROM own_point WHERE series_id = ?", id)
            try await tx.execute("DELETE FROM own_series WHERE id = ? AND owner = ?", id, owner)
            try await tx.audit(actor: actor, owner: owner, .ownSeriesDeleted, detail: "\(label) (n° \(id))")
        }
    }
}
