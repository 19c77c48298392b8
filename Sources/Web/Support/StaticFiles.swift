import Foundation
import Hummingbird
import NIOCore
import Tabular

/// The few static files (stylesheet, icon, OpenAPI document), read once into memory and served with a
/// validator so browsers revalidate cheaply.
struct StaticFiles: Sendable {
    struct File: Sendable {
        let bytes: ByteBuffer
        let contentType: String
        let etag: String
    }

    private let files: [String: File]

    static func load() throws -> StaticFiles {
        let directory = Bundle.module.resourceURL!.appendingPathComponent("Public")
        let types = ["css": "text/css; charset=utf-8", "svg": "image/svg+xml", "json": "application/json; charset=utf-8"]
        var files: [String: File] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) {
            guard let type = types[(name as NSString).pathExtension] else { continue }
            let data = try Data(contentsOf: directory.appendingPathComponent(name))
            var hash = FNV1a()
            hash.add(data)
            files[name] = File(bytes: ByteBuffer(bytes: data), contentType: type, etag: "\"\(hash.hex)\"")
        }
        return StaticFiles(files: files)
    }

    func response(_ name: String, request: Request) throws -> Response {
        guard let file = files[name] else { throw WebError.notFound("Aucun fichier « \(name) ».") }
        var headers: HTTPFields = [.contentType: file.contentType, .eTag: file.etag, .cacheControl: "public, max-age=3600"]
        if name.hasSuffix(".json") { headers[.accessControlAllowOrigin] = "*" }
        if request.headers[.ifNoneMatch] == file.etag {
            return Response(status: .notModified, headers: headers)
        }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: file.bytes))
    }
}
