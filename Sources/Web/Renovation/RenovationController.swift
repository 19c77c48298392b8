import Accounts
import Foundation
import Hummingbird
import NIOCore
import Referential
import Renovation

/// `/renovation`: a collectivité's public buildings, assessed (measured, from a DPE or estimated), ranked by
/// transparent weighted criteria (`InventoryRanking`), with a sheet per building, a map, exports and an import.
/// The demo inventory (`/renovation/demo`) is public; an inventory (`/renovation/inventaire`) is readable by its
/// collectivité only (and the operator), and written by its agents only. The pages live in the folders beside.
struct RenovationController: Sendable {
    let referential: Referential
    let store: any BuildingStore & WorksStore
    let setup: Task<RenovationSetup, any Error>
    let maps: Maps
    let views: Views
    let demo: DemoInventory
    /// The collectivités' works data (characteristics, scenarios, settings); the demo has none.
    let works: any WorksStore

    static let demoBase = "/renovation/demo"
    static let ownBase = "/renovation/inventaire"
    static let readerMessage = "Connectez-vous (ou utilisez un jeton d'API) pour lire l'inventaire de votre collectivité."

    func register(on router: Router<AppRequestContext>) {
        router.get("/renovation", use: landing)
        router.get(RouterPath(Self.demoBase)) { try await inventory($0, $1, demo: true) }
        router.get(RouterPath("\(Self.demoBase)/batiments/{id}")) { try await sheet($0, $1, demo: true) }
        router.get(RouterPath("\(Self.demoBase)/batiments.csv")) { try await csv($0, $1, demo: true) }
        router.get(RouterPath("\(Self.demoBase)/batiments.geojson")) { try await geojson($0, $1, demo: true) }
        router.get("/api/v1/renovation/demo/batiments") { try await apiList($0, $1, demo: true) }
        // A private inventory: its pages send an anonymous visitor to sign in, its API refuses them (401).
        let readers = router.group().add(middleware: Access(.signedIn, message: Self.readerMessage))
        readers.get(RouterPath(Self.ownBase)) { try await inventory($0, $1, demo: false) }
        readers.get(RouterPath("\(Self.ownBase)/batiments/{id}")) { try await sheet($0, $1, demo: false) }
        readers.get("/api/v1/renovation/batiments") { try await apiList($0, $1, demo: false) }
        readers.get("/api/v1/renovation/batiments/{id}", use: apiBuilding)
        // Files, not pages: refused (401) rather than redirected, by `scope`.
        router.get(RouterPath("\(Self.ownBase)/batiments.csv")) { try await csv($0, $1, demo: false) }
        router.get(RouterPath("\(Self.ownBase)/batiments.geojson")) { try await geojson($0, $1, demo: false) }
        registerImport(on: router)
        registerPlan(on: router, readers: readers)
        registerWorks(on: router, readers: readers)
    }

    // MARK: Scope and query

    /// The buildings the caller may see: the demo, or their collectivité's inventory. An anonymous caller of a
    /// private inventory is refused; the operator, who owns no buildings, reads the collectivité named by
    /// `?collectivite=`.
    func scope(_ request: Request, _ context: AppRequestContext, demo: Bool) async throws -> (owner: String, buildings: [Building]) {
        if demo { return (RenovationSetup.demoOwner, try await setup.value.demo) }
        let owner = try inventoryOwner(request, context)
        return (owner, try await store.buildings(owner: owner))
    }

    /// The collectivité whose inventory the signed-in caller reads: theirs, or for the operator the one named by
    /// `?collectivite=`.
    func inventoryOwner(_ request: Request, _ context: AppRequestContext) throws -> String {
        guard let user = context.user else { throw WebError.unauthorized(Self.readerMessage) }
        var owner = user.owner
        if user.role == .operateur, let asked = try Query(request.uri.query)["collectivite"], let o = Owner(asked) { owner = o }
        guard user.canRead(owner), owner != .operateur else { throw WebError.notFound("Aucun inventaire de bâtiments pour ce compte.") }
        return owner.description
    }

    /// The weights and filters of the query (`InventoryQuery`); its refusals are 400s.
    static func asked(_ query: Query, lenient: Bool) throws -> InventoryQuery {
        do { return try InventoryQuery({ query[$0] }, lenient: lenient, isCommuneCode: InseeCode.isCommuneCode) } catch {
            throw WebError.badRequest(error.description)
        }
    }

    /// The query in one form, for the page's links and the demo's page cache: the weights that differ from
    /// the default, then the filters and, for an inventory, the operator's `collectivite`, in a fixed order; any
    /// other parameter is dropped. Equivalent addresses thus share one cached page.
    static func canonicalQuery(_ asked: InventoryQuery, _ query: Query, demo: Bool) -> String {
        var items: [(String, String)] = Criterion.allCases.compactMap { c in
            guard let v = asked.weights[c], v != c.defaultWeight else { return nil }
            return ("w_\(c.rawValue)", InventoryQuery.weightText(v))
        }
        let filter = asked.filter
        items += [("usage", filter.usage?.rawValue), ("etiquette", filter.label), ("provenance", filter.provenance?.rawValue),
                  ("commune", filter.commune), ("collectivite", demo ? nil : query["collectivite"])].compactMap { key, value in value.map { (key, $0) } }
        return items.isEmpty ? "" : "?" + items.map { "\($0)=\(pathComponent($1))" }.joined(separator: "&")
    }

    /// What the links between a building's tabs carry: the collectivité the operator reads (`?collectivite=`), else nothing.
    static func ownerQuery(_ context: AppRequestContext, owner: String, demo: Bool) -> String {
        !demo && context.user?.role == .operateur ? "?collectivite=\(pathComponent(owner))" : ""
    }

    static func pathComponent(_ id: String) -> String {
        id.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-_.~"))) ?? id
    }

    /// The caller's inventory ranked and filtered as the query asks. `lenient`: the inventory page, which says
    /// what weights it refused; elsewhere a refused weight is a 400.
    func ranked(_ request: Request, _ context: AppRequestContext, demo: Bool, lenient: Bool = false) async throws
        -> (owner: String, ranking: InventoryRanking, asked: InventoryQuery, query: Query) {
        let (owner, buildings) = try await scope(request, context, demo: demo)
        let query = try Query(request.uri.query)
        let asked = try Self.asked(query, lenient: lenient)
        let assessments = demo ? try await self.demo.assessments.value : nil
        return (owner, InventoryRanking(buildings, assessments: assessments, query: asked, setup: try await setup.value), asked, query)
    }

    // MARK: Pages

    @Sendable func landing(_ request: Request, context: AppRequestContext) async throws -> Response {
        if let user = context.user, user.role != .operateur { return Response.redirect(to: Self.ownBase, type: .normal) }
        return Response.redirect(to: Self.demoBase, type: .normal)
    }

    @Sendable func inventory(_ request: Request, _ context: AppRequestContext, demo: Bool) async throws -> Response {
        let query = try Query(request.uri.query)
        let asked = try Self.asked(query, lenient: true)
        let canonical = Self.canonicalQuery(asked, query, demo: demo)
        // The demo page depends on the query (data fixed at start-up), on what it invites the visitor to do and on
        // the menu around it: rendered once for each. A page that says what it refused is not kept (its canonical
        // query, without the refused weights, is another page's).
        if demo && asked.refused.isEmpty {
            let key = "\(canonical)|\(DemoInvitation(context.user))|\(Audience.current)"
            return try await self.demo.pages.response(key, request: request) { try await inventoryHTML(request, context, demo: true, query: canonical) }
        }
        return .html(try await inventoryHTML(request, context, demo: demo, query: canonical))
    }

    /// The inventory page; its links carry `rawQuery`, the canonical form of the request's query.
    private func inventoryHTML(_ request: Request, _ context: AppRequestContext, demo: Bool, query rawQuery: String) async throws -> String {
        let (owner, ranking, asked, query) = try await ranked(request, context, demo: demo, lenient: true)
        let base = demo ? Self.demoBase : Self.ownBase
        let map = try await BuildingMap.draw(InventoryPage.listed(ranking), base: base, rawQuery: rawQuery, maps: maps)
        let model = InventoryPage(ranking, asked: asked, query: query, rawQuery: rawQuery, owner: owner, demo: demo, user: context.user,
                                  map: map, modelMissing: try await setup.value.model == nil, referential: referential)
        return views.render(InventoryPage.template, model, title: model.title, breadcrumbs: [Link.home],
                            sources: [DataSources.dpeTertiaire, DataSources.degresJours])
    }

    @Sendable func sheet(_ request: Request, _ context: AppRequestContext, demo: Bool) async throws -> Response {
        let id = try context.parameters.decoded("id")
        let (owner, ranking, _, _) = try await ranked(request, context, demo: demo)
        let all = ranking.all
        guard let r = all.first(where: { $0.building.id == id }) else { throw WebError.notFound("Aucun bâtiment « \(id.prefix(40)) » dans cet inventaire.") }
        let setup = try await setup.value
        let model = BuildingPage(r, assessment: setup.assess(r.building), of: all.count, nationalCount: setup.national?.count(r.building.usage.rawValue) ?? 0,
                                 demo: demo, ownerQuery: Self.ownerQuery(context, owner: owner, demo: demo), referential: referential)
        return views.page(BuildingPage.template, model, title: model.name,
                          breadcrumbs: [Link.home, Link(label: demo ? "Démonstration rénovation" : "Bâtiments", href: model.base)],
                          sources: [DataSources.dpeTertiaire, DataSources.degresJours])
    }

    // MARK: Exports and API

    @Sendable func csv(_ request: Request, _ context: AppRequestContext, demo: Bool) async throws -> Response {
        let shown = try await ranked(request, context, demo: demo).ranking.shown
        return Response.csv(InventoryExport.csv(shown), filename: demo ? "batiments-demonstration.csv" : "batiments.csv")
    }

    @Sendable func geojson(_ request: Request, _ context: AppRequestContext, demo: Bool) async throws -> Response {
        let shown = try await ranked(request, context, demo: demo).ranking.shown
        var response = try Response.json(try await GeoCollection.export(shown, maps: maps))
        response.headers[.contentType] = "application/geo+json; charset=utf-8"
        response.headers[.contentDisposition] = "attachment; filename=\"\(demo ? "batiments-demonstration" : "batiments").geojson\""
        return response
    }

    @Sendable func apiList(_ request: Request, _ context: AppRequestContext, demo: Bool) async throws -> Response {
        try .json(try await ranked(request, context, demo: demo).ranking.shown.map { BuildingDTO($0) })
    }

    @Sendable func apiBuilding(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.decoded("id")
        let all = try await ranked(request, context, demo: false).ranking.all
        guard let r = all.first(where: { $0.building.id == id }) else { throw WebError.notFound("Aucun bâtiment « \(id.prefix(40)) » dans votre inventaire.") }
        return try .json(BuildingDTO(r, assessment: try await setup.value.assess(r.building)))
    }
}
