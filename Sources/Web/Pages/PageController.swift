import Cartography
import Hummingbird
import Observatoire
import Referential

/// The French pages. Each handler builds a plain model from the domain and hands it to its template.
struct PageController<Context: RequestContext>: Sendable {
    let referential: Referential
    let store: any ReferentialStore
    let maps: Maps
    let views: Views

    func register(on router: Router<Context>) {
        router.get("/", use: home)
        router.get("/recherche", use: search)
        router.get("/communes/{code}", use: commune)
        router.get("/epci/{siren}", use: epci)
        router.get("/departements/{code}", use: departement)
        router.get("/regions/{code}", use: region)
        router.get("/sources", use: sources)
        router.get("/api", use: api)
        router.get("/cartes/communes/{code}", use: communeMap)
    }

    // MARK: Home and search

    struct HomePage {
        let communes: String
        let pvd: String
        let epcis: String
        let regions: [Link]
        let map: String?
    }

    @Sendable func home(_ request: Request, context: Context) async throws -> Response {
        let model = HomePage(
            communes: Format.integer(referential.communes.count),
            pvd: Format.integer(referential.communes(in: .petitesVillesDeDemain).count),
            epcis: Format.integer(referential.epcis.count),
            regions: referential.regions.map { Link(label: $0.name, href: "/regions/\($0.code)") },
            map: try await maps.france())
        return views.page("home", model, title: "Accueil", sources: [DataSources.cog, DataSources.programmes, DataSources.contoursANCT])
    }

    struct SearchPage {
        let query: String
        let hasQuery: Bool
        let results: [CommuneRow]
        let count: Int
        let plural: Bool
    }

    @Sendable func search(_ request: Request, context: Context) async throws -> Response {
        let query = try Query(request.uri.query)
        let text = try query.searchText()
        let hits = text.map { referential.search.find($0, limit: 50) } ?? []
        let model = SearchPage(
            query: text ?? "", hasQuery: text != nil,
            results: hits.map { CommuneRow($0.commune, in: referential, matched: $0.matchedSubCommune) },
            count: hits.count, plural: hits.count > 1)
        let title = text.map { "Recherche « \($0) »" } ?? "Rechercher une commune"
        return views.page("search", model, title: title, breadcrumbs: [Link.home], sources: [DataSources.cog, DataSources.populations])
    }

    // MARK: Commune

    @Sendable func commune(_ request: Request, context: Context) async throws -> Response {
        let (commune, subCommune) = try referential.commune(typed: try context.parameters.require("code"))
        // A sub-commune's address leads to its commune's card.
        if subCommune != nil { return .redirect(to: "/communes/\(commune.code)", type: .permanent) }
        return .html(try await CommunePage.html(commune, referential: referential, store: store, maps: maps, views: views))
    }

    @Sendable func communeMap(_ request: Request, context: Context) async throws -> Response {
        let code = try context.parameters.require("code").uppercased()
        guard let commune = referential.commune(code), let svg = try await maps.commune(commune, standalone: true) else {
            throw WebError.notFound("Aucune carte pour le code \(code.prefix(20)).")
        }
        return .body(svg, contentType: "image/svg+xml", embeddable: true)
    }

    // MARK: EPCI, département, région

    struct EPCIPage {
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
    }

    @Sendable func epci(_ request: Request, context: Context) async throws -> Response {
        let siren = try TypedCode.siren(try context.parameters.require("siren"))
        guard let epci = referential.epci(siren) else {
            throw WebError.notFound("Aucun EPCI à fiscalité propre ne porte le SIREN \(siren) au 1er janvier 2024.")
        }
        let members = referential.members(of: epci).sorted { $0.population > $1.population }
        let departement = referential.departement(epci.departementCode)
        let model = EPCIPage(
            name: epci.name, siren: epci.siren, nature: epci.nature.label,
            taxRegime: epci.taxRegime == "FPU" ? "fiscalité professionnelle unique" : "fiscalité additionnelle",
            population: Format.integer(epci.population), memberCount: members.count,
            pvdCount: members.filter(\.isPVD).count,
            departement: departement.map { Link(label: Format.departement($0.name, $0.code), href: "/departements/\($0.code)") },
            members: members.map { CommuneRow($0, in: referential) },
            map: try await maps.epci(epci), apiHref: "/api/v1/epci/\(epci.siren)")
        var crumbs = [Link.home]
        if let departement { crumbs.append(Link(label: departement.name, href: "/departements/\(departement.code)")) }
        return views.page("epci", model, title: epci.name, breadcrumbs: crumbs,
                          sources: [DataSources.epci, DataSources.populations, DataSources.programmes, DataSources.contoursCommunes])
    }

    struct DepartementPage {
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
    }

    @Sendable func departement(_ request: Request, context: Context) async throws -> Response {
        let code = try TypedCode.departement(try context.parameters.require("code"))
        guard let departement = referential.departement(code) else {
            throw WebError.notFound("Aucun département ne porte le code \(code).")
        }
        let communes = referential.communes(inDepartement: code)
        let pvd = communes.filter(\.isPVD).sorted { $0.population > $1.population }
        let region = referential.region(departement.regionCode)
        let model = DepartementPage(
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
        return views.page("departement", model, title: "\(departement.name) (\(code))", breadcrumbs: crumbs,
                          sources: [DataSources.cog, DataSources.populations, DataSources.epci, DataSources.programmes, DataSources.contoursCommunes])
    }

    struct RegionPage {
        let name: String
        let code: String
        let population: String
        let departements: [DepartementRow]
        let map: String?
        let apiHref: String
    }

    struct DepartementRow {
        let name: String
        let code: String
        let href: String
        let population: String
        let communes: String
        let pvd: Int
    }

    @Sendable func region(_ request: Request, context: Context) async throws -> Response {
        let code = try TypedCode.region(try context.parameters.require("code"))
        guard let region = referential.region(code) else { throw WebError.notFound("Aucune région ne porte le code \(code).") }
        let rows = referential.departements(inRegion: code).map { d in
            let communes = referential.communes(inDepartement: d.code)
            return DepartementRow(name: d.name, code: d.code, href: "/departements/\(d.code)",
                                  population: Format.integer(communes.reduce(0) { $0 + $1.population }),
                                  communes: Format.integer(communes.count), pvd: communes.filter(\.isPVD).count)
        }
        let model = RegionPage(name: region.name, code: code, population: Format.integer(referential.population(ofRegion: code)),
                               departements: rows, map: try await maps.region(region), apiHref: "/api/v1/regions/\(code)")
        return views.page("region", model, title: region.name, breadcrumbs: [Link.home],
                          sources: [DataSources.cog, DataSources.populations, DataSources.programmes, DataSources.contoursANCT])
    }

    // MARK: Sources

    struct SourcesPage {
        let sources: [DataSource]
    }

    /// The API in words, for the person who follows "API" in the menu (the OpenAPI document is for programs).
    @Sendable func api(_ request: Request, context: Context) async throws -> Response {
        views.page("api", [String: String](), title: "L'API de territoires", breadcrumbs: [Link.home], sources: [])
    }

    @Sendable func sources(_ request: Request, context: Context) async throws -> Response {
        views.page("sources", SourcesPage(sources: DataSources.all + ObservatoireSources.all), title: "Sources des données", breadcrumbs: [Link.home], sources: [])
    }
}

extension Link {
    static let home = Link(label: "Accueil", href: "/")
}
