import Referential

/// A commune as a line of a table: search results, neighbours, members of an EPCI or a département.
struct CommuneRow {
    let code: String
    let name: String
    let href: String
    let departement: String
    let population: String
    let isPVD: Bool
    /// When a search matched an arrondissement or a former commune: what it matched.
    let matched: String?

    init(_ commune: Commune, in referential: Referential, matched: SubCommune? = nil) {
        code = commune.code
        name = commune.name
        href = "/communes/\(commune.code)"
        departement = referential.departement(commune.departementCode).map { Format.departement($0.name, $0.code) } ?? commune.departementCode
        population = Format.integer(commune.population)
        isPVD = commune.isPVD
        self.matched = matched.map { "\($0.name), \($0.kind.label) (\($0.code))" }
    }
}

struct EPCIRow {
    let name: String
    let href: String
    let nature: String
    let members: Int
    let population: String

    init(_ epci: EPCI) {
        name = epci.name
        href = "/epci/\(epci.siren)"
        nature = epci.nature.label
        members = epci.memberCodes.count
        population = Format.integer(epci.population)
    }
}
