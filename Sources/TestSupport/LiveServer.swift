import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Hummingbird
import Logging
import Web

/// The real HTTP server on a free loopback port, driven with URLSession: the routes are tested as a browser
/// reaches them, without the cost of HummingbirdTesting's HTTP client.
public struct LiveServer: Sendable {
    public struct Reply: Sendable {
        public let status: Int
        public let contentType: String
        public let body: Data
        public let url: URL?

        public var text: String { String(decoding: body, as: UTF8.self) }
    }

    public let port: Int

    /// Runs `body` against a server serving `site`, then stops the server.
    public static func with<T: Sendable>(_ site: Site, _ body: @Sendable (LiveServer) async throws -> T) async throws -> T {
        var logger = Logger(label: "test")
        // Stopping the server logs its cancellation as an error: keep test output to real failures.
        logger.logLevel = .critical
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = site.application(host: "127.0.0.1", port: 0, logger: logger) { port in continuation.yield(port) }
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                try await app.run()
                return nil
            }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { throw CancellationError() }
            let result = try await body(LiveServer(port: port))
            group.cancelAll()
            return result
        }
    }

    /// Runs `body` against a server over the fixture referential (see `Fixtures`).
    public static func withFixtures<T: Sendable>(_ body: @Sendable (LiveServer) async throws -> T) async throws -> T {
        let store = try await Fixtures.store()
        let site = try await Site(referential: try await store.referential(), store: store)
        return try await with(site, body)
    }

    public func get(_ path: String) async throws -> Reply {
        let url = URL(string: "http://127.0.0.1:\(port)\(path)")!
        let (data, response) = try await URLSession.shared.data(from: url)
        let http = response as! HTTPURLResponse
        return Reply(status: http.statusCode, contentType: http.value(forHTTPHeaderField: "Content-Type") ?? "",
                     body: data, url: http.url)
    }
}
