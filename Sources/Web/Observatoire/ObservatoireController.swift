import Accounts
import Hummingbird
import Observatoire
import Parcours
import Referential

/// `/observatoire/…` pages and exports, `/api/v1/observatoire/…` JSON: each handler decodes the commune or the
/// indicator, builds the `Dashboard` (the use case, in `Observatoire`) or reads the `Observatory`, and renders
/// the page of its folder. The observatory is computed in the background at start-up; the first requests wait for it.
struct ObservatoireController: Sendable {
    typealias Context = AppRequestContext
    let referential: Referential
    let ownSeries: OwnSeriesCache
    /// Read only for the operator's « communes accompagnées »: accounts and submitted diagnostics.
    let store: any AccountStore & DiagnosticStore
    let observatory: Task<Observatory, any Error>
    let maps: Maps
    let views: Views
    let cache: PageCache

    func register(on router: Router<Context>) {
        router.get("/observatoire", use: index)
        router.get("/observatoire/aller", use: go)
        router.get("/observatoire/indicateurs", use: catalogue)
        router.get("/observatoire/indicateurs/{id}/communes.csv", use: indicatorCSV)
        router.get("/observatoire/cartes", use: mapPage)
        router.get("/observatoire/cartes/carte.svg", use: mapSVG)
        router.get("/observatoire/programme", use: programme)
        router.get("/observatoire/programme.csv", use: programmeCSV)
        router.get("/observatoire/programme/carte.svg", use: programmeMap)
        router.get("/observatoire/epci/{siren}", use: epciDashboard)
        router.get("/observatoire/epci/{siren}/donnees.csv", use: epciCSV)
        router.get("/observatoire/{code}", use: dashboard)
        router.get("/observatoire/{code}/donnees.csv", use: dashboardCSV)
        router.get("/observatoire/{code}/portrait", use: portrait)
        router.get("/observatoire/{code}/graphiques/{indicator}", use: chart)
        router.get("/api/v1/observatoire/indicateurs", use: apiCatalogue)
        router.get("/api/v1/observatoire/indicateurs/{id}", use: apiIndicator)
        router.get("/api/v1/observatoire/communes/{code}", use: apiDashboard)
        router.get("/api/v1/observatoire/epci/{siren}", use: apiEPCIDashboard)
        router.get("/api/v1/observatoire/programme", use: apiProgramme)
    }

    // MARK: Lookups shared by the handlers

    private func commune(_ context: Context) throws -> Commune {
        // A sub-commune has no figures of its own: its commune's dashboard is shown.
        try referential.commune(typed: try context.parameters.require("code")).commune
    }

    private func epciDashboard(_ context: Context, _ observatory: Observatory) throws -> EPCIDashboard {
        let siren = try TypedCode.siren(try context.parameters.require("siren"))
        guard let dashboard = EPCIDashboard(siren: siren, observatory: observatory) else {
            throw WebError.notFound("Aucune intercommunalité à fiscalité propre ne porte le SIREN \(siren) au 1er janvier 2024.")
        }
        return dashboard
    }

    /// The programme view's query and table; the operator's « communes accompagnées » read from the store only
    /// when asked for.
    private func programmeTable(_ request: Request, _ context: Context, _ observatory: Observatory) async throws -> (ProgrammeQuery, ProgrammeTable) {
        let query = try Query(request.uri.query)
        var accompanied: Set<String>?
        if context.user?.role == .operateur, query["accompagnees"]?.isEmpty == false {
            accompanied = ProgrammePage.accompanied(users: try await store.users(),
                                                    diagnosticOwners: try await store.allSubmitted(version: Questionnaire.current.version).keys,
                                                    referential: referential)
        }
        let programme = try ProgrammePage.query(query, observatory: observatory, accompanied: accompanied)
        guard let table = observatory.programme(programme) else { throw WebError.notFound("Indicateur inconnu « \(programme.indicatorID.prefix(40)) ».") }
        return (programme, table)
    }

    private func indicator(_ id: String?, _ observatory: Observatory) throws -> Indicator {
        guard let id else { throw WebError.badRequest("Le paramètre « indicateur » est obligatoire.") }
        guard let indicator = observatory.indicator(id) else {
            throw WebError.notFound("Indicateur inconnu « \(id.prefix(40)) » ; la liste est sur /observatoire/indicateurs.")
        }
        return indicator
    }

    private func territory(_ text: String?) throws -> Choropleth.Territory {
        switch text ?? "france" {
        case "france": return .france
        case "pvd": return .pvd
        case let code:
            guard let departement = referential.departement(code.uppercased()) else {
                throw WebError.badRequest("Territoire inconnu « \(code.prefix(20)) » : « france », « pvd » ou un code de département.")
            }
            return .departement(departement)
        }
    }

    // MARK: Pages

    @Sendable func index(_ request: Request, context: Context) async throws -> Response {
        let observatory = try await observatory.value
        let model = try await ObservatoireIndexPage.load(observatory, vacancy: try indicator("vacance_2018", observatory), maps: maps)
        return views.page(ObservatoireIndexPage.template, model, title: "Observatoire", breadcrumbs: [Link.home], sources: ObservatoireSources.cited)
    }

    @Sendable func go(_ request: Request, context: Context) async throws -> Response {
        let query = try Query(request.uri.query)
        guard let text = try query.searchText() else { return .redirect(to: "/observatoire") }
        guard let hit = referential.search.find(text, limit: 1).first else {
            throw WebError.notFound("Aucune commune ne correspond à « \(text) ».")
        }
        return .redirect(to: "/observatoire/\(hit.commune.code)")
    }

    @Sendable func catalogue(_ request: Request, context: Context) async throws -> Response {
        let observatory = try await observatory.value
        return views.page(IndicatorsPage.template, IndicatorsPage(observatory.indicators), title: "Indicateurs de l'observatoire",
                          breadcrumbs: [Link.home, Link.observatoire], sources: ObservatoireSources.cited)
    }

    /// The collectivité's own series this caller may see on its dashboard (a commune's or an intercommunalité's):
    /// the public ones, and the private ones for the collectivité's own accounts only (not even the operator, nor
    /// a member commune's accounts on its intercommunalité's dashboard).
    private func ownSeries(of owner: Owner, _ context: Context) async throws -> [OwnSeries] {
        let isOwn = context.user?.owner == owner
        return try await ownSeries.dashboardSeries(owner: owner.description).filter { ($0.isPublic || isOwn) && !$0.points.isEmpty }
    }

    @Sendable func dashboard(_ request: Request, context: Context) async throws -> Response {
        let commune = try commune(context)
        // A collectivité's own series are rendered outside the cache: a private one must never reach a page kept
        // for others, and a public one changes whenever the collectivité saves it.
        let own = try await ownSeries(of: .commune(commune.code), context)
        if !own.isEmpty {
            return .html(DashboardPage.html(Dashboard(commune, observatory: try await observatory.value), own: own, views: views))
        }
        // One page per audience: the menu around it differs (the operator's links, a signed-in person's unread count).
        return try await cache.response("dashboard:\(commune.code):\(Audience.current)", request: request) {
            DashboardPage.html(Dashboard(commune, observatory: try await observatory.value), views: views)
        }
    }

    @Sendable func portrait(_ request: Request, context: Context) async throws -> Response {
        let dashboard = Dashboard(try commune(context), observatory: try await observatory.value)
        return views.page(PortraitPage.template, DashboardPage(dashboard), title: PortraitPage.title(dashboard), sources: ObservatoireSources.cited)
    }

    @Sendable func chart(_ request: Request, context: Context) async throws -> Response {
        let dashboard = Dashboard(try commune(context), observatory: try await observatory.value)
        let id = try context.parameters.require("indicator")
        guard let line = dashboard.line(id) else { throw WebError.notFound("Indicateur inconnu « \(id.prefix(40)) ».") }
        return .body(dashboard.chart(line), contentType: "image/svg+xml", embeddable: true)
    }

    @Sendable func epciDashboard(_ request: Request, context: Context) async throws -> Response {
        let observatory = try await observatory.value
        let dashboard = try epciDashboard(context, observatory)
        let indicator = try indicator(try Query(request.uri.query)["indicateur"] ?? "vacance_2018", observatory)
        let own = try await ownSeries(of: .epci(dashboard.epci.siren), context)
        let model = try await EPCIDashboardPage.load(dashboard, indicator: indicator, own: own, observatory: observatory, maps: maps)
        var crumbs = [Link.home, Link.observatoire]
        if let d = dashboard.departement { crumbs.append(Link(label: d.name, href: "/departements/\(d.code)")) }
        return views.page(EPCIDashboardPage.template, model, title: "Observatoire : \(dashboard.epci.name)", breadcrumbs: crumbs,
                          sources: ObservatoireSources.cited)
    }

    @Sendable func programme(_ request: Request, context: Context) async throws -> Response {
        let observatory = try await observatory.value
        let (query, table) = try await programmeTable(request, context, observatory)
        let model = try await ProgrammePage.load(table, query: query, isOperator: context.user?.role == .operateur, observatory: observatory, maps: maps)
        return views.page(ProgrammePage.template, model, title: "Observatoire : les Petites Villes de Demain",
                          breadcrumbs: [Link.home, Link.observatoire], sources: ObservatoireSources.cited)
    }

    /// The programme view's map: the PVD its filters retain (an image of the page, a megabyte for all of them).
    @Sendable func programmeMap(_ request: Request, context: Context) async throws -> Response {
        let observatory = try await observatory.value
        let (_, table) = try await programmeTable(request, context, observatory)
        guard let map = try await maps.choropleth(.programme(table), indicator: table.indicator, observatory: observatory, standalone: true) else {
            throw WebError.notFound("Pas de contours pour ce territoire.")
        }
        return .body(map.svg, contentType: "image/svg+xml", embeddable: true)
    }

    @Sendable func mapPage(_ request: Request, context: Context) async throws -> Response {
        let query = try Query(request.uri.query)
        let observatory = try await observatory.value
        let indicator = try indicator(query["indicateur"] ?? "vacance_2018", observatory)
        let model = try await MapPage.load(indicator, territory: try territory(query["territoire"]), observatory: observatory, maps: maps)
        return views.page(MapPage.template, model, title: "Carte : \(indicator.label)",
                          breadcrumbs: [Link.home, Link.observatoire], sources: ObservatoireSources.cited)
    }

    @Sendable func mapSVG(_ request: Request, context: Context) async throws -> Response {
        let query = try Query(request.uri.query)
        let observatory = try await observatory.value
        let indicator = try indicator(query["indicateur"], observatory)
        guard let map = try await maps.choropleth(try territory(query["territoire"]), indicator: indicator, observatory: observatory, standalone: true) else {
            throw WebError.notFound("Pas de contours pour ce territoire.")
        }
        return .body(map.svg, contentType: "image/svg+xml", embeddable: true)
    }

    // MARK: Exports

    @Sendable func dashboardCSV(_ request: Request, context: Context) async throws -> Response {
        let commune = try commune(context)
        let own = try await ownSeries(of: .commune(commune.code), context)
        return .csv(Dashboard(commune, observatory: try await observatory.value).csv(own: own), filename: "observatoire-\(commune.code).csv")
    }

    @Sendable func epciCSV(_ request: Request, context: Context) async throws -> Response {
        let dashboard = try epciDashboard(context, try await observatory.value)
        let own = try await ownSeries(of: .epci(dashboard.epci.siren), context)
        return .csv(dashboard.csv(own: own), filename: "observatoire-epci-\(dashboard.epci.siren).csv")
    }

    @Sendable func programmeCSV(_ request: Request, context: Context) async throws -> Response {
        let (query, table) = try await programmeTable(request, context, try await observatory.value)
        return .csv(table.csv, filename: "pvd-\(query.indicatorID).csv")
    }

    @Sendable func indicatorCSV(_ request: Request, context: Context) async throws -> Response {
        let observatory = try await observatory.value
        let indicator = try indicator(try context.parameters.require("id"), observatory)
        return .csv(observatory.csv(indicator), filename: "\(indicator.id).csv")
    }

    // MARK: API

    @Sendable func apiCatalogue(_ request: Request, context: Context) async throws -> Response {
        try .json(try await observatory.value.indicators.map(IndicatorDTO.init))
    }

    @Sendable func apiIndicator(_ request: Request, context: Context) async throws -> Response {
        let observatory = try await observatory.value
        let indicator = try indicator(try context.parameters.require("id"), observatory)
        let query = try Query(request.uri.query)
        var communes = referential.communes
        if let typed = query["departement"] { communes = referential.communes(inDepartement: try TypedCode.departement(typed)) }
        return try .json(IndicatorValues(indicator, communes: communes, observatory: observatory))
    }

    @Sendable func apiDashboard(_ request: Request, context: Context) async throws -> Response {
        try .json(DashboardDTO(Dashboard(try commune(context), observatory: try await observatory.value)))
    }

    @Sendable func apiEPCIDashboard(_ request: Request, context: Context) async throws -> Response {
        try .json(EPCIDashboardDTO(try epciDashboard(context, try await observatory.value)))
    }

    @Sendable func apiProgramme(_ request: Request, context: Context) async throws -> Response {
        let (query, table) = try await programmeTable(request, context, try await observatory.value)
        return try .json(ProgrammeDTO(table, query: query))
    }
}

extension Response {
    static func csv(_ text: String, filename: String) -> Response {
        var response = body(text, contentType: "text/csv; charset=utf-8")
        response.headers[.contentDisposition] = "attachment; filename=\"\(filename)\""
        return response
    }
}
