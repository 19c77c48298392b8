/// The schema's migrations, in order, for both engines: each applied once, by name (GRDB's migrator for SQLite,
/// `schema_migration` under an advisory lock for PostgreSQL), with the Swift data steps each engine adds
/// (`SQLiteStore.dataMigrations`, `PostgresStore.dataMigrations`). The first nine were written per engine
/// (SQLite's `WITHOUT ROWID`, `REAL`, `BLOB`; PostgreSQL's `DOUBLE PRECISION`, `BYTEA`, `BIGSERIAL`) and stay as they
/// ran. A new table is one migration here and one `SQLStore+…` file; its SQL can be one text given to both engines
/// when written in types both accept (TEXT, BIGINT, DOUBLE PRECISION, BOOLEAN), only a generated key differing
/// (`INTEGER PRIMARY KEY` for SQLite, `BIGSERIAL PRIMARY KEY` for PostgreSQL).
enum Schema {
    struct Migration: Sendable {
        let name: String
        let sqlite: String
        let postgres: String

        init(_ name: String, sqlite: String, postgres: String) {
            (self.name, self.sqlite, self.postgres) = (name, sqlite, postgres)
        }
    }

    static let migrations: [Migration] = [
        Migration("v1-referential",
                  sqlite: """
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
            """,
                  postgres: """
            CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
            CREATE TABLE region (code TEXT PRIMARY KEY, name TEXT NOT NULL, chef_lieu TEXT NOT NULL);
            CREATE TABLE departement (code TEXT PRIMARY KEY, region_code TEXT NOT NULL REFERENCES region(code), name TEXT NOT NULL, chef_lieu TEXT NOT NULL);
            CREATE TABLE epci (siren TEXT PRIMARY KEY, name TEXT NOT NULL, nature TEXT NOT NULL, tax_regime TEXT NOT NULL, departement_code TEXT NOT NULL, population INTEGER NOT NULL);
            CREATE TABLE commune (code TEXT PRIMARY KEY, name TEXT NOT NULL, departement_code TEXT NOT NULL REFERENCES departement(code),
                region_code TEXT NOT NULL REFERENCES region(code), epci_siren TEXT REFERENCES epci(siren),
                population INTEGER NOT NULL, population_totale INTEGER, neighbours TEXT NOT NULL);
            CREATE TABLE sub_commune (code TEXT NOT NULL, kind TEXT NOT NULL, parent_code TEXT NOT NULL REFERENCES commune(code), name TEXT NOT NULL, population INTEGER, PRIMARY KEY (kind, code));
            CREATE TABLE programme_membership (commune_code TEXT NOT NULL REFERENCES commune(code), programme TEXT NOT NULL, identifier TEXT NOT NULL, PRIMARY KEY (commune_code, programme, identifier));
            CREATE TABLE ort (commune_code TEXT PRIMARY KEY REFERENCES commune(code), state TEXT, signature_date TEXT, planned_signature TEXT, progress TEXT, updated_on TEXT);
            CREATE TABLE town_hall (commune_code TEXT PRIMARY KEY REFERENCES commune(code), latitude DOUBLE PRECISION, longitude DOUBLE PRECISION,
                address TEXT, phone TEXT, email TEXT, website TEXT, opening_hours TEXT NOT NULL);
            CREATE TABLE shape (kind TEXT NOT NULL, code TEXT NOT NULL, data BYTEA NOT NULL, PRIMARY KEY (kind, code));
            """),
        // One row per source variable: values aligned on the codes stored under meta 'source_codes'.
        Migration("v2-observatoire",
                  sqlite: "CREATE TABLE source_column (variable TEXT PRIMARY KEY, states BLOB NOT NULL, ordered_values BLOB NOT NULL) WITHOUT ROWID",
                  postgres: "CREATE TABLE source_column (variable TEXT PRIMARY KEY, states BYTEA NOT NULL, ordered_values BYTEA NOT NULL);"),
        Migration("v3-accounts",
                  sqlite: """
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
            """,
                  postgres: """
            CREATE TABLE user_account (id BIGSERIAL PRIMARY KEY, login TEXT NOT NULL UNIQUE, name TEXT NOT NULL, owner TEXT NOT NULL,
                role TEXT NOT NULL, password_hash TEXT NOT NULL, disabled BOOLEAN NOT NULL DEFAULT FALSE, created_at DOUBLE PRECISION NOT NULL);
            CREATE TABLE session (token_hash TEXT PRIMARY KEY, user_id BIGINT NOT NULL REFERENCES user_account(id) ON DELETE CASCADE,
                csrf_token TEXT NOT NULL, expires_at DOUBLE PRECISION NOT NULL);
            CREATE TABLE api_token (id BIGSERIAL PRIMARY KEY, user_id BIGINT NOT NULL REFERENCES user_account(id) ON DELETE CASCADE,
                label TEXT NOT NULL, token_hash TEXT NOT NULL UNIQUE, created_at DOUBLE PRECISION NOT NULL, last_used_at DOUBLE PRECISION);
            CREATE TABLE audit_log (id BIGSERIAL PRIMARY KEY, at DOUBLE PRECISION NOT NULL, actor TEXT NOT NULL, owner TEXT NOT NULL,
                action TEXT NOT NULL, detail TEXT NOT NULL);
            """),
        Migration("v4-login-failures",
                  sqlite: """
            CREATE TABLE login_failure (key TEXT NOT NULL, at REAL NOT NULL);
            CREATE INDEX login_failure_key ON login_failure(key, at);
            """,
                  postgres: """
            CREATE TABLE login_failure (key TEXT NOT NULL, at DOUBLE PRECISION NOT NULL);
            CREATE INDEX login_failure_key ON login_failure(key, at);
            """),
        Migration("v5-diagnostics",
                  sqlite: """
            CREATE TABLE diagnostic_answers (
                owner TEXT NOT NULL, login TEXT NOT NULL, version TEXT NOT NULL, answers TEXT NOT NULL,
                submitted INTEGER NOT NULL, updated_at REAL NOT NULL, PRIMARY KEY (owner, login, version)) WITHOUT ROWID;
            """,
                  postgres: """
            CREATE TABLE diagnostic_answers (owner TEXT NOT NULL, login TEXT NOT NULL, version TEXT NOT NULL, answers TEXT NOT NULL,
                submitted BOOLEAN NOT NULL, updated_at DOUBLE PRECISION NOT NULL, PRIMARY KEY (owner, login, version));
            """),
        Migration("v6-buildings",
                  sqlite: """
            CREATE TABLE building (
                owner TEXT NOT NULL, id TEXT NOT NULL, position INTEGER NOT NULL, commune TEXT NOT NULL, usage TEXT NOT NULL,
                name TEXT NOT NULL, address TEXT, latitude REAL, longitude REAL, area REAL NOT NULL, construction_year INTEGER,
                heating TEXT, heritage INTEGER NOT NULL, source TEXT NOT NULL, dpe_number TEXT, dpe_value REAL, dpe_label TEXT,
                consumptions TEXT NOT NULL, UNIQUE (owner, id));
            CREATE INDEX building_position ON building(owner, position);
            """,
                  postgres: """
            CREATE TABLE building (owner TEXT NOT NULL, id TEXT NOT NULL, position INTEGER NOT NULL, commune TEXT NOT NULL, usage TEXT NOT NULL,
                name TEXT NOT NULL, address TEXT, latitude DOUBLE PRECISION, longitude DOUBLE PRECISION, area DOUBLE PRECISION NOT NULL,
                construction_year BIGINT, heating TEXT, heritage BOOLEAN NOT NULL, source TEXT NOT NULL, dpe_number TEXT,
                dpe_value DOUBLE PRECISION, dpe_label TEXT, consumptions TEXT NOT NULL, PRIMARY KEY (owner, id));
            CREATE INDEX building_position ON building(owner, position);
            """),
        Migration("v7-conformity",
                  sqlite: """
            CREATE TABLE conformity_check (
                owner TEXT NOT NULL, schema TEXT NOT NULL, title TEXT NOT NULL, version TEXT NOT NULL, file TEXT NOT NULL,
                row_count INTEGER NOT NULL, errors INTEGER NOT NULL, login TEXT NOT NULL, checked_at REAL NOT NULL);
            CREATE INDEX conformity_check_owner ON conformity_check(owner, checked_at);
            """,
                  postgres: """
            CREATE TABLE conformity_check (id BIGSERIAL PRIMARY KEY, owner TEXT NOT NULL, schema TEXT NOT NULL, title TEXT NOT NULL,
                version TEXT NOT NULL, file TEXT NOT NULL, row_count BIGINT NOT NULL, errors BIGINT NOT NULL, login TEXT NOT NULL,
                checked_at DOUBLE PRECISION NOT NULL);
            CREATE INDEX conformity_check_owner ON conformity_check(owner, checked_at);
            """),
        Migration("v8-building-documents",
                  sqlite: "CREATE TABLE building_inventory (owner TEXT NOT NULL, part INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY (owner, part))",
                  postgres: "CREATE TABLE building_inventory (owner TEXT NOT NULL, part INTEGER NOT NULL, data BYTEA NOT NULL, PRIMARY KEY (owner, part));"),
        Migration("v9-help-requests",
                  sqlite: """
            CREATE TABLE help_request (
                id INTEGER PRIMARY KEY AUTOINCREMENT, owner TEXT NOT NULL, rule TEXT NOT NULL, brick TEXT NOT NULL, title TEXT NOT NULL,
                because TEXT NOT NULL, message TEXT NOT NULL, login TEXT NOT NULL, created_at REAL NOT NULL, status TEXT NOT NULL,
                answer TEXT NOT NULL, updated_at REAL NOT NULL);
            CREATE INDEX help_request_owner ON help_request(owner, created_at);
            """,
                  postgres: """
            CREATE TABLE help_request (id BIGSERIAL PRIMARY KEY, owner TEXT NOT NULL, rule TEXT NOT NULL, brick TEXT NOT NULL, title TEXT NOT NULL,
                because TEXT NOT NULL, message TEXT NOT NULL, login TEXT NOT NULL, created_at DOUBLE PRECISION NOT NULL, status TEXT NOT NULL,
                answer TEXT NOT NULL, updated_at DOUBLE PRECISION NOT NULL);
            CREATE INDEX help_request_owner ON help_request(owner, created_at);
            """),
        Migration("v10-own-series", sqlite: "CREATE TABLE own_series (id INTEGER PRIMARY KEY AUTOINCREMENT, " + ownSeriesColumns + ownPointTable,
                  postgres: "CREATE TABLE own_series (id BIGSERIAL PRIMARY KEY, " + ownSeriesColumns + ownPointTable),
        Migration("v11-engineering", sqlite: "CREATE TABLE engineering_request (id INTEGER PRIMARY KEY AUTOINCREMENT, " + engineeringTables,
                  postgres: "CREATE TABLE engineering_request (id BIGSERIAL PRIMARY KEY, " + engineeringTables),
        // The year of a submission: `diagnostic_answers.updated_at` moves with every save, drafts included, so each
        // person's last submission of each year is kept apart (earlier ones carried over with the year they were
        // last saved in), and the operator's note of each year.
        Migration("v12-barometer", sqlite: barometerTables + """
            INSERT INTO diagnostic_submission (owner, login, year, version, answers, submitted_at)
                SELECT owner, login, CAST(strftime('%Y', updated_at, 'unixepoch') AS INTEGER), version, answers, updated_at
                FROM diagnostic_answers WHERE submitted;
            """,
                  postgres: barometerTables + """
            INSERT INTO diagnostic_submission (owner, login, year, version, answers, submitted_at)
                SELECT owner, login, CAST(EXTRACT(YEAR FROM to_timestamp(updated_at) AT TIME ZONE 'UTC') AS INTEGER), version, answers, updated_at
                FROM diagnostic_answers WHERE submitted;
            """),
        Migration("v13-cohorts", sqlite: "CREATE TABLE cohort_call (id INTEGER PRIMARY KEY AUTOINCREMENT, " + cohortCallColumns
                    + "CREATE TABLE cohort_application (id INTEGER PRIMARY KEY AUTOINCREMENT, " + cohortTables,
                  postgres: "CREATE TABLE cohort_call (id BIGSERIAL PRIMARY KEY, " + cohortCallColumns
                    + "CREATE TABLE cohort_application (id BIGSERIAL PRIMARY KEY, " + cohortTables),
        Migration("v14-notifications", sqlite: "CREATE TABLE notification (id INTEGER PRIMARY KEY AUTOINCREMENT, " + notificationTables,
                  postgres: "CREATE TABLE notification (id BIGSERIAL PRIMARY KEY, " + notificationTables),
        // The works of an inventory, each row a JSON document keyed by owner: a building's characteristics, the
        // scenarios its owner built (numbered per building, oldest first), the collectivité's settings.
        Migration("v15-works", sqlite: worksTables, postgres: worksTables),
    ]

    /// Formation-action calls (levels: the maturity levels admitted, comma-separated, empty for any), their sessions
    /// and attendance, the applications (one per collectivité and call) and their append-only history of decisions
    /// and milestone updates.
    private static let cohortCallColumns = """
        title TEXT NOT NULL, theme TEXT NOT NULL, deadline TEXT NOT NULL, starts_on TEXT NOT NULL, ends_on TEXT NOT NULL,
            capacity BIGINT NOT NULL, max_population BIGINT, levels TEXT NOT NULL, state TEXT NOT NULL, published BOOLEAN NOT NULL,
            created_at DOUBLE PRECISION NOT NULL);
        CREATE TABLE cohort_session (
            call_id BIGINT NOT NULL REFERENCES cohort_call(id), seq BIGINT NOT NULL, day TEXT NOT NULL, topic TEXT NOT NULL,
            place TEXT NOT NULL, mode TEXT NOT NULL, PRIMARY KEY (call_id, seq));
        CREATE TABLE cohort_attendance (
            call_id BIGINT NOT NULL, seq BIGINT NOT NULL, login TEXT NOT NULL, presence TEXT NOT NULL, PRIMARY KEY (call_id, seq, login),
            FOREIGN KEY (call_id, seq) REFERENCES cohort_session(call_id, seq));

        """
    private static let cohortTables = """
        call_id BIGINT NOT NULL REFERENCES cohort_call(id), owner TEXT NOT NULL, metier TEXT NOT NULL, donnees TEXT NOT NULL,
            use_case_id TEXT, own_use_case TEXT NOT NULL, motivation TEXT NOT NULL, state TEXT NOT NULL, created_at DOUBLE PRECISION NOT NULL,
            UNIQUE (call_id, owner));
        CREATE INDEX cohort_application_owner ON cohort_application(owner);
        CREATE TABLE cohort_entry (
            application_id BIGINT NOT NULL REFERENCES cohort_application(id), seq BIGINT NOT NULL, kind TEXT NOT NULL,
            at DOUBLE PRECISION NOT NULL, author TEXT NOT NULL, actor TEXT NOT NULL, from_state TEXT, to_state TEXT, milestone TEXT,
            status TEXT, text TEXT NOT NULL, evidence TEXT NOT NULL, PRIMARY KEY (application_id, seq));
        """

    private static let worksTables = """
        CREATE TABLE works_profile (
            owner TEXT NOT NULL, building TEXT NOT NULL, profile TEXT NOT NULL, updated_at DOUBLE PRECISION NOT NULL,
            updated_by TEXT NOT NULL, PRIMARY KEY (owner, building));
        CREATE TABLE works_scenario (
            owner TEXT NOT NULL, building TEXT NOT NULL, id TEXT NOT NULL, seq BIGINT NOT NULL, spec TEXT NOT NULL,
            updated_at DOUBLE PRECISION NOT NULL, updated_by TEXT NOT NULL, PRIMARY KEY (owner, building, id));
        CREATE TABLE works_settings (
            owner TEXT PRIMARY KEY, settings TEXT NOT NULL, updated_at DOUBLE PRECISION NOT NULL, updated_by TEXT NOT NULL);
        """

    /// Notices, one row per account that receives one (each with its own read mark), and the activation links of
    /// the accounts the operator creates on the web (their SHA-256 digest only; a used link keeps its row, so a
    /// second use is told apart from a wrong link). An account created on the web has an empty `password_hash`
    /// until its link is used.
    private static let notificationTables = """
        user_id BIGINT NOT NULL REFERENCES user_account(id) ON DELETE CASCADE, title TEXT NOT NULL, text TEXT NOT NULL, link TEXT,
            created_at DOUBLE PRECISION NOT NULL, read_at DOUBLE PRECISION);
        CREATE INDEX notification_user ON notification(user_id, created_at);
        CREATE TABLE account_activation (
            token_hash TEXT PRIMARY KEY, user_id BIGINT NOT NULL REFERENCES user_account(id) ON DELETE CASCADE,
            expires_at DOUBLE PRECISION NOT NULL, used_at DOUBLE PRECISION);
        CREATE INDEX account_activation_user ON account_activation(user_id);
        """

    private static let barometerTables = """
        CREATE TABLE diagnostic_submission (
            owner TEXT NOT NULL, login TEXT NOT NULL, year INTEGER NOT NULL, version TEXT NOT NULL, answers TEXT NOT NULL,
            submitted_at DOUBLE PRECISION NOT NULL, PRIMARY KEY (owner, login, year));
        CREATE INDEX diagnostic_submission_year ON diagnostic_submission(year, version);
        CREATE TABLE barometer_note (
            year INTEGER PRIMARY KEY, editorial TEXT NOT NULL, published BOOLEAN NOT NULL, updated_at DOUBLE PRECISION NOT NULL,
            updated_by TEXT NOT NULL);

        """

    /// Ingénierie requests and their history (transitions, messages, deliverables…), entries numbered per request.
    private static let engineeringTables = """
        owner TEXT NOT NULL, kind TEXT NOT NULL, topic TEXT NOT NULL, need TEXT NOT NULL, use_case TEXT NOT NULL,
            contact TEXT NOT NULL, help_request_id BIGINT, state TEXT NOT NULL, grant_days DOUBLE PRECISION, grant_rate DOUBLE PRECISION,
            grant_amount DOUBLE PRECISION, consultant TEXT, days_consumed DOUBLE PRECISION NOT NULL, assignee TEXT,
            created_at DOUBLE PRECISION NOT NULL);
        CREATE INDEX engineering_request_owner ON engineering_request(owner);
        CREATE TABLE engineering_entry (
            request_id BIGINT NOT NULL REFERENCES engineering_request(id), seq BIGINT NOT NULL, kind TEXT NOT NULL,
            at DOUBLE PRECISION NOT NULL, author TEXT NOT NULL, actor TEXT NOT NULL, from_state TEXT, to_state TEXT, text TEXT NOT NULL,
            day TEXT, link TEXT, PRIMARY KEY (request_id, seq));
        """

    /// A collectivité's own series and their points (one per period and sub-area), in types both engines accept.
    private static let ownSeriesColumns = """
        owner TEXT NOT NULL, catalogue_key TEXT, label TEXT NOT NULL, definition TEXT NOT NULL, unit TEXT NOT NULL,
            source TEXT NOT NULL, public BOOLEAN NOT NULL, updated_at DOUBLE PRECISION NOT NULL, updated_by TEXT NOT NULL);
        CREATE INDEX own_series_owner ON own_series(owner);
        CREATE INDEX own_series_catalogue ON own_series(catalogue_key, public);

        """
    private static let ownPointTable = """
        CREATE TABLE own_point (
            series_id BIGINT NOT NULL REFERENCES own_series(id) ON DELETE CASCADE, period TEXT NOT NULL, area TEXT NOT NULL,
            value DOUBLE PRECISION NOT NULL, PRIMARY KEY (series_id, period, area));
        """
}
