import Foundation
import Referential

/// A département's page (`/departements/{code}`): its PVD, EPCI and communes, its map.
struct DepartementPage {
    static let template = "departement"
    static let sources = [DataSources.cog, DataSources.populations, DataSources.epci, DataSources.programmes, DataSources.contoursCommunes]

    let name: String
    let code: String
    let region: Link?
    let population: String
    let communeCount: String
    let pvdCount: Int
    let pvd: [CommuneRow]
    let epcis: [EPCIRow]
    let communes: [CommuneRow]
    let map: String?
    let apiHref: String

    /// `code`: checked by `TypedCode.departement`; an unknown one is a 404.
    static func load(code: String, referential: Referential, maps: Maps) async throws -> (page: Self, breadcrumbs: [Link], title: String) {
        guard let departement = referential.departement(code) else {
            throw WebError.notFound("Aucun département ne porte le code \(code).")
        }
        let communes = referential.communes(inDepartement: code)
        let pvd = communes.filter(\.isPVD).sorted { $0.population > $1.population }
        let region = referential.region(departement.regionCode)
        let page = Self(
            name: departement.name, code: code,
            region: region.map { Link(label: $0.name, href: "/regions/\($0.code)") },
            population: Format.integer(communes.reduce(0) { $0 + $1.population }),
            communeCount: Format.integer(communes.count), pvdCount: pvd.count,
            pvd: pvd.map { CommuneRow($0, in: referential) },
            epcis: referential.epcis(inDepartement: code).sorted { $0.population > $1.population }.map(EPCIRow.init),
            communes: communes.sorted { $0.name.localizedStandardCompare($1.name) == .orderedAscending }.map { CommuneRow($0, in: referential) },
            map: try await maps.departement(departement), apiHref: "/api/v1/departements/\(code)")
        var crumbs = [Link.home]
        if let region { crumbs.append(Link(label: region.name, href: "/regions/\(region.code)")) }
        return (page, crumbs, "\(departement.name) (\(code))")
    }
}
