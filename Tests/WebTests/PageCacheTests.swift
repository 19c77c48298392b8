import Hummingbird
import NIOCore
import Synchronization
import Testing
@testable import Web

@Suite struct PageCacheTests {
    final class Counter: Sendable {
        let count = Mutex(0)
    }

    static func request(ifNoneMatch etag: String? = nil) -> Request {
        var head = HTTPRequest(method: .get, scheme: "http", authority: "localhost", path: "/renovation/demo")
        if let etag { head.headerFields[.ifNoneMatch] = etag }
        return Request(head: head, body: .init(buffer: ByteBuffer()))
    }

    /// Requests that arrive while a page is being rendered wait for that rendering: a slow page first asked by
    /// many clients at once (a restart under load) is rendered once, not once per client.
    @Test func concurrentRequestsForOnePageRenderItOnce() async throws {
        let cache = PageCache(budget: 1 << 20)
        let renderings = Counter()
        let etags = try await withThrowingTaskGroup(of: String?.self) { group in
            for _ in 0..<20 {
                group.addTask {
                    try await cache.response("demo", request: Self.request()) {
                        renderings.count.withLock { $0 += 1 }
                        // Long enough for every request to arrive while the first rendering runs.
                        try await Task.sleep(for: .milliseconds(300))
                        return "<p>page</p>"
                    }.headers[.eTag]
                }
            }
            return try await group.reduce(into: Set<String?>()) { $0.insert($1) }
        }
        #expect(renderings.count.withLock { $0 } == 1)
        #expect(etags.count == 1)
        // Kept afterwards: a browser that has the page gets a 304 without a rendering.
        let etag = try #require(etags.first ?? nil)
        let again = try await cache.response("demo", request: Self.request(ifNoneMatch: etag)) { Issue.record("rendu à nouveau"); return "" }
        #expect(again.status == .notModified)
    }

    /// A rendering that fails is not kept: the next request renders again.
    @Test func aFailedRenderingIsTriedAgain() async throws {
        struct Failure: Error {}
        let cache = PageCache(budget: 1 << 20)
        await #expect(throws: Failure.self) { try await cache.response("p", request: Self.request()) { throw Failure() } }
        #expect(try await cache.response("p", request: Self.request()) { "<p>ok</p>" }.status == .ok)
    }
}
