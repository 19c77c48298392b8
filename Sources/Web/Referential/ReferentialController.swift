import Hummingbird
import Referential

/// The referential's pages: home, search, commune, EPCI, département, région, sources, the API in words. Each
/// handler checks the code it is given, builds the page of its folder from the in-memory `Referential` and
/// renders it.
struct ReferentialController<Context: RequestContext>: Sendable {
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

    @Sendable func home(_ request: Request, context: Context) async throws -> Response {
        views.page(HomePage.template, try await HomePage.load(referential, maps: maps), title: "Accueil", sources: HomePage.sources)
    }

    @Sendable func search(_ request: Request, context: Context) async throws -> Response {
        let text = try Query(request.uri.query).searchText()
        return views.page(SearchPage.template, SearchPage(text, referential: referential), title: SearchPage.title(text),
                          breadcrumbs: [Link.home], sources: SearchPage.sources)
    }

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

    @Sendable func epci(_ request: Request, context: Context) async throws -> Response {
        let siren = try TypedCode.siren(try context.parameters.require("siren"))
        let (page, crumbs, title) = try await EPCIPage.load(siren: siren, referential: referential, maps: maps)
        return views.page(EPCIPage.template, page, title: title, breadcrumbs: crumbs, sources: EPCIPage.sources)
    }

    @Sendable func departement(_ request: Request, context: Context) async throws -> Response {
        let code = try TypedCode.departement(try context.parameters.require("code"))
        let (page, crumbs, title) = try await DepartementPage.load(code: code, referential: referential, maps: maps)
        return views.page(DepartementPage.template, page, title: title, breadcrumbs: crumbs, sources: DepartementPage.sources)
    }

    @Sendable func region(_ request: Request, context: Context) async throws -> Response {
        let page = try await RegionPage.load(code: try TypedCode.region(try context.parameters.require("code")), referential: referential, maps: maps)
        return views.page(RegionPage.template, page, title: page.name, breadcrumbs: [Link.home], sources: RegionPage.sources)
    }

    @Sendable func api(_ request: Request, context: Context) async throws -> Response {
        views.page(APIPage.template, [String: String](), title: "L'API de territoires", breadcrumbs: [Link.home], sources: [])
    }

    @Sendable func sources(_ request: Request, context: Context) async throws -> Response {
        views.page(SourcesPage.template, SourcesPage(), title: "Sources des données", breadcrumbs: [Link.home], sources: [])
    }
}
