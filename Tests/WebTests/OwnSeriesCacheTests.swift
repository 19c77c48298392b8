import Foundation
import Observatoire
import Storage
import Synchronization
import TestSupport
import Testing
@testable import Web

/// What the dashboards read of the collectivités' own series, kept a second: one read of the database per owner
/// and second however many requests ask, a write through the cache seen at once, a read that overlaps a write
/// never kept. Time is the test's own clock, moved by hand.
@Suite struct OwnSeriesCacheTests {
    /// The store under the cache, counting its reads of an owner's list; after `holdNextRead()`, the next read
    /// takes its snapshot, then waits for `release()` before answering (a read overtaken by a write).
    actor CountingStore: OwnSeriesStore {
        let base: SQLiteStore
        private(set) var reads = 0
        private var holdNext = false
        private var held: CheckedContinuation<Void, Never>?
        var isHolding: Bool { held != nil }

        init(_ base: SQLiteStore) { self.base = base }

        func holdNextRead() { holdNext = true }
        func release() { held?.resume(); held = nil }

        func ownSeries(owner: String) async throws -> [OwnSeries] {
            reads += 1
            let series = try await base.ownSeries(owner: owner)
            if holdNext {
                holdNext = false
                await withCheckedContinuation { held = $0 }
            }
            return series
        }

        func ownSeries(id: Int64, owner: String) async throws -> OwnSeries? { try await base.ownSeries(id: id, owner: owner) }
        func saveOwnSeries(_ series: [OwnSeries], actor: String) async throws -> [OwnSeries] { try await base.saveOwnSeries(series, actor: actor) }
        func deleteOwnSeries(id: Int64, owner: String, actor: String) async throws { try await base.deleteOwnSeries(id: id, owner: owner, actor: actor) }
        func publishedOwnSeries(catalogueKey: String) async throws -> [OwnSeries] { try await base.publishedOwnSeries(catalogueKey: catalogueKey) }
    }

    final class TestClock: Sendable {
        private let instant = Mutex(ContinuousClock.now)
        func now() -> ContinuousClock.Instant { instant.withLock { $0 } }
        func advance(_ duration: Duration) { instant.withLock { $0 = $0.advanced(by: duration) } }
    }

    static func footfall(_ owner: String, _ value: Double) -> OwnSeries {
        OwnSeries(owner: owner, label: "Passages", definition: "", unit: "passages", source: "Capteur",
                  points: [OwnPoint(period: OwnPeriod("2024")!, value: value)])
    }

    @Test func keptASecondPerOwnerAndForgottenWhenWrittenThrough() async throws {
        let store = CountingStore(try await Fixtures.store()), clock = TestClock()
        let cache = OwnSeriesCache(store, now: clock.now)
        let brest = "commune:29019", landerneau = "commune:29103"
        // Fifty dashboard requests within the second: one read.
        for _ in 0..<50 { #expect(try await cache.dashboardSeries(owner: brest).isEmpty) }
        #expect(await store.reads == 1)
        // What /espace/donnees reads is never kept.
        _ = try await cache.ownSeries(owner: brest)
        #expect(await store.reads == 2)

        // Saved through the cache: seen on the next request.
        let saved = try await cache.saveOwnSeries(Self.footfall(brest, 5_400), actor: "test")
        #expect(try await cache.dashboardSeries(owner: brest).map(\.label) == ["Passages"])
        #expect(await store.reads == 3)
        // Another owner's list is not forgotten by that write, and lasts its second: 999 ms later still kept, 1 s later read again.
        _ = try await cache.dashboardSeries(owner: landerneau)
        _ = try await cache.saveOwnSeries(Self.footfall(brest, 5_600), actor: "test")
        clock.advance(.milliseconds(999))
        _ = try await cache.dashboardSeries(owner: landerneau)
        #expect(await store.reads == 4)
        clock.advance(.milliseconds(1))
        _ = try await cache.dashboardSeries(owner: landerneau)
        #expect(await store.reads == 5)

        // Deleted through the cache: gone on the next request.
        _ = try await cache.dashboardSeries(owner: brest)
        try await cache.deleteOwnSeries(id: saved.id, owner: brest, actor: "test")
        #expect(try await cache.dashboardSeries(owner: brest).count == 1)
        #expect(await store.reads == 7)
    }

    @Test func aReadOvertakenByAWriteIsNotKept() async throws {
        let store = CountingStore(try await Fixtures.store()), clock = TestClock()
        let cache = OwnSeriesCache(store, now: clock.now)
        let brest = "commune:29019"
        await store.holdNextRead()
        let early = Task { try await cache.dashboardSeries(owner: brest) }
        while !(await store.isHolding) { try await Task.sleep(for: .milliseconds(1)) }
        // The series is saved (and published) while that read still holds its empty snapshot.
        var series = Self.footfall(brest, 5_400)
        series.isPublic = true
        _ = try await cache.saveOwnSeries(series, actor: "test")
        await store.release()
        #expect(try await early.value.isEmpty)
        // The stale snapshot was not kept: the next request reads the series.
        #expect(try await cache.dashboardSeries(owner: brest).map(\.isPublic) == [true])
        #expect(await store.reads == 2)
    }
}
