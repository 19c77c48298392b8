import Cartography
import Foundation
import GRDB
import Observatoire
import Referential

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
        migrator.registerMigration("v1-referential") { db in
            try db.execute(sql: """
                CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
                CREATE TABLE region (code TEXT PRIMARY KEY, name TEXT NOT NULL, chef_lieu TEXT NOT NULL) WITHOUT ROWID;
                CREATE TABLE departement (
                    code TEXT PRIMARY KEY, region_code TEXT NOT NULL REFERENCES region(code),
                    name TEXT NOT NULL, chef_lieu TEXT NOT NULL) WITHOUT ROWID;
                CREATE TABLE epci (
                    siren TEXT PRIMARY KEY, name TEXT NOT NULL, nature TEXT NOT NULL, tax_regime TEXT NOT NULL,
                    departement_code TEXT NOT NULL, population INTEGER NOT NULL) WITHOUT ROWID;
                CREATE TABLE commune (
                    code TEXT PRIMARY KEY, name TEXT NOT NULL,
                    departement_code TEXT NOT NULL REFERENCES departement(code),
                    region_code TEXT NOT NULL REFERENCES region(code),
                    epci_siren TEXT REFERENCES epci(siren),
                    population INTEGER NOT NULL, population_totale INTEGER,
                    neighbours TEXT NOT NULL) WITHOUT ROWID;
                CREATE INDEX commune_epci ON commune(epci_siren);
                CREATE TABLE sub_commune (
                    code TEXT NOT NULL, kind TEXT NOT NULL, parent_code TEXT NOT NULL REFERENCES commune(code),
                    name TEXT NOT NULL, population INTEGER, PRIMARY KEY (kind, code)) WITHOUT ROWID;
                CREATE TABLE programme_membership (
                    commune_code TEXT NOT NULL REFERENCES commune(code), programme TEXT NOT NULL,
                    identifier TEXT NOT NULL, PRIMARY KEY (commune_code, programme, identifier)) WITHOUT ROWID;
                CREATE TABLE ort (
                    commune_code TEXT PRIMARY KEY REFERENCES commune(code), state TEXT, signature_date TEXT,
                    planned_signature TEXT, progress TEXT, updated_on TEXT) WITHOUT ROWID;
                CREATE TABLE town_hall (
                    commune_code TEXT PRIMARY KEY REFERENCES commune(code), latitude REAL, longitude REAL,
                    address TEXT, phone TEXT, email TEXT, website TEXT, opening_hours TEXT NOT NULL) WITHOUT ROWID;
                CREATE TABLE shape (kind TEXT NOT NULL, code TEXT NOT NULL, data BLOB NOT NULL, PRIMARY KEY (kind, code)) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v2-observatoire") { db in
            // One row per source variable: values aligned on the codes stored under meta 'source_codes'.
            try db.execute(sql: "CREATE TABLE source_column (variable TEXT PRIMARY KEY, states BLOB NOT NULL, ordered_values BLOB NOT NULL) WITHOUT ROWID")
        }
        migrator.registerMigration("v3-accounts") { db in
            try db.execute(sql: """
                CREATE TABLE user_account (
                    id INTEGER PRIMARY KEY, login TEXT NOT NULL UNIQUE, name TEXT NOT NULL, owner TEXT NOT NULL,
                    role TEXT NOT NULL, password_hash TEXT NOT NULL, disabled INTEGER NOT NULL DEFAULT 0, created_at REAL NOT NULL);
                CREATE TABLE session (
                    token_hash TEXT PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES user_account(id) ON DELETE CASCADE,
                    csrf_token TEXT NOT NULL, expires_at REAL NOT NULL) WITHOUT ROWID;
                CREATE TABLE api_token (
                    id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES user_account(id) ON DELETE CASCADE,
                    label TEXT NOT NULL, token_hash TEXT NOT NULL UNIQUE, created_at REAL NOT NULL, last_used_at REAL);
                CREATE TABLE audit_log (
                    id INTEGER PRIMARY KEY, at REAL NOT NULL, actor TEXT NOT NULL, owner TEXT NOT NULL,
                    action TEXT NOT NULL, detail TEXT NOT NULL);
                """)
        }
        migrator.registerMigration("v4-login-failures") { db in
            try db.execute(sql: """
                CREATE TABLE login_failure (key TEXT NOT NULL, at REAL NOT NULL);
                CREATE INDEX login_failure_key ON login_failure(key, at);
                """)
        }
        migrator.registerMigration("v5-diagnostics") { db in
            try db.execute(sql: """
                CREATE TABLE diagnostic_answers (
                    owner TEXT NOT NULL, login TEXT NOT NULL, version TEXT NOT NULL, answers TEXT NOT NULL,
                    submitted INTEGER NOT NULL, updated_at REAL NOT NULL, PRIMARY KEY (owner, login, version)) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v6-buildings") { db in
            try db.execute(sql: """
                CREATE TABLE building (
                    owner TEXT NOT NULL, id TEXT NOT NULL, position INTEGER NOT NULL, commune TEXT NOT NULL, usage TEXT NOT NULL,
                    name TEXT NOT NULL, address TEXT, latitude REAL, longitude REAL, area REAL NOT NULL, construction_year INTEGER,
                    heating TEXT, heritage INTEGER NOT NULL, source TEXT NOT NULL, dpe_number TEXT, dpe_value REAL, dpe_label TEXT,
                    consumptions TEXT NOT NULL, UNIQUE (owner, id));
                CREATE INDEX building_position ON building(owner, position);
                """)
        }
        migrator.registerMigration("v7-conformity") { db in
            try db.execute(sql: """
                CREATE TABLE conformity_check (
                    owner TEXT NOT NULL, schema TEXT NOT NULL, title TEXT NOT NULL, version TEXT NOT NULL, file TEXT NOT NULL,
                    row_count INTEGER NOT NULL, errors INTEGER NOT NULL, login TEXT NOT NULL, checked_at REAL NOT NULL);
                CREATE INDEX conformity_check_owner ON conformity_check(owner, checked_at);
                """)
        }
        registerInventoryMigrations(&migrator)
        migrator.registerMigration("v9-help-requests") { db in
            try db.execute(sql: """
                CREATE TABLE help_request (
                    id INTEGER PRIMARY KEY AUTOINCREMENT, owner TEXT NOT NULL, rule TEXT NOT NULL, brick TEXT NOT NULL, title TEXT NOT NULL,
                    because TEXT NOT NULL, message TEXT NOT NULL, login TEXT NOT NULL, created_at REAL NOT NULL, status TEXT NOT NULL,
                    answer TEXT NOT NULL, updated_at REAL NOT NULL);
                CREATE INDEX help_request_owner ON help_request(owner, created_at);
                """)
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
                let values = column.values.withUnsafeBufferPointer { Data(buffer: $0) }
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
