import Accounts
import Cartography
import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import Observatoire
import Parcours
import Referential
import Renovation
import ServiceLifecycle
import UnixSignals

/// The web application: the referential held in memory, the store for what is read on demand, the maps,
/// the templates; `application(…)` wires them into a Hummingbird server.
public struct Site: Sendable {
    public typealias Store = ReferentialStore & ShapeStore & IndicatorStore & AccountStore & DiagnosticStore & ConformityStore & HelpRequestStore & BuildingStore & OwnSeriesStore & BarometerStore & EngineeringStore & WorksStore & CohortStore & NoticeStore

    /// How secrets are handled: bcrypt cost, whether the site is served over TLS (cookies marked Secure,
    /// `Strict-Transport-Security`), and the reverse proxy whose `X-Forwarded-For` is believed.
    public struct Security: Sendable {
        public let secrets: Secrets
        public let secureCookies: Bool
        /// The address the reverse proxy connects from: only then is the client's address read from
        /// `X-Forwarded-For`. Without it the header is ignored (anyone can send it).
        public let trustedProxy: String?

        public init(secrets: Secrets = Secrets(), secureCookies: Bool = false, trustedProxy: String? = nil) {
            self.secrets = secrets
            self.secureCookies = secureCookies
            self.trustedProxy = trustedProxy
        }
    }

    /// What bounds the server's resources against slow or numerous clients.
    public struct Limits: Sendable {
        /// A connection that sends nothing for this long is closed: unfinished headers (sent slowly or half),
        /// a stalled body, a kept-alive connection with no new request. A request being answered is not cut.
        public var idleTimeout: Duration
        /// Connections served at once; beyond, new ones wait in the system's accept queue until one closes.
        public var maxConnections: Int
        /// On SIGTERM or SIGINT, the requests in progress get this long to finish; then they are cancelled,
        /// and if cancelling takes as long again (a runaway computation), the process stops anyway.
        public var shutdownGrace: Duration

        public init(idleTimeout: Duration = .seconds(30), maxConnections: Int = Limits.defaultMaxConnections,
                    shutdownGrace: Duration = .seconds(10)) {
            self.idleTimeout = idleTimeout
            self.maxConnections = maxConnections
            self.shutdownGrace = shutdownGrace
        }

        /// 10,000 connections, or fewer when the process may not open that many files (`ulimit -n`): past that
        /// limit the server could no longer accept anyone nor open the database, so 128 descriptors are kept
        /// for files, the database and PostgreSQL connections.
        public static var defaultMaxConnections: Int {
            var limit = rlimit()
            #if os(Linux)
            let files = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
            #else
            let files = RLIMIT_NOFILE
            #endif
            guard getrlimit(files, &limit) == 0 else { return 10_000 }
            return max(64, min(10_000, Int(clamping: limit.rlim_cur) - 128))
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
    /// The collectivités' own series, kept a second per owner: every dashboard request reads them.
    let ownSeries: OwnSeriesCache

    let security: Security
    let limits: Limits

    /// Loaded in the background from the start (model, climate, national reference, demo inventory).
    let renovation: Task<RenovationSetup, any Error>
    /// The demo inventory's assessments (computed once, in the background) and rendered pages.
    let demo: DemoInventory

    public init(referential: Referential, store: any Store, security: Security = Security(), limits: Limits = Limits(),
                renovation: @escaping @Sendable () throws -> RenovationSetup = { .empty }) async throws {
        self.referential = referential
        self.store = store
        ownSeries = OwnSeriesCache(store)
        self.security = security
        self.limits = limits
        self.renovation = Task { try renovation() }
        demo = DemoInventory(setup: self.renovation)
        observatory = Task { Observatory(referential: referential, table: try await store.sourceTable()) }
        maps = Maps(referential: referential, store: store)
        views = try await Views.load()
        files = try StaticFiles.load()
    }

    /// Draws the maps' base layers ahead of the first visitors (run in the background at start-up).
    public func warmMaps() async throws { try await maps.warm() }

    private var observatoire: ObservatoireController {
        ObservatoireController(referential: referential, ownSeries: ownSeries, store: store, observatory: observatory, maps: maps, views: views, cache: pageCache)
    }

    private var pages: ReferentialController<AppRequestContext> {
        ReferentialController(referential: referential, store: store, maps: maps, views: views)
    }

    func router() -> Router<AppRequestContext> {
        let router = Router(context: AppRequestContext.self)
        router.add(middleware: RequestLogMiddleware())
        if security.secureCookies { router.add(middleware: StrictTransportSecurityMiddleware()) }
        router.add(middleware: ErrorMiddleware(views: views))
        router.add(middleware: AuthMiddleware(store: store, trustedProxy: security.trustedProxy))
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
        RenovationController(referential: referential, store: store, setup: renovation, maps: maps, views: views, demo: demo, works: store).register(on: router)
        OwnDataController(referential: referential, store: ownSeries, views: views).register(on: router)
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
            server: .http1(configuration: .init(idleTimeout: TimeAmount(limits.idleTimeout))),
            configuration: .init(address: .hostname(host, port: port), serverName: "territoires",
                                 availableConnectionsDelegate: MaximumAvailableConnections(limits.maxConnections, logger: logger)),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? port) },
            logger: logger)
    }

    /// Runs `app` until one of `signals`, then shuts it down within the bounds of `limits.shutdownGrace`
    /// (Hummingbird's own `runService` waits for every request in progress, however long). When
    /// `stopsProcess`, a cancellation that outlasts the grace period too ends the process (ServiceLifecycle's
    /// fatal error): right for `serve`, not for a server inside the test process, where it would end every suite.
    public func serviceGroup(_ app: some ApplicationProtocol, logger: Logger,
                             signals: [UnixSignal] = [.sigterm, .sigint], stopsProcess: Bool = true) -> ServiceGroup {
        var configuration = ServiceGroupConfiguration(services: [app], gracefulShutdownSignals: signals, logger: logger)
        configuration.maximumGracefulShutdownDuration = limits.shutdownGrace
        configuration.maximumCancellationDuration = stopsProcess ? limits.shutdownGrace : nil
        return ServiceGroup(configuration: configuration)
    }
}
