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
    }

    private let budget: Int
    private let state = Mutex(State())

    init(budget: Int) { self.budget = budget }

    /// The cached page for `key`, or the one `render` makes (then kept), as an HTML response.
    func response(_ key: String, request: Request, render: () async throws -> String) async throws -> Response {
        let entry: Entry
        if let cached = state.withLock({ $0.entries[key] }) {
            entry = cached
        } else {
            let html = try await render()
            var hash = FNV1a()
            hash.add(html)
            entry = Entry(bytes: ByteBuffer(string: html), etag: "\"\(hash.hex)\"")
            store(key, entry)
        }
        var response = Response.html("")
        response.headers[.eTag] = entry.etag
        if request.headers[.ifNoneMatch] == entry.etag {
            response.status = .notModified
            return response
        }
        response.body = .init(byteBuffer: entry.bytes)
        return response
    }

    private func store(_ key: String, _ entry: Entry) {
        state.withLock { state in
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
