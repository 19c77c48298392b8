import Cartography
import Foundation
import NIOCore
import Observatoire
import PostgresNIO
import Referential
import Tabular

extension PostgresStore {
    /// Replaces the referential and the indicators' source table in one transaction (see `SQLiteStore`).
    public func replaceReferential(_ referential: Referential, townHalls: [String: TownHall],
                                   shapes: [ShapeKind: [String: Shape]], sources: SourceTable, fingerprint: String) async throws {
        let logger = logger
        try await transaction { c in
            try await c.query("""
                TRUNCATE source_column, shape, town_hall, ort, programme_membership, sub_commune, commune, epci, departement, region
                """, logger: logger)
            try await c.insert("region", columns: ["code", "name", "chef_lieu"],
                               rows: referential.regions.map { [.text($0.code), .text($0.name), .text($0.chefLieu)] }, logger: logger)
            try await c.insert("departement", columns: ["code", "region_code", "name", "chef_lieu"],
                               rows: referential.departements.map { [.text($0.code), .text($0.regionCode), .text($0.name), .text($0.chefLieu)] }, logger: logger)
            try await c.insert("epci", columns: ["siren", "name", "nature", "tax_regime", "departement_code", "population"],
                               rows: referential.epcis.map { [.text($0.siren), .text($0.name), .text($0.nature.rawValue), .text($0.taxRegime),
                                                               .text($0.departementCode), .int($0.population)] }, logger: logger)
            try await c.insert("commune", columns: ["code", "name", "departement_code", "region_code", "epci_siren", "population", "population_totale", "neighbours"],
                               rows: referential.communes.map { [.text($0.code), .text($0.name), .text($0.departementCode), .text($0.regionCode),
                                                                  .text($0.epciSiren), .int($0.population), .int($0.populationTotale),
                                                                  .text($0.neighbours.joined(separator: " "))] }, logger: logger)
            try await c.insert("sub_commune", columns: ["code", "kind", "parent_code", "name", "population"],
                               rows: referential.communes.flatMap { c in c.subCommunes.map { [.text($0.code), .text($0.kind.rawValue), .text(c.code), .text($0.name), .int($0.population)] } },
                               logger: logger)
            try await c.insert("programme_membership", columns: ["commune_code", "programme", "identifier"],
                               rows: referential.communes.flatMap { c in c.programmes.flatMap { m in m.identifiers.map { [.text(c.code), .text(m.programme.rawValue), .text($0)] } } },
                               logger: logger)
            try await c.insert("ort", columns: ["commune_code", "state", "signature_date", "planned_signature", "progress", "updated_on"],
                               rows: referential.communes.compactMap { c in c.ort.map { [.text(c.code), .text($0.state), .text($0.signatureDate), .text($0.plannedSignature), .text($0.progress), .text($0.updatedOn)] } },
                               logger: logger)
            try await c.insert("town_hall", columns: ["commune_code", "latitude", "longitude", "address", "phone", "email", "website", "opening_hours"],
                               rows: townHalls.sorted { $0.key < $1.key }.filter { referential.commune($0.key) != nil }.map { code, t in
                                   [.text(code), .double(t.latitude), .double(t.longitude), .text(t.address), .text(t.phone), .text(t.email),
                                    .text(t.website), .text(OpeningHoursText.encode(t.openingHours))]
                               }, logger: logger)
            try await c.insert("shape", columns: ["kind", "code", "data"],
                               rows: shapes.flatMap { kind, byCode in byCode.map { [.text(kind.rawValue), .text($0.key), .bytes(ShapeCodec.encode($0.value))] } },
                               logger: logger)
            try await c.insert("source_column", columns: ["variable", "states", "ordered_values"],
                               rows: sources.columns.map { variable, column in
                                   [.text(variable), .bytes(column.states.map(\.rawValue)),
                                    .bytes(PackedDoubles.bytes(column.values))]
                               }, logger: logger)
            try await c.query("DELETE FROM meta WHERE key IN ('source_codes', 'data_fingerprint')", logger: logger)
            try await c.insert("meta", columns: ["key", "value"],
                               rows: [[.text("source_codes"), .text(sources.codes.joined(separator: " "))], [.text("data_fingerprint"), .text(fingerprint)]],
                               logger: logger)
        }
    }
}
