import BundledData
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Hummingbird
import Logging
import Storage
import Web

/// The real HTTP server on a free loopback port, driven with URLSession: the routes are tested as a browser
/// reaches them, without the cost of HummingbirdTesting's HTTP client.
public struct LiveServer: Sendable {
    public struct Reply: Sendable {
        public let status: Int
        public let contentType: String
        public let body: Data
        public let url: URL?
        /// The response's header fields, names in lower case.
        public let headers: [String: String]

        public func header(_ name: String) -> String? { headers[name.lowercased()] }

        public var text: String { String(decoding: body, as: UTF8.self) }
    }

    public let port: Int

    /// A server already listening on `port` (started otherwise than by `with`).
    public init(port: Int) { self.port = port }

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
        let site = try await Site(referential: try await store.referential(), store: store, renovation: { try RenovationData.setup() })
        return try await with(site, body)
    }

    /// The same, with the fixture accounts (see `Fixtures.accounts`).
    public static func withFixtureAccounts<T: Sendable>(security: Site.Security = Site.Security(), limits: Site.Limits = Site.Limits(),
                                                        _ body: @Sendable (LiveServer, SQLiteStore) async throws -> T) async throws -> T {
        let store = try await Fixtures.store()
        try await Fixtures.createAccounts(in: store)
        let site = try await Site(referential: try await store.referential(), store: store, security: security, limits: limits,
                                  renovation: { try RenovationData.setup() })
        return try await with(site) { try await body($0, store) }
    }

    public func get(_ path: String) async throws -> Reply { try await Client(port: port).get(path) }

    /// A browser of its own: its own cookies, so tests running side by side do not share sessions.
    public func client() -> Client { Client(port: port) }

    public struct Client: Sendable {
        let port: Int
        let session: URLSession

        init(port: Int) {
            self.port = port
            let configuration = URLSessionConfiguration.ephemeral
            // No client cache: a test that sends If-None-Match sees the server's own 304.
            configuration.urlCache = nil
            configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
            session = URLSession(configuration: configuration)
        }

        public func get(_ path: String, headers: [String: String] = [:]) async throws -> Reply {
            try await send("GET", path, headers: headers)
        }

        /// A form submission (application/x-www-form-urlencoded), as a browser sends it.
        public func post(_ path: String, form: [String: String], headers: [String: String] = [:]) async throws -> Reply {
            var allowed = CharacterSet.alphanumerics
            allowed.insert(charactersIn: "-._~")
            let body = form.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed)!)" }.joined(separator: "&")
            return try await send("POST", path, body: Data(body.utf8),
                                  headers: headers.merging(["Content-Type": "application/x-www-form-urlencoded"]) { a, _ in a })
        }

        /// A form with a file (multipart/form-data), as a browser sends an upload.
        public func upload(_ path: String, fields: [String: String], file: (field: String, name: String, bytes: Data)?) async throws -> Reply {
            let boundary = "----territoires\(UUID().uuidString)"
            var body = Data()
            for (name, value) in fields.sorted(by: { $0.key < $1.key }) {
                body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8))
            }
            if let file {
                body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(file.field)\"; filename=\"\(file.name)\"\r\nContent-Type: application/octet-stream\r\n\r\n".utf8))
                body.append(file.bytes)
                body.append(Data("\r\n".utf8))
            }
            body.append(Data("--\(boundary)--\r\n".utf8))
            return try await send("POST", path, body: body, headers: ["Content-Type": "multipart/form-data; boundary=\(boundary)"])
        }

        public func send(_ method: String, _ path: String, body: Data? = nil, headers: [String: String] = [:]) async throws -> Reply {
            var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
            request.httpMethod = method
            request.httpBody = body
            for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
            let (data, response) = try await session.data(for: request)
            let http = response as! HTTPURLResponse
            var headers: [String: String] = [:]
            for case let (name as String, value as String) in http.allHeaderFields { headers[name.lowercased()] = value }
            return Reply(status: http.statusCode, contentType: http.value(forHTTPHeaderField: "Content-Type") ?? "",
                         body: data, url: http.url, headers: headers)
        }

        /// The value of a hidden form field in a page.
        public static func field(_ name: String, in html: String) -> String? {
            guard let range = html.range(of: "name=\"\(name)\" value=\"") else { return nil }
            return String(html[range.upperBound...].prefix { $0 != "\"" })
        }

        /// Signs in through the login form; the client keeps the session cookie.
        public func logIn(_ login: String, password: String) async throws -> Reply {
            let form = try await get("/connexion").text
            let csrf = Client.field("csrf", in: form) ?? ""
            return try await post("/connexion", form: ["csrf": csrf, "identifiant": login, "mot_de_passe": password])
        }
    }
}
