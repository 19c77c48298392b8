import Observatoire
import Referential

/// The pages `territoires bench` times, built by the same page builders as the routes but without HTTP: the
/// one door the CLI has into the web layer's pages (`Site` only wires the server).
package struct BenchPages: Sendable {
    private let referential: Referential
    private let store: any ReferentialStore
    private let maps: Maps
    private let views: Views

    package init(_ site: Site) {
        referential = site.referential
        store = site.store
        maps = site.maps
        views = site.views
    }

    /// A commune's card, as `/communes/{code}` sends it.
    package func communeCard(_ commune: Commune) async throws -> String {
        try await CommunePage.html(commune, referential: referential, store: store, maps: maps, views: views)
    }

    /// A commune's dashboard, as `/observatoire/{code}` sends it (before the page cache keeps it).
    package func dashboard(_ commune: Commune, observatory: Observatory) -> String {
        DashboardPage.html(Dashboard(commune, observatory: observatory), views: views)
    }
}
