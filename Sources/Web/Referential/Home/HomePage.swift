import Referential

/// The home page (`/`): the referential in figures, the regions, the map of France.
struct HomePage {
    static let template = "home"
    static let sources = [DataSources.cog, DataSources.programmes, DataSources.contoursANCT]

    let communes: String
    let pvd: String
    let epcis: String
    let regions: [Link]
    let map: String?

    static func load(_ referential: Referential, maps: Maps) async throws -> Self {
        Self(communes: Format.integer(referential.communes.count),
             pvd: Format.integer(referential.communes(in: .petitesVillesDeDemain).count),
             epcis: Format.integer(referential.epcis.count),
             regions: referential.regions.map { Link(label: $0.name, href: "/regions/\($0.code)") },
             map: try await maps.france())
    }
}
