import Cartography
import Foundation
import NIOCore
import Observatoire
import PostgresNIO
import Referential

extension PostgresStore {
    public func dataFingerprint() async throws -> String? {
        for try await value in try await client.query("SELECT value FROM meta WHERE key = 'data_fingerprint'", logger: logger).decode(String.self) {
            return value
        }
        return nil
    }

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
                                    .bytes(column.values.withUnsafeBufferPointer { Array(UnsafeRawBufferPointer($0)) })]
                               }, logger: logger)
            try await c.query("DELETE FROM meta WHERE key IN ('source_codes', 'data_fingerprint')", logger: logger)
            try await c.insert("meta", columns: ["key", "value"],
                               rows: [[.text("source_codes"), .text(sources.codes.joined(separator: " "))], [.text("data_fingerprint"), .text(fingerprint)]],
                               logger: logger)
        }
    }
}

extension PostgresStore: ReferentialStore {
    public func referential() async throws -> Referential {
        var rows = ReferentialRows()
        for try await (code, name, chefLieu) in try await client.query("SELECT code, name, chef_lieu FROM region", logger: logger).decode((String, String, String).self) {
            rows.regions.append(Region(code: code, name: name, chefLieu: chefLieu))
        }
        for try await (code, region, name, chefLieu) in try await client.query("SELECT code, region_code, name, chef_lieu FROM departement", logger: logger)
            .decode((String, String, String, String).self) {
            rows.departements.append(Departement(code: code, regionCode: region, name: name, chefLieu: chefLieu))
        }
        for try await (siren, name, nature, regime, departement, population) in try await client.query(
            "SELECT siren, name, nature, tax_regime, departement_code, population FROM epci", logger: logger).decode((String, String, String, String, String, Int).self) {
            rows.epcis.append(.init(siren: siren, name: name, nature: nature, taxRegime: regime, departement: departement, population: population))
        }
        for try await (parent, kind, code, name, population) in try await client.query(
            "SELECT parent_code, kind, code, name, population FROM sub_commune ORDER BY kind, code", logger: logger).decode((String, String, String, String, Int?).self) {
            guard let kind = SubCommune.Kind(rawValue: kind) else { continue }
            rows.subCommunes.append((parent, SubCommune(kind: kind, code: code, name: name, population: population)))
        }
        for try await membership in try await client.query(
            "SELECT commune_code, programme, identifier FROM programme_membership ORDER BY 1, 2, 3", logger: logger).decode((String, String, String).self) {
            rows.memberships.append(membership)
        }
        for try await (code, state, signature, planned, progress, updated) in try await client.query(
            "SELECT commune_code, state, signature_date, planned_signature, progress, updated_on FROM ort", logger: logger)
            .decode((String, String?, String?, String?, String?, String?).self) {
            rows.orts[code] = ORT(state: state, signatureDate: signature, plannedSignature: planned, progress: progress, updatedOn: updated)
        }
        for try await (code, name, departement, region, epci, population, totale, neighbours) in try await client.query(
            "SELECT code, name, departement_code, region_code, epci_siren, population, population_totale, neighbours FROM commune ORDER BY code",
            logger: logger).decode((String, String, String, String, String?, Int, Int?, String).self) {
            rows.communes.append(.init(code: code, name: name, departement: departement, region: region, epci: epci,
                                       population: population, populationTotale: totale, neighbours: neighbours))
        }
        return rows.referential()
    }

    public func townHall(of communeCode: String) async throws -> TownHall? {
        for try await (lat, lon, address, phone, email, website, hours) in try await client.query("""
            SELECT latitude, longitude, address, phone, email, website, opening_hours FROM town_hall WHERE commune_code = \(communeCode)
            """, logger: logger).decode((Double?, Double?, String?, String?, String?, String?, String).self) {
            return TownHall(latitude: lat, longitude: lon, address: address, phone: phone, email: email, website: website,
                            openingHours: OpeningHoursText.decode(hours))
        }
        return nil
    }
}

extension PostgresStore: ShapeStore {
    public func shapes(_ kind: ShapeKind, codes: [String]) async throws -> [String: Shape] {
        guard !codes.isEmpty else { return [:] }
        var result: [String: Shape] = [:]
        for try await (code, data) in try await client.query(
            "SELECT code, data FROM shape WHERE kind = \(kind.rawValue) AND code = ANY(\(codes))", logger: logger).decode((String, ByteBuffer).self) {
            result[code] = try ShapeCodec.decode(Array(buffer: data))
        }
        return result
    }
}

extension PostgresStore: IndicatorStore {
    public func sourceTable() async throws -> SourceTable {
        var codes: [String] = []
        for try await text in try await client.query("SELECT value FROM meta WHERE key = 'source_codes'", logger: logger).decode(String.self) {
            codes = ReferentialRows.codes(text)
        }
        var columns: [String: SourceTable.Column] = [:]
        for try await (variable, states, values) in try await client.query("SELECT variable, states, ordered_values FROM source_column", logger: logger)
            .decode((String, ByteBuffer, ByteBuffer).self) {
            let bytes = Array(buffer: values)
            let doubles = bytes.withUnsafeBytes { Array($0.bindMemory(to: Double.self)) }
            guard doubles.count == codes.count, states.readableBytes == codes.count else {
                throw StorageError("colonne source \(variable) de longueur incohérente")
            }
            columns[variable] = SourceTable.Column(values: doubles, states: Array(buffer: states).map { SourceTable.State(rawValue: $0) ?? .absent })
        }
        return SourceTable(codes: codes, columns: columns)
    }
}
