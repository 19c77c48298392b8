import Referential

/// A région's page (`/regions/{code}`): its départements in figures, its map.
struct RegionPage {
    static let template = "region"
    static let sources = [DataSources.cog, DataSources.populations, DataSources.programmes, DataSources.contoursANCT]

    struct DepartementRow {
        let name: String
        let code: String
        let href: String
        let population: String
        let communes: String
        let pvd: Int
    }

    let name: String
    let code: String
    let population: String
    let departements: [DepartementRow]
    let map: String?
    let apiHref: String

    /// `code`: checked by `TypedCode.region`; an unknown one is a 404.
    static func load(code: String, referential: Referential, maps: Maps) async throws -> Self {
        guard let region = referential.region(code) else { throw WebError.notFound("Aucune région ne porte le code \(code).") }
        let rows = referential.departements(inRegion: code).map { d in
            let communes = referential.communes(inDepartement: d.code)
            return DepartementRow(name: d.name, code: d.code, href: "/departements/\(d.code)",
                                  population: Format.integer(communes.reduce(0) { $0 + $1.population }),
                                  communes: Format.integer(communes.count), pvd: communes.filter(\.isPVD).count)
        }
        return Self(name: region.name, code: code, population: Format.integer(referential.population(ofRegion: code)),
                    departements: rows, map: try await maps.region(region), apiHref: "/api/v1/regions/\(code)")
    }
}
