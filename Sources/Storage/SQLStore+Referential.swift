import Cartography
import Foundation
import Observatoire
import Referential
import Tabular

/// Reading the referential, shapes and indicators' sources, written once. Loading them stays per engine: each
/// has its own fastest bulk insert.
extension SQLStore {
    public func dataFingerprint() async throws -> String? {
        try await sql.read { db in try await db.row("SELECT value FROM meta WHERE key = 'data_fingerprint'")?.string(0) }
    }

    public func referential() async throws -> Referential {
        try await sql.read { db in
            var rows = ReferentialRows()
            rows.regions = try await db.rows("SELECT code, name, chef_lieu FROM region").map {
                Region(code: try $0.string(0), name: try $0.string(1), chefLieu: try $0.string(2))
            }
            rows.departements = try await db.rows("SELECT code, region_code, name, chef_lieu FROM departement").map {
                Departement(code: try $0.string(0), regionCode: try $0.string(1), name: try $0.string(2), chefLieu: try $0.string(3))
            }
            rows.epcis = try await db.rows("SELECT siren, name, nature, tax_regime, departement_code, population FROM epci").map {
                ReferentialRows.EPCIRow(siren: try $0.string(0), name: try $0.string(1), nature: try $0.string(2), taxRegime: try $0.string(3),
                                        departement: try $0.string(4), population: try $0.int(5))
            }
            for row in try await db.rows("SELECT parent_code, kind, code, name, population FROM sub_commune ORDER BY kind, code") {
                guard let kind = SubCommune.Kind(rawValue: try row.string(1)) else { continue }
                rows.subCommunes.append((try row.string(0), SubCommune(kind: kind, code: try row.string(2), name: try row.string(3),
                                                                       population: try row.optionalInt64(4).map(Int.init))))
            }
            rows.memberships = try await db.rows("SELECT commune_code, programme, identifier FROM programme_membership ORDER BY 1, 2, 3").map {
                (try $0.string(0), try $0.string(1), try $0.string(2))
            }
            for row in try await db.rows("SELECT commune_code, state, signature_date, planned_signature, progress, updated_on FROM ort") {
                rows.orts[try row.string(0)] = ORT(state: try row.optionalString(1), signatureDate: try row.optionalString(2),
                                                   plannedSignature: try row.optionalString(3), progress: try row.optionalString(4),
                                                   updatedOn: try row.optionalString(5))
            }
            rows.communes = try await db.rows("""
                SELECT code, name, departement_code, region_code, epci_siren, population, population_totale, neighbours FROM commune ORDER BY code
                """).map {
                ReferentialRows.CommuneRow(code: try $0.string(0), name: try $0.string(1), departement: try $0.string(2), region: try $0.string(3),
                                           epci: try $0.optionalString(4), population: try $0.int(5),
                                           populationTotale: try $0.optionalInt64(6).map(Int.init), neighbours: try $0.string(7))
            }
            return rows.referential()
        }
    }

    public func townHall(of communeCode: String) async throws -> TownHall? {
        try await sql.read { db in
            guard let row = try await db.row("""
                SELECT latitude, longitude, address, phone, email, website, opening_hours FROM town_hall WHERE commune_code = ?
                """, communeCode) else { return nil }
            return TownHall(latitude: try row.optionalDouble(0), longitude: try row.optionalDouble(1), address: try row.optionalString(2),
                            phone: try row.optionalString(3), email: try row.optionalString(4), website: try row.optionalString(5),
                            openingHours: OpeningHoursText.decode(try row.string(6)))
        }
    }

    public func shapes(_ kind: ShapeKind, codes: [String]) async throws -> [String: Shape] {
        try await sql.read { db in
            var result: [String: Shape] = [:]
            for row in try await db.rows(forKeys: codes, leading: [kind.rawValue], { "SELECT code, data FROM shape WHERE kind = ? AND code IN (\($0))" }) {
                result[try row.string(0)] = try ShapeCodec.decode(try row.bytes(1))
            }
            return result
        }
    }

    public func sourceTable() async throws -> SourceTable {
        try await sql.read { db in
            let codes = ReferentialRows.codes(try await db.row("SELECT value FROM meta WHERE key = 'source_codes'")?.string(0) ?? "")
            var columns: [String: SourceTable.Column] = [:]
            for row in try await db.rows("SELECT variable, states, ordered_values FROM source_column") {
                let variable = try row.string(0), states = try row.bytes(1)
                let values = PackedDoubles.values(try row.bytes(2))
                guard values.count == codes.count, states.count == codes.count else {
                    throw StorageError("colonne source \(variable) de longueur incohérente")
                }
                columns[variable] = SourceTable.Column(values: values, states: states.map { SourceTable.State(rawValue: $0) ?? .absent })
            }
            return SourceTable(codes: codes, columns: columns)
        }
    }
}
