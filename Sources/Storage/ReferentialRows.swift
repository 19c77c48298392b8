import Referential

/// The referential as both databases store it (one row per table line), and how it becomes the in-memory
/// `Referential`: shared so SQLite and PostgreSQL cannot drift apart.
struct ReferentialRows {
    struct CommuneRow {
        let code: String, name: String, departement: String, region: String, epci: String?
        let population: Int, populationTotale: Int?, neighbours: String
    }

    struct EPCIRow {
        let siren: String, name: String, nature: String, taxRegime: String, departement: String, population: Int
    }

    var regions: [Region] = []
    var departements: [Departement] = []
    var epcis: [EPCIRow] = []
    var communes: [CommuneRow] = []
    /// (parent code, sub-commune), ordered by kind then code.
    var subCommunes: [(String, SubCommune)] = []
    /// (commune code, programme raw value, identifier), ordered.
    var memberships: [(String, String, String)] = []
    var orts: [String: ORT] = [:]

    func referential() -> Referential {
        var subs: [String: [SubCommune]] = [:]
        for (parent, sub) in subCommunes { subs[parent, default: []].append(sub) }
        var programmes: [String: [Programme: [String]]] = [:]
        for (code, programme, identifier) in memberships {
            guard let p = Programme(rawValue: programme) else { continue }
            programmes[code, default: [:]][p, default: []].append(identifier)
        }
        var members: [String: [String]] = [:]
        let communes = self.communes.map { row -> Commune in
            if let epci = row.epci { members[epci, default: []].append(row.code) }
            let memberships = programmes[row.code].map { byProgramme in
                Programme.allCases.compactMap { p in byProgramme[p].map { ProgrammeMembership(programme: p, identifiers: $0) } }
            } ?? []
            return Commune(code: row.code, name: row.name, departementCode: row.departement, regionCode: row.region, epciSiren: row.epci,
                           population: row.population, populationTotale: row.populationTotale, programmes: memberships,
                           ort: orts[row.code], subCommunes: subs[row.code] ?? [], neighbours: Self.codes(row.neighbours))
        }
        let epcis = self.epcis.compactMap { row -> EPCI? in
            guard let nature = EPCINature(rawValue: row.nature) else { return nil }
            return EPCI(siren: row.siren, name: row.name, nature: nature, taxRegime: row.taxRegime, departementCode: row.departement,
                        memberCodes: (members[row.siren] ?? []).sorted(), population: row.population)
        }
        return Referential(regions: regions, departements: departements, epcis: epcis, communes: communes)
    }

    /// Space-separated codes, split on bytes: this runs for every commune at start-up.
    static func codes(_ text: String) -> [String] {
        var result: [String] = []
        var utf8 = Array(text.utf8)[...]
        while !utf8.isEmpty {
            let code = utf8.prefix { $0 != 0x20 }
            if !code.isEmpty { result.append(String(decoding: code, as: UTF8.self)) }
            utf8 = utf8.dropFirst(code.count + 1)
        }
        return result
    }
}
