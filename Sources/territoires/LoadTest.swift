import Foundation

/// Throughput of a page under `wrk` (Debian package) on loopback, against nginx serving the same bytes as a
/// static file in the same run: the reference for "as fast as a static file server".
struct LoadTest {
    let connections: Int
    let seconds: Int

    struct Failure: Error, CustomStringConvertible { let description: String }

    static func available() -> Bool {
        ["/usr/bin/wrk", "/usr/sbin/nginx", "/usr/bin/curl"].allSatisfy { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// What wrk reports for a page: its throughput, and the latency 99 % of the requests stay under.
    struct Measure {
        let requestsPerSecond: Double
        let p99: Duration
    }

    /// Throughput and 99th-percentile latency reported by wrk for `url`.
    func measure(_ url: String) throws -> Measure {
        let output = try Self.run("/usr/bin/wrk", ["-t2", "-c\(connections)", "-d\(seconds)s", "--latency", url])
        let lines = output.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        guard let line = lines.first(where: { $0.hasPrefix("Requests/sec:") }),
              let value = Double(line.split(separator: " ").last ?? ""),
              let p99 = lines.first(where: { $0.hasPrefix("99%") }).flatMap({ Self.latency(String($0.dropFirst(3))) }) else {
            throw Failure(description: "sortie de wrk illisible : \(output)")
        }
        if output.contains("Non-2xx") { throw Failure(description: "wrk a reçu des erreurs : \(output)") }
        return Measure(requestsPerSecond: value, p99: p99)
    }

    /// A latency as wrk writes it: « 850.00us », « 12.34ms », « 1.20s », « 2.00m ».
    static func latency(_ text: String) -> Duration? {
        let t = text.trimmingCharacters(in: .whitespaces)
        for (unit, seconds) in [("us", 1e-6), ("ms", 1e-3), ("s", 1.0), ("m", 60.0)] where t.hasSuffix(unit) {
            guard let number = Double(t.dropLast(unit.count)) else { return nil }
            return .nanoseconds(Int64((number * seconds * 1e9).rounded()))
        }
        return nil
    }

    /// Asks for `url` once and waits for the answer, however long: what the page awaits (data loaded in the
    /// background) is then ready, and not measured.
    func warm(_ url: String) throws {
        _ = try Self.run("/usr/bin/curl", ["--silent", "--fail", "--output", "/dev/null", url])
    }

    /// Serves `body` with nginx on `port` while `work` runs.
    func withNginx<T>(serving body: String, port: Int, _ work: (String) throws -> T) throws -> T {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("territoires-nginx-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("www"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try body.write(to: directory.appendingPathComponent("www/page.html"), atomically: true, encoding: .utf8)
        let conf = """
            worker_processes auto; daemon off; pid \(directory.path)/nginx.pid; error_log \(directory.path)/error.log;
            events { worker_connections 1024; }
            http { access_log off; server { listen 127.0.0.1:\(port); root \(directory.path)/www; default_type text/html; } }
            """
        try conf.write(to: directory.appendingPathComponent("nginx.conf"), atomically: true, encoding: .utf8)
        let nginx = Process()
        nginx.executableURL = URL(fileURLWithPath: "/usr/sbin/nginx")
        nginx.arguments = ["-c", directory.appendingPathComponent("nginx.conf").path, "-p", directory.path]
        try nginx.run()
        defer {
            nginx.terminate()
            nginx.waitUntilExit()
        }
        Thread.sleep(forTimeInterval: 0.5)
        return try work("http://127.0.0.1:\(port)/page.html")
    }

    static func run(_ executable: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
