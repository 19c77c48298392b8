import Accounts
import Cartography
import Hummingbird
import Logging
import NIOCore
import Observatoire
import Parcours
import Referential
import Renovation

/// The web application: the referential held in memory, the store for what is read on demand, the maps,
/// the templates; `application(…)` wires them into a Hummingbird server.
public struct Site: Sendable {
    public typealias Store = ReferentialStore & ShapeStore & IndicatorStore & AccountStore & DiagnosticStore & ConformityStore & HelpRequestStore & BuildingStore

    /// How secrets are handled: bcrypt cost, and whether cookies are marked Secure (behind TLS).
    public struct Security: Sendable {
        public let secrets: Secrets
        public let secureCookies: Bool

        public init(secrets: Secrets = Secrets(), secureCookies: Bool = false) {
            self.secrets = secrets
            self.secureCookies = secureCookies
        }
    }

    let referential: Referential
    let store: any Store
    let maps: Maps
    let views: Views
    let files: StaticFiles
    /// Computed in the background from the start, so the server answers at once; observatoire pages await it.
    let observatory: Task<Observatory, any Error>
    /// Rendered dashboards (about 70 KB each): 48 MB keeps several hundred of them.
    let pageCache = PageCache(budget: 48 << 20)

    let security: Security

    /// Loaded in the background from the start (model, climate, national reference, demo inventory).
    let renovation: Task<RenovationSetup, any Error>
    /// The demo inventory's assessments (computed once, in the background) and rendered pages.
    let demo: DemoInventory

    public init(referential: Referential, store: any Store, security: Security = Security(),
                renovation: @escaping @Sendable () throws -> RenovationSetup = { .empty }) async throws {
        self.referential = referential
        self.store = store
        self.security = security
        self.renovation = Task { try renovation() }
        demo = DemoInventory(setup: self.renovation)
        observatory = Task { Observatory(referential: referential, table: try await store.sourceTable()) }
        maps = Maps(referential: referential, store: store)
        views = try await Views.load()
        files = try StaticFiles.load()
    }

    /// Draws the maps' base layers ahead of the first visitors (run in the background at start-up).
    public func warmMaps() async throws { try await maps.warm() }

    private var observatoire: ObservatoireController<AppRequestContext> {
        ObservatoireController(referential: referential, observatory: observatory, maps: maps, views: views, cache: pageCache)
    }

    private var pages: PageController<AppRequestContext> {
        PageController(referential: referential, store: store, maps: maps, views: views)
    }

    func router() -> Router<AppRequestContext> {
        let router = Router(context: AppRequestContext.self)
        router.add(middleware: RequestLogMiddleware())
        router.add(middleware: ErrorMiddleware(views: views))
        router.add(middleware: AuthMiddleware(store: store))
        router.get("/static/{file}") { request, context in
            try files.response(try context.parameters.require("file"), request: request)
        }
        router.get("/sante") { _, _ in Response.body("ok", contentType: "text/plain; charset=utf-8") }
        pages.register(on: router)
        APIController(referential: referential, store: store, files: files).register(on: router)
        observatoire.register(on: router)
        AccountController(referential: referential, store: store, views: views, security: security).register(on: router)
        ParcoursController(referential: referential, store: store, views: views).register(on: router)
        ValidationController(referential: referential, store: store, views: views).register(on: router)
        RenovationController(referential: referential, store: store, setup: renovation, maps: maps, views: views, demo: demo).register(on: router)
        // Last: it wraps only the not-found responder, once every route is known.
        router.add(middleware: MethodNotAllowedMiddleware(routes: router.routes))
        return router
    }

    /// Every route, as "METHOD /path": the authorisation matrix test checks each one.
    public var routes: [String] { router().routes.map(\.description) }

    /// The HTTP server. `port` 0 takes a free port, reported to `onServerRunning`.
    public func application(host: String, port: Int, logger: Logger,
                            onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        Application(
            router: router(),
            configuration: .init(address: .hostname(host, port: port), serverName: "territoires"),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? port) },
            logger: logger)
    }

    /// The HTML of a commune's card, as the page serves it: for benchmarks.
    public func communeCardHTML(_ code: String) async throws -> String {
        guard let commune = referential.commune(code) else { throw WebError.notFound(code) }
        return try await pages.communeHTML(commune)
    }

    /// The computed observatory (waits for the start-up computation).
    public func computedObservatory() async throws -> Observatory { try await observatory.value }

    /// Waits for the demo inventory to be loaded and assessed (in the background from the start): for benchmarks.
    public func assessedDemo() async throws { _ = try await demo.assessments.value }

    /// The HTML of a commune's observatoire dashboard: for benchmarks.
    public func dashboardHTML(_ code: String) async throws -> String {
        guard let commune = referential.commune(code) else { throw WebError.notFound(code) }
        return try await observatoire.dashboardHTML(commune)
    }

    /// Search as the search page runs it: for benchmarks.
    public func search(_ query: String) -> [CommuneSearch.Hit] { referential.search.find(query, limit: 50) }
}
