import Referential

/// An EPCI's page (`/epci/{siren}`): its figures, its member communes, its map.
struct EPCIPage {
    static let template = "epci"
    static let sources = [DataSources.epci, DataSources.populations, DataSources.programmes, DataSources.contoursCommunes]

    let name: String
    let siren: String
    let nature: String
    let taxRegime: String
    let population: String
    let memberCount: Int
    let pvdCount: Int
    let departement: Link?
    let members: [CommuneRow]
    let map: String?
    let apiHref: String
    let observatoireHref: String

    /// `siren`: checked by `TypedCode.siren`; an unknown one is a 404.
    static func load(siren: String, referential: Referential, maps: Maps) async throws -> (page: Self, breadcrumbs: [Link], title: String) {
        guard let epci = referential.epci(siren) else {
            throw WebError.notFound("Aucun EPCI à fiscalité propre ne porte le SIREN \(siren) au 1er janvier 2024.")
        }
        let members = referential.members(of: epci).sorted { $0.population > $1.population }
        let departement = referential.departement(epci.departementCode)
        let page = Self(
            name: epci.name, siren: epci.siren, nature: epci.nature.label,
            taxRegime: epci.taxRegime == "FPU" ? "fiscalité professionnelle unique" : "fiscalité additionnelle",
            population: Format.integer(epci.population), memberCount: members.count,
            pvdCount: members.filter(\.isPVD).count,
            departement: departement.map { Link(label: Format.departement($0.name, $0.code), href: "/departements/\($0.code)") },
            members: members.map { CommuneRow($0, in: referential) },
            map: try await maps.epci(epci), apiHref: "/api/v1/epci/\(epci.siren)",
            observatoireHref: "/observatoire/epci/\(epci.siren)")
        var crumbs = [Link.home]
        if let departement { crumbs.append(Link(label: departement.name, href: "/departements/\(departement.code)")) }
        return (page, crumbs, epci.name)
    }
}
