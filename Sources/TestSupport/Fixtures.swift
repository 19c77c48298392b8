import Accounts
import Cartography
import Observatoire
import Referential
import Storage

/// A small, hand-made referential for tests. The names and codes are real, the figures are made up for the
/// tests (except where a test says otherwise); acceptance on the real data is tested separately.
public enum Fixtures {
    public static let regions = [
        Region(code: "53", name: "Bretagne", chefLieu: "35238"),
        Region(code: "84", name: "Auvergne-Rhône-Alpes", chefLieu: "69123"),
    ]

    public static let departements = [
        Departement(code: "29", regionCode: "53", name: "Finistère", chefLieu: "29232"),
        Departement(code: "42", regionCode: "84", name: "Loire", chefLieu: "42218"),
    ]

    public static let epcis = [
        EPCI(siren: "242900314", name: "Brest Métropole", nature: .metropole, taxRegime: "FPU", departementCode: "29",
             memberCodes: ["29019", "29075"], population: 150_000),
        EPCI(siren: "200000001", name: "CC Test du Pays de Landerneau", nature: .communauteDeCommunes, taxRegime: "FPU",
             departementCode: "29", memberCodes: ["29103"], population: 16_000),
        EPCI(siren: "244200770", name: "Saint-Étienne Métropole", nature: .metropole, taxRegime: "FPU", departementCode: "42",
             memberCodes: ["42218", "42279"], population: 180_000),
    ]

    public static func commune(_ code: String, _ name: String, dep: String, reg: String, epci: String?, population: Int,
                               programmes: [ProgrammeMembership] = [], ort: ORT? = nil, subs: [SubCommune] = [],
                               neighbours: [String] = []) -> Commune {
        Commune(code: code, name: name, departementCode: dep, regionCode: reg, epciSiren: epci, population: population,
                populationTotale: population + 100, programmes: programmes, ort: ort, subCommunes: subs, neighbours: neighbours)
    }

    public static let communes = [
        commune("29019", "Brest", dep: "29", reg: "53", epci: "242900314", population: 139_619,
                programmes: [ProgrammeMembership(programme: .crte, identifiers: ["crte-53-29-2"])],
                ort: ORT(state: "Signée", signatureDate: "2020-06-23", plannedSignature: nil, progress: nil, updatedOn: "18-04-2023"),
                neighbours: ["29075"]),
        commune("29075", "Guipavas", dep: "29", reg: "53", epci: "242900314", population: 15_000,
                neighbours: ["29019", "29103"]),
        commune("29103", "Landerneau", dep: "29", reg: "53", epci: "200000001", population: 16_206,
                programmes: [ProgrammeMembership(programme: .petitesVillesDeDemain, identifiers: ["pvd-53-29-11"])],
                neighbours: ["29075"]),
        commune("29083", "Île-de-Sein", dep: "29", reg: "53", epci: nil, population: 250),
        commune("42218", "Saint-Étienne", dep: "42", reg: "84", epci: "244200770", population: 172_718,
                subs: [SubCommune(kind: .associee, code: "42299", name: "Terrenoire", population: nil)]),
        commune("42279", "Saint-Étienne-le-Molard", dep: "42", reg: "84", epci: "244200770", population: 900),
    ]

    public static var referential: Referential {
        Referential(regions: regions, departements: departements, epcis: epcis, communes: communes)
    }

    public static let townHalls = [
        "29019": TownHall(latitude: 48.39, longitude: -4.49, address: "2 rue Frézier, 29230 Brest", phone: "02 98 00 80 80",
                          email: "contact@example.org", website: "https://example.org/",
                          openingHours: [OpeningSlot(fromDay: "lundi", toDay: "vendredi", hours: ["08:30–17:30"])]),
    ]

    /// A unit square with its south-west corner at (x, y) degrees.
    public static func square(_ x: Double, _ y: Double, size: Double = 0.1) -> Shape {
        Shape(polygons: [[[
            GeoPoint(longitude: x, latitude: y), GeoPoint(longitude: x + size, latitude: y),
            GeoPoint(longitude: x + size, latitude: y + size), GeoPoint(longitude: x, latitude: y + size),
            GeoPoint(longitude: x, latitude: y),
        ]]])
    }

    /// Squares laid out so that Brest, Guipavas and Landerneau touch in a row; the others stand apart.
    public static let shapes: [ShapeKind: [String: Shape]] = [
        .commune: [
            "29019": square(-4.5, 48.4), "29075": square(-4.4, 48.4), "29103": square(-4.3, 48.4),
            "29083": square(-4.9, 48.0), "42218": square(4.3, 45.4), "42279": square(4.6, 45.4),
        ],
        .departement: ["29": square(-4.9, 48.0, size: 0.7), "42": square(4.0, 45.0, size: 1)],
        .region: ["53": square(-4.9, 47.5, size: 3), "84": square(2.0, 44.0, size: 4)],
    ]

    /// Made-up source variables for the fixture communes: housing figures are set by hand so tests can check
    /// aggregates by hand; the other variables are derived from the population; Île-de-Sein's Filosofi
    /// figures are secret, as they are for small communes in the real data.
    public static let housing: [String: (log: Double, vacant: Double)] = [
        "29019": (80_000, 6_000), "29075": (7_000, 300), "29103": (8_000, 900),
        "29083": (400, 50), "42218": (100_000, 12_000), "42279": (400, 20),
    ]

    public static var sources: SourceTable {
        let codes = communes.map(\.code)
        var columns: [String: SourceTable.Column] = [:]
        for variable in Catalogue.variables {
            var column = SourceTable.Column(count: codes.count)
            for (row, commune) in communes.enumerated() {
                let p = Double(commune.population)
                let value: Double? = switch variable {
                case "P18_LOG": housing[commune.code]!.log
                case "P18_LOGVAC": housing[commune.code]!.vacant
                case "P18_RP": housing[commune.code]!.log * 0.85
                case "P18_RSECOCC": housing[commune.code]!.log * 0.15 - housing[commune.code]!.vacant * 0.5
                case "MED19": commune.code == "29083" ? nil : 20_000 + p / 100
                case "TP6019", "PIMP19": commune.code == "29083" ? nil : 10 + p / 20_000
                case "population_2021": p
                case "population_2015", "P18_POP": p * 0.98
                case "P13_POP": p * 0.96
                case "superficie_km2": 10 + p / 5_000
                case "P18_EMPLT": p * 0.5
                case "P13_EMPLT": p * 0.48
                case "P18_ACT1564", "pop_15_64_active_2021": p * 0.45
                case "P18_CHOM1564", "pop_15_64_chomage_2021": p * 0.05
                default: p / 10
                }
                column.states[row] = value == nil ? .secret : .value
                column.values[row] = value ?? 0
            }
            columns[variable] = column
        }
        return SourceTable(codes: codes, columns: columns)
    }

    /// One account per role: agents of Brest and of Landerneau, an elected official of Brest, a referent of
    /// Brest Métropole, the operator. Every password is "mot-de-passe-de-test".
    public static let accounts: [(login: String, owner: Owner, role: Role)] = [
        ("agent.brest", .commune("29019"), .agent), ("agent.landerneau", .commune("29103"), .agent),
        ("elu.brest", .commune("29019"), .elu), ("referent.metropole", .epci("242900314"), .referent),
        ("operateur", .operateur, .operateur),
    ]
    public static let password = "mot-de-passe-de-test"

    public static func createAccounts(in store: SQLiteStore) async throws {
        // The lowest bcrypt cost keeps the tests fast; verification reads the cost from the hash.
        let hash = Secrets(cost: 4).hashPassword(password)
        for account in accounts {
            _ = try await store.createUser(login: account.login, name: account.login, owner: account.owner, role: account.role,
                                           passwordHash: hash, actor: "fixtures")
        }
    }

    /// An in-memory store holding the fixture referential.
    public static func store() async throws -> SQLiteStore {
        let store = try SQLiteStore.inMemory()
        try await store.replaceReferential(referential, townHalls: townHalls, shapes: shapes, sources: sources, fingerprint: "fixtures")
        return store
    }
}
