import Foundation
import Hummingbird

/// Query-string parameters as browsers send them: `+` is a space in form submissions, `%XX` escapes UTF-8.
/// Hummingbird decodes `%XX` but not `+`, and a search form needs both.
struct Query: Sendable {
    private var values: [String: String] = [:]
    /// Every value of each key, in order, for parameters given several times (`correspondance=…&correspondance=…`).
    private var lists: [String: [String]] = [:]

    static let empty = Query()

    private init() {}

    /// Fields already decoded (from a multipart form).
    init(fields: [String: String]) { values = fields }

    init(_ rawQuery: String?) throws {
        guard let rawQuery, !rawQuery.isEmpty else { return }
        for pair in rawQuery.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let key = Self.decode(parts[0]), let value = Self.decode(parts.count > 1 ? parts[1] : "") else {
                throw WebError.badRequest("Paramètre mal encodé dans l'adresse : « \(pair.prefix(60)) ».")
            }
            if values[key] == nil { values[key] = value }
            lists[key, default: []].append(value)
        }
    }

    private static func decode(_ text: Substring) -> String? {
        String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }

    subscript(_ key: String) -> String? { values[key] }

    /// All the values given for `key`, in order.
    func all(_ key: String) -> [String] { lists[key] ?? values[key].map { [$0] } ?? [] }

    /// A whole number parameter within bounds; nil when absent, a 400 when malformed.
    func integer(_ key: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let text = values[key] else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw WebError.badRequest("Le paramètre « \(key) » doit être un nombre entier entre \(range.lowerBound) et \(range.upperBound).")
        }
        return value
    }

    /// The search text, trimmed; a 400 when longer than anyone types.
    func searchText(_ key: String = "q") throws -> String? {
        guard let text = values[key]?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else { return nil }
        guard text.count <= 100 else {
            throw WebError.badRequest("La recherche est trop longue (100 caractères au plus).")
        }
        return text
    }
}

extension Parameters {
    /// A path parameter as the client meant it. The router matches the raw path, split on `/` before any
    /// decoding, so a segment still holds its escapes: `%20` (space), `%2F` (a slash inside an identifier),
    /// UTF-8 sequences (`B%C3%A2t` for `Bât`). A malformed escape is kept as sent (and found nowhere).
    func decoded(_ name: String) throws -> String {
        let raw = try require(name)
        return raw.removingPercentEncoding ?? raw
    }
}

extension Query {
    /// Whether an API import is asked to write (`mode=import`) or only to check (`mode=verification`, the default).
    /// A misspelt mode must not pass for a dry run (nor a dry run for an import).
    func importMode() throws -> Bool {
        guard [nil, "verification", "import"].contains(self["mode"]) else {
            throw WebError.badRequest("Mode inconnu « \(self["mode"]!.prefix(20)) » ; valeurs possibles : verification, import.")
        }
        return self["mode"] == "import"
    }
}

extension Request {
    /// The file an API import sends as its body (CSV or XLSX), within the upload limit; an empty body is a 400.
    mutating func uploadedFile(_ context: AppRequestContext) async throws -> [UInt8] {
        let bytes = Array(buffer: try await collectBody(upTo: context.maxFileSize))
        guard !bytes.isEmpty else { throw WebError.badRequest("Envoyez le fichier CSV ou Excel (.xlsx) dans le corps de la requête.") }
        return bytes
    }
}
