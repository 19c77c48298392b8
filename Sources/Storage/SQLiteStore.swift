import Cartography
import Foundation
import GRDB
import Observatoire
import Referential
import Tabular

/// The embedded database: one SQLite file (WAL mode), schema by named migrations, every load of data in a
/// single transaction so a failed import leaves the previous data intact.
public final class SQLiteStore: SQLStore {
    let database: SQLiteDatabase
    var sql: any SQLDatabase { database }

    /// Opens (or creates) the database file at `path`.
    public convenience init(path: String) throws {
        try self.init(writer: DatabasePool(path: path, configuration: SQLiteDatabase.configuration))
    }

    /// An empty in-memory database, for tests.
    public static func inMemory() throws -> SQLiteStore {
        try SQLiteStore(writer: DatabaseQueue(configuration: SQLiteDatabase.configuration))
    }

    init(writer: any DatabaseWriter) throws {
        database = SQLiteDatabase(writer: writer)
        try Self.migrator.migrate(writer)
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        for migration in Schema.migrations {
            migrator.registerMigration(migration.name) { db in
                try db.execute(sql: migration.sqlite)
                try dataMigrations[migration.name]?(db)
            }
        }
        return migrator
    }

    // MARK: - Loading

    /// Replaces the whole referential and the indicators' source table in one transaction.
    public func replaceReferential(_ referential: Referential, townHalls: [String: TownHall],
                                   shapes: [ShapeKind: [String: Shape]], sources: SourceTable, fingerprint: String) async throws {
        try await database.write { db in
            for table in ["source_column", "shape", "town_hall", "ort", "programme_membership", "sub_commune", "commune", "epci", "departement", "region"] {
                try db.execute(sql: "DELETE FROM \(table)")
            }
            for r in referential.regions {
                try db.execute(sql: "INSERT INTO region VALUES (?, ?, ?)", arguments: [r.code, r.name, r.chefLieu])
            }
            for d in referential.departements {
                try db.execute(sql: "INSERT INTO departement VALUES (?, ?, ?, ?)", arguments: [d.code, d.regionCode, d.name, d.chefLieu])
            }
            for e in referential.epcis {
                try db.execute(sql: "INSERT INTO epci VALUES (?, ?, ?, ?, ?, ?)",
                               arguments: [e.siren, e.name, e.nature.rawValue, e.taxRegime, e.departementCode, e.population])
            }
            let insertCommune = try db.cachedStatement(sql: "INSERT INTO commune VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
            let insertSub = try db.cachedStatement(sql: "INSERT INTO sub_commune VALUES (?, ?, ?, ?, ?)")
            let insertProgramme = try db.cachedStatement(sql: "INSERT INTO programme_membership VALUES (?, ?, ?)")
            let insertORT = try db.cachedStatement(sql: "INSERT INTO ort VALUES (?, ?, ?, ?, ?, ?)")
            for c in referential.communes {
                try insertCommune.execute(arguments: [c.code, c.name, c.departementCode, c.regionCode, c.epciSiren,
                                                      c.population, c.populationTotale, c.neighbours.joined(separator: " ")])
                for s in c.subCommunes {
                    try insertSub.execute(arguments: [s.code, s.kind.rawValue, c.code, s.name, s.population])
                }
                for m in c.programmes {
                    for id in m.identifiers { try insertProgramme.execute(arguments: [c.code, m.programme.rawValue, id]) }
                }
                if let o = c.ort {
                    try insertORT.execute(arguments: [c.code, o.state, o.signatureDate, o.plannedSignature, o.progress, o.updatedOn])
                }
            }
            let insertTownHall = try db.cachedStatement(sql: "INSERT INTO town_hall VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
            for (code, t) in townHalls where referential.commune(code) != nil {
                let hours = OpeningHoursText.encode(t.openingHours)
                try insertTownHall.execute(arguments: [code, t.latitude, t.longitude, t.address, t.phone, t.email, t.website, hours])
            }
            let insertShape = try db.cachedStatement(sql: "INSERT INTO shape VALUES (?, ?, ?)")
            for (kind, byCode) in shapes {
                for (code, shape) in byCode {
                    try insertShape.execute(arguments: [kind.rawValue, code, Data(ShapeCodec.encode(shape))])
                }
            }
            try db.execute(sql: "INSERT OR REPLACE INTO meta VALUES ('source_codes', ?)", arguments: [sources.codes.joined(separator: " ")])
            for (variable, column) in sources.columns {
                let values = Data(PackedDoubles.bytes(column.values))
                try db.execute(sql: "INSERT INTO source_column VALUES (?, ?, ?)",
                               arguments: [variable, Data(column.states.map(\.rawValue)), values])
            }
            try db.execute(sql: "INSERT OR REPLACE INTO meta VALUES ('data_fingerprint', ?)", arguments: [fingerprint])
            try db.execute(sql: "INSERT OR REPLACE INTO meta VALUES ('loaded_at', ?)",
                           arguments: [ISO8601DateFormatter().string(from: Date())])
        }
    }
}

/// Opening hours in one text column: a line per slot, "from|to|range,range". Cheaper to write and read than
/// JSON for the 35,000 town halls of a load.
enum OpeningHoursText {
    static func encode(_ slots: [OpeningSlot]) -> String {
        slots.map { "\($0.fromDay)|\($0.toDay)|\($0.hours.joined(separator: ","))" }.joined(separator: "\n")
    }

    static func decode(_ text: String) -> [OpeningSlot] {
        text.split(separator: "\n").compactMap { line in
            let parts = line.split(separator: "|", omittingEmptySubsequences: false)
            guard parts.count == 3 else { return nil }
            return OpeningSlot(fromDay: String(parts[0]), toDay: String(parts[1]),
                               hours: parts[2].split(separator: ",").map(String.init))
        }
    }
}

extension SQLiteStore {
    /// A consistent copy of the database at `path` (SQLite's online backup: readers and writers carry on).
    public func backup(to path: String) async throws {
        guard !FileManager.default.fileExists(atPath: path) else {
            throw DatabaseError(message: "le fichier \(path) existe déjà : choisissez un autre nom")
        }
        let destination = try DatabaseQueue(path: path)
        try await database.readDatabase { db in
            try destination.writeWithoutTransaction { destinationDB in try db.backup(to: destinationDB) }
        }
    }
}
