import Hummingbird
import NIOCore
import Synchronization
import Tabular

/// Rendered pages whose data cannot change while the server runs (the observatoire is computed once), kept
/// as ready-to-send bytes within a byte budget, oldest out first. Each carries an ETag so a browser that has
/// the page gets a 304.
final class PageCache: Sendable {
    private struct Entry: Sendable {
        let bytes: ByteBuffer
        let etag: String
    }

    private struct State: Sendable {
        var entries: [String: Entry] = [:]
        var order: [String] = []
        var size = 0
        /// Pages being rendered: the requests that arrive meanwhile wait for that one rendering instead of each
        /// rendering the page again (fifty at once when a slow page is first asked under load).
        var rendering: [String: Task<Entry, any Error>] = [:]
    }

    private enum Lookup {
        case cached(Entry)
        case rendering(Task<Entry, any Error>)
    }

    private let budget: Int
    private let state = Mutex(State())

    init(budget: Int) { self.budget = budget }

    /// The cached page for `key`, or the one `render` makes (then kept), as an HTML response.
    func response(_ key: String, request: Request, render: @escaping @Sendable () async throws -> String) async throws -> Response {
        let entry = try await entry(key, render: render)
        var response = Response.html("")
        response.headers[.eTag] = entry.etag
        if request.headers[.ifNoneMatch] == entry.etag {
            response.status = .notModified
            return response
        }
        response.body = .init(byteBuffer: entry.bytes)
        return response
    }

    private func entry(_ key: String, render: @escaping @Sendable () async throws -> String) async throws -> Entry {
        let lookup = state.withLock { state -> Lookup in
            if let cached = state.entries[key] { return .cached(cached) }
            if let running = state.rendering[key] { return .rendering(running) }
            let task = Task { () async throws -> Entry in
                let html = try await render()
                var hash = FNV1a()
                hash.add(html)
                return Entry(bytes: ByteBuffer(string: html), etag: "\"\(hash.hex)\"")
            }
            state.rendering[key] = task
            return .rendering(task)
        }
        switch lookup {
        case .cached(let entry):
            return entry
        case .rendering(let task):
            do {
                let entry = try await task.value
                store(key, entry)
                return entry
            } catch {
                // A failed rendering is not kept: the next request tries again.
                state.withLock { _ = $0.rendering.removeValue(forKey: key) }
                throw error
            }
        }
    }

    private func store(_ key: String, _ entry: Entry) {
        state.withLock { state in
            state.rendering[key] = nil
            guard state.entries[key] == nil, entry.bytes.readableBytes <= budget else { return }
            state.entries[key] = entry
            state.order.append(key)
            state.size += entry.bytes.readableBytes
            while state.size > budget, !state.order.isEmpty {
                let oldest = state.order.removeFirst()
                state.size -= state.entries.removeValue(forKey: oldest)?.bytes.readableBytes ?? 0
            }
        }
    }
}
