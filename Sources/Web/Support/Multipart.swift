import Foundation

/// `multipart/form-data` as browsers send a form with a file: text fields and uploaded files.
struct Multipart {
    struct File: Sendable {
        let filename: String
        let bytes: [UInt8]
    }

    var fields: [String: String] = [:]
    var files: [String: File] = [:]

    /// The boundary parameter of a `multipart/form-data` content type.
    static func boundary(_ contentType: String) -> String? {
        guard contentType.lowercased().hasPrefix("multipart/form-data") else { return nil }
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if pair.count == 2, pair[0].lowercased() == "boundary" { return pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
        }
        return nil
    }

    init(_ body: [UInt8], boundary: String) throws {
        let delimiter = Array(("--" + boundary).utf8)
        var parts: [ArraySlice<UInt8>] = []
        var cursor = body.startIndex
        guard let first = Self.find(delimiter, in: body, from: cursor) else {
            throw WebError.badRequest("Formulaire d'envoi de fichier illisible (séparateur absent).")
        }
        cursor = first + delimiter.count
        while let next = Self.find(delimiter, in: body, from: cursor) {
            parts.append(body[cursor..<next])
            cursor = next + delimiter.count
        }
        for part in parts {
            // Each part: CRLF, headers, CRLF CRLF, content, CRLF.
            guard let split = Self.find(Array("\r\n\r\n".utf8), in: Array(part), from: 0) else { continue }
            let bytes = Array(part)
            let headers = String(decoding: bytes[..<split], as: UTF8.self)
            var content = Array(bytes[(split + 4)...])
            if content.suffix(2) == [13, 10] { content.removeLast(2) }
            guard let disposition = headers.split(separator: "\r\n").first(where: { $0.lowercased().hasPrefix("content-disposition") }) else { continue }
            guard let name = Self.parameter("name", in: String(disposition)) else { continue }
            if let filename = Self.parameter("filename", in: String(disposition)) {
                if !filename.isEmpty || !content.isEmpty { files[name] = File(filename: filename, bytes: content) }
            } else if fields[name] == nil {
                fields[name] = String(decoding: content, as: UTF8.self)
            }
        }
    }

    private static func parameter(_ key: String, in header: String) -> String? {
        for item in header.split(separator: ";").dropFirst() {
            let pair = item.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if pair.count == 2, pair[0] == key { return pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
        }
        return nil
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard needle.count <= haystack.count, start <= haystack.count - needle.count else { return nil }
        var i = start
        let last = haystack.count - needle.count
        while i <= last {
            if haystack[i] == needle[0] {
                var j = 1
                while j < needle.count && haystack[i + j] == needle[j] { j += 1 }
                if j == needle.count { return i }
            }
            i += 1
        }
        return nil
    }
}
