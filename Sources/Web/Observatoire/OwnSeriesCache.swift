import Observatoire
import Synchronization

/// The collectivités' own series, with what the dashboards read of them kept a moment. Every dashboard request
/// asks which series its collectivité may show before the `PageCache` can answer: a database read each time,
/// which cut the cached dashboard's throughput by about three and a half under `territoires bench`. So
/// `dashboardSeries(owner:)` keeps each owner's list `lifetime` (one second) in memory; the caller's rights still
/// filter it on every request. A write made through this store forgets the owner's list at once (the
/// collectivité sees its change on its next page); another instance sharing the PostgreSQL database sees it
/// within `lifetime`. Everything else, `ownSeries(owner:)` included (what `/espace/donnees` reads before it
/// writes), passes through to the store.
final class OwnSeriesCache: OwnSeriesStore {
    private struct Kept: Sendable {
        let series: [OwnSeries]
        let until: ContinuousClock.Instant
    }

    private struct State: Sendable {
        var lists: [String: Kept] = [:]
        /// Counts the writes: a read that began before one may predate it, and is not kept.
        var writes = 0
    }

    /// Owners kept at most: beyond, the expired lists go, and all of them if most are still fresh (a crawl over
    /// every commune), so that memory stays bounded and each read stays cheap.
    static let capacity = 4_096

    private let store: any OwnSeriesStore
    private let lifetime: Duration
    private let now: @Sendable () -> ContinuousClock.Instant
    private let state = Mutex(State())

    init(_ store: any OwnSeriesStore, lifetime: Duration = .seconds(1), now: @escaping @Sendable () -> ContinuousClock.Instant = { .now }) {
        self.store = store
        self.lifetime = lifetime
        self.now = now
    }

    /// The owner's series, read at most once per `lifetime` unless written meanwhile through this store.
    func dashboardSeries(owner: String) async throws -> [OwnSeries] {
        let start = now()
        let (kept, writes) = state.withLock { state in
            (state.lists[owner].flatMap { $0.until > start ? $0.series : nil }, state.writes)
        }
        if let kept { return kept }
        let series = try await store.ownSeries(owner: owner)
        state.withLock { state in
            guard state.writes == writes else { return }
            if state.lists.count >= Self.capacity {
                state.lists = state.lists.filter { $0.value.until > start }
                if state.lists.count >= Self.capacity / 2 { state.lists.removeAll(keepingCapacity: true) }
            }
            state.lists[owner] = Kept(series: series, until: start + lifetime)
        }
        return series
    }

    func ownSeries(owner: String) async throws -> [OwnSeries] {
        try await store.ownSeries(owner: owner)
    }

    func ownSeries(id: Int64, owner: String) async throws -> OwnSeries? {
        try await store.ownSeries(id: id, owner: owner)
    }

    func saveOwnSeries(_ series: [OwnSeries], actor: String) async throws -> [OwnSeries] {
        defer { forget(series.map(\.owner)) }
        return try await store.saveOwnSeries(series, actor: actor)
    }

    func deleteOwnSeries(id: Int64, owner: String, actor: String) async throws {
        defer { forget([owner]) }
        try await store.deleteOwnSeries(id: id, owner: owner, actor: actor)
    }

    func publishedOwnSeries(catalogueKey: String) async throws -> [OwnSeries] {
        try await store.publishedOwnSeries(catalogueKey: catalogueKey)
    }

    private func forget(_ owners: [String]) {
        state.withLock { state in
            state.writes += 1
            for owner in owners { state.lists[owner] = nil }
        }
    }
}
