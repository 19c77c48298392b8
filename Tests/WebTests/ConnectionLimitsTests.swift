import BundledData
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Logging
import ServiceLifecycle
import TestSupport
import Testing
@testable import Web

/// Slow or stuck clients against the real server: unfinished headers are cut after the idle timeout, the
/// connection cap holds, and a shutdown does not wait on a request that never ends.
@Suite struct ConnectionLimitsTests {
    /// A raw TCP connection to the server, to send what URLSession never would: half a request.
    final class RawSocket {
        let fd: Int32

        init(port: Int, sending text: String) throws {
            fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard connected == 0 else { throw POSIXError(.ECONNREFUSED) }
            _ = text.withCString { send(fd, $0, strlen($0), Int32(MSG_NOSIGNAL)) }
        }

        deinit { close(fd) }

        /// What the server answered within `seconds`, read until the body `ok` of `/sante` has come.
        func answer(within seconds: Double) -> String {
            var data: [UInt8] = [], buffer = [UInt8](repeating: 0, count: 4096)
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline, !String(decoding: data, as: UTF8.self).hasSuffix("ok") {
                var poll = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                guard Glibc.poll(&poll, 1, 100) == 1 else { continue }
                let count = recv(fd, &buffer, buffer.count, 0)
                guard count > 0 else { break }
                data += buffer[0..<count]
            }
            return String(decoding: data, as: UTF8.self)
        }

        /// Whether the server closed the connection within `seconds` (end of stream, or reset).
        func isClosedByServer(within seconds: Double) -> Bool {
            var poll = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard Glibc.poll(&poll, 1, Int32(seconds * 1000)) == 1 else { return false }
            var byte: UInt8 = 0
            return recv(fd, &byte, 1, Int32(MSG_DONTWAIT)) <= 0
        }
    }

    static let halfHeader = "GET /sante HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: lent"

    @Test func halfSentHeadersAreCutAndTheServerStillAnswers() async throws {
        let limits = Site.Limits(idleTimeout: .milliseconds(400))
        try await LiveServer.withFixtureAccounts(limits: limits) { server, _ in
            let slow = try (0..<50).map { _ in try RawSocket(port: server.port, sending: Self.halfHeader) }
            // 50 unfinished requests do not keep others waiting.
            #expect(try await server.get("/sante").text == "ok")
            // Each is closed by the server once idle for the timeout (the bound only guards against a hang).
            #expect(slow.allSatisfy { $0.isClosedByServer(within: 5) })
        }
    }

    @Test func connectionsBeyondTheCapWaitForAFreeSlot() async throws {
        let limits = Site.Limits(idleTimeout: .seconds(1), maxConnections: 3)
        try await LiveServer.withFixtureAccounts(limits: limits) { server, _ in
            // Three connections answered once, then kept alive and silent: the three slots are surely taken.
            let slow = try (0..<3).map { _ in try RawSocket(port: server.port, sending: "GET /sante HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n") }
            for connection in slow { #expect(connection.answer(within: 10).hasSuffix("ok")) }
            // The fourth connection is accepted only when a slow one has been closed for idleness.
            #expect(try await server.get("/sante").text == "ok")
            #expect(slow.contains { $0.isClosedByServer(within: 0) })
        }
    }

    @Test func shutdownDoesNotWaitForeverOnARequestInProgress() async throws {
        let store = try await Fixtures.store()
        let site = try await Site(referential: try await store.referential(), store: store,
                                  limits: Site.Limits(idleTimeout: .seconds(300), shutdownGrace: .milliseconds(500)))
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = site.application(host: "127.0.0.1", port: 0, logger: logger) { continuation.yield($0) }
        let group = site.serviceGroup(app, logger: logger, signals: [], stopsProcess: false)
        let running = Task { try await group.run() }
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())
        // A form whose body never finishes: the request is in progress, its handler waits for the body.
        let stuck = try RawSocket(port: port, sending: """
            POST /connexion HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\nidentifiant=
            """)
        #expect(try await LiveServer(port: port).get("/sante").text == "ok")
        let clock = ContinuousClock()
        let start = clock.now
        await group.triggerGracefulShutdown()
        // Should the shutdown hang, the test cancels the server itself after 45 s, and fails.
        let guardTask = Task { try await Task.sleep(for: .seconds(45)); running.cancel() }
        _ = await running.result
        guardTask.cancel()
        // Bounded by the grace period (0.5 s), not by the idle timeout (300 s) nor by the client. The bound is
        // generous: the other suites, run alongside, may keep the concurrency threads busy for seconds (15 s seen).
        #expect(clock.now - start < .seconds(30))
        withExtendedLifetime(stuck) {}
    }
}
