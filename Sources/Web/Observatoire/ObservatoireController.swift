import Foundation
import Hummingbird
import Observatoire
import Referential
import Tabular

/// `/observatoire/…` pages and exports, `/api/v1/observatoire/…` JSON. The observatory is computed in the
/// background at start-up; the first requests wait for it.
struct ObservatoireController<Context: RequestContext>: Sendable {
    let referential: Referential
    let observatory: Task<Observatory, any Error>
    let maps: Maps
    let views: Views
    let cache: PageCache

    static var sources: [DataSource] { ObservatoireSources.all + [DataSources.cog, DataSources.programmes] }

    func register(on router: Router<Context>) {
        router.get("/observatoire", use: index)
        router.get("/observatoire/aller", use: go)
        router.get("/observatoire/indicateurs", use: catalogue)
        router.get("/observatoire/indicateurs/{id}/communes.csv", use: indicatorCSV)
        router.get("/observatoire/cartes", use: mapPage)
        router.get("/observatoire/cartes/carte.svg", use: mapSVG)
        router.get("/observatoire/{code}", use: dashboard)
        router.get("/observatoire/{code}/donnees.csv", use: dashboardCSV)
        router.get("/observatoire/{code}/portrait", use: portrait)
        router.get("/observatoire/{code}/graphiques/{indicator}", use: chart)
        router.get("/api/v1/observatoire/indicateurs", use: apiCatalogue)
        router.get("/api/v1/observatoire/indicateurs/{id}", use: apiIndicator)
        router.get("/api/v1/observatoire/communes/{code}", use: apiDashboard)
    }

    // MARK: Lookups shared by the handlers

    private func commune(_ context: Context) throws -> Commune {
        // A sub-commune has no figures of its own: its commune's dashboard is shown.
        try referential.commune(typed: try context.parameters.require("code")).commune
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

    struct IndexPage {
        let pvd: String
        let indicators: Int
        let map: String?
        let legend: [Choropleth.LegendClass]
    }

    @Sendable func index(_ request: Request, context: Context) async throws -> Response {
        let observatory = try await observatory.value
        let vacancy = try indicator("vacance_2018", observatory)
        let map = try await maps.choropleth(.france, indicator: vacancy, observatory: observatory)
        let model = IndexPage(pvd: Format.integer(referential.communes(in: .petitesVillesDeDemain).count),
                              indicators: observatory.indicators.count, map: map?.svg, legend: map?.legend ?? [])
        return views.page("observatoire-index", model, title: "Observatoire", breadcrumbs: [Link.home], sources: Self.sources)
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
        return views.page("observatoire-indicateurs", CataloguePage(observatory.indicators), title: "Indicateurs de l'observatoire",
                          breadcrumbs: [Link.home, Link(label: "Observatoire", href: "/observatoire")], sources: Self.sources)
    }

    @Sendable func dashboard(_ request: Request, context: Context) async throws -> Response {
        let commune = try commune(context)
        // One page per audience: the menu around it differs (the operator's links).
        return try await cache.response("dashboard:\(commune.code):\(Audience.current)", request: request) { try await dashboardHTML(commune) }
    }

    func dashboardHTML(_ commune: Commune) async throws -> String {
        let observatory = try await observatory.value
        let model = DashboardPage(Dashboard(commune, observatory: observatory), observatory: observatory)
        return views.render("observatoire", model, title: "Observatoire : \(commune.name) (\(commune.code))",
                            breadcrumbs: [Link.home, Link(label: "Observatoire", href: "/observatoire")], sources: Self.sources)
    }

    @Sendable func portrait(_ request: Request, context: Context) async throws -> Response {
        let commune = try commune(context)
        let observatory = try await observatory.value
        let model = DashboardPage(Dashboard(commune, observatory: observatory), observatory: observatory)
        return views.page("portrait", model, title: "Portrait de territoire : \(commune.name)", sources: Self.sources)
    }

    @Sendable func chart(_ request: Request, context: Context) async throws -> Response {
        let commune = try commune(context)
        let observatory = try await observatory.value
        let id = try context.parameters.require("indicator")
        let dashboard = Dashboard(commune, observatory: observatory)
        guard let line = dashboard.lines.first(where: { $0.indicator.id == id }) else {
            throw WebError.notFound("Indicateur inconnu « \(id.prefix(40)) ».")
        }
        return .body(dashboard.chart(line), contentType: "image/svg+xml", embeddable: true)
    }

    struct MapPage {
        struct Option {
            let value: String
            let label: String
            let selected: Bool
        }

        let title: String
        let svg: String
        let legend: [Choropleth.LegendClass]
        let indicators: [Option]
        let territories: [Option]
        let definition: String
        let source: String
        let svgHref: String
        let csvHref: String
    }

    @Sendable func mapPage(_ request: Request, context: Context) async throws -> Response {
        let query = try Query(request.uri.query)
        let observatory = try await observatory.value
        let indicator = try indicator(query["indicateur"] ?? "vacance_2018", observatory)
        let territory = try territory(query["territoire"])
        guard let map = try await maps.choropleth(territory, indicator: indicator, observatory: observatory) else {
            throw WebError.notFound("Pas de contours pour ce territoire.")
        }
        let territories = [MapPage.Option(value: "france", label: "France, par département", selected: territory.key == "france"),
                           MapPage.Option(value: "pvd", label: "Petites Villes de Demain (métropole)", selected: territory.key == "pvd")]
            + referential.departements.map { MapPage.Option(value: $0.code, label: "\($0.code) — \($0.name), par commune", selected: territory.key == $0.code) }
        let parameters = "indicateur=\(indicator.id)&territoire=\(territory.key)"
        let model = MapPage(
            title: map.title, svg: map.svg, legend: map.legend,
            indicators: observatory.indicators.map { MapPage.Option(value: $0.id, label: "\($0.theme.label) — \($0.label) (\($0.vintage))", selected: $0.id == indicator.id) },
            territories: territories, definition: indicator.definition, source: indicator.source.citation,
            svgHref: "/observatoire/cartes/carte.svg?\(parameters)",
            csvHref: "/observatoire/indicateurs/\(indicator.id)/communes.csv")
        return views.page("observatoire-carte", model, title: "Carte : \(indicator.label)",
                          breadcrumbs: [Link.home, Link(label: "Observatoire", href: "/observatoire")], sources: Self.sources)
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
        let dashboard = Dashboard(commune, observatory: try await observatory.value)
        let header = ["theme", "indicateur", "libelle", "unite", "commune"] + (dashboard.lines.first?.comparisons.map(\.label) ?? [])
            + ["mediane_pvd", "rang_centile_pvd", "rang_centile_communes", "source", "millesime"]
        let rows = dashboard.lines.map { line -> [FrenchCSV.Cell] in
            let i = line.indicator
            var row: [FrenchCSV.Cell] = [.text(i.theme.label), .text(i.id), .text(i.label), .text(i.unit.symbol), Self.csv(line.commune, i)]
            row += line.comparisons.map { Self.csv($0.value, i) }
            let median = line.pvdMedian.map { FrenchCSV.Cell.number($0, decimals: i.decimals) } ?? .empty
            let pvd = line.percentilePVD.map { FrenchCSV.Cell.number($0, decimals: 0) } ?? .empty
            let all = line.percentileAll.map { FrenchCSV.Cell.number($0, decimals: 0) } ?? .empty
            row += [median, pvd, all, .text(i.source.citation), .text(i.vintage)]
            return row
        }
        return .csv(FrenchCSV.document(header: header, rows: rows), filename: "observatoire-\(commune.code).csv")
    }

    @Sendable func indicatorCSV(_ request: Request, context: Context) async throws -> Response {
        let observatory = try await observatory.value
        let indicator = try indicator(try context.parameters.require("id"), observatory)
        let column = observatory.column(indicator.id)
        let rows = referential.communes.indices.map { c -> [FrenchCSV.Cell] in
            let commune = referential.communes[c]
            return [.text(commune.code), .text(commune.name), .text(commune.departementCode), .text(commune.epciSiren ?? ""),
                    .text(commune.isPVD ? "oui" : "non"), Self.csv(column[c], indicator)]
        }
        let header = ["code_insee", "commune", "departement", "siren_epci", "pvd", "\(indicator.id) (\(indicator.unit.symbol.isEmpty ? "nombre" : indicator.unit.symbol))"]
        return .csv(FrenchCSV.document(header: header, rows: rows), filename: "\(indicator.id).csv")
    }

    static func csv(_ value: Value, _ indicator: Indicator) -> FrenchCSV.Cell {
        switch value {
        case .value(let v): .number(v, decimals: indicator.decimals)
        case .secret: .text("secret statistique")
        case .unavailable: .empty
        }
    }

    // MARK: API

    struct IndicatorDTO: Encodable {
        let id: String, label: String, definition: String, unit: String, theme: String, vintage: String, additive: Bool
        let source: API.SourceRef

        init(_ i: Indicator) {
            id = i.id
            label = i.label
            definition = i.definition
            unit = i.unit.symbol
            theme = i.theme.rawValue
            vintage = i.vintage
            additive = i.formula.isAdditive
            source = API.SourceRef(i.source)
        }
    }

    /// A value in JSON: the number, or null with the reason.
    struct ValueDTO: Encodable {
        let value: Double?
        let status: String

        init(_ v: Value) {
            value = v.number
            status = switch v {
            case .value: "valeur"
            case .secret: "secret_statistique"
            case .unavailable: "non_disponible"
            }
        }

        /// `value` is written as null when absent, so clients always find the key.
        enum Keys: String, CodingKey { case value, status }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(value, forKey: .value)
            try container.encode(status, forKey: .status)
        }
    }

    struct IndicatorValues: Encodable {
        struct Row: Encodable { let code: String, name: String, value: ValueDTO }
        let indicator: IndicatorDTO
        let france: ValueDTO
        let pvdMedian: Double?
        let communes: [Row]
    }

    struct Comparison: Encodable { let level: String, value: ValueDTO }
    struct Line: Encodable {
        let indicator: String, label: String, unit: String, vintage: String, value: ValueDTO, comparisons: [Comparison]
        let pvdMedian: Double?, percentilePVD: Double?, percentileAll: Double?
    }
    struct Peer: Encodable { let code: String, name: String, distance: Double, alike: [String], unlike: String? }
    struct DashboardDTO: Encodable {
        let code: String, name: String, pvd: Bool, indicators: [Line], peersPVD: [Peer], peersAll: [Peer]
        let page: String, csv: String, sources: [API.SourceRef]
    }

    @Sendable func apiCatalogue(_ request: Request, context: Context) async throws -> Response {
        try .json(try await observatory.value.indicators.map(IndicatorDTO.init))
    }

    @Sendable func apiIndicator(_ request: Request, context: Context) async throws -> Response {
        let observatory = try await observatory.value
        let indicator = try indicator(try context.parameters.require("id"), observatory)
        let query = try Query(request.uri.query)
        var communes = referential.communes
        if let typed = query["departement"] { communes = referential.communes(inDepartement: try TypedCode.departement(typed)) }
        return try .json(IndicatorValues(indicator: IndicatorDTO(indicator), france: ValueDTO(observatory.value(indicator.id, level: .france)),
                              pvdMedian: observatory.pvdMedian(indicator.id),
                              communes: communes.map { .init(code: $0.code, name: $0.name, value: ValueDTO(observatory.value(indicator.id, commune: $0.code))) }))
    }

    @Sendable func apiDashboard(_ request: Request, context: Context) async throws -> Response {
        let commune = try commune(context)
        let observatory = try await observatory.value
        let dashboard = Dashboard(commune, observatory: observatory)
        func peers(_ population: PeerIndex.Population) -> [Peer] {
            observatory.peers.peers(of: commune.code, among: population).map {
                Peer(code: $0.commune.code, name: $0.commune.name, distance: $0.distance, alike: $0.alike, unlike: $0.unlike)
            }
        }
        return try .json(DashboardDTO(
            code: commune.code, name: commune.name, pvd: commune.isPVD,
            indicators: dashboard.lines.map { l in
                Line(indicator: l.indicator.id, label: l.indicator.label, unit: l.indicator.unit.symbol, vintage: l.indicator.vintage,
                     value: ValueDTO(l.commune), comparisons: l.comparisons.map { Comparison(level: $0.label, value: ValueDTO($0.value)) },
                     pvdMedian: l.pvdMedian, percentilePVD: l.percentilePVD, percentileAll: l.percentileAll)
            },
            peersPVD: peers(.pvd), peersAll: peers(.all), page: "/observatoire/\(commune.code)",
            csv: "/observatoire/\(commune.code)/donnees.csv", sources: Self.sources.map(API.SourceRef.init)))
    }
}

extension Response {
    static func csv(_ text: String, filename: String) -> Response {
        var response = body(text, contentType: "text/csv; charset=utf-8")
        response.headers[.contentDisposition] = "attachment; filename=\"\(filename)\""
        return response
    }
}
