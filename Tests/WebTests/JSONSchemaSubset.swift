import Foundation

/// A JSON value as the wire has it: `true` is not 1, an integer is a number without a fractional part.
enum JSONValue: Decodable, Equatable {
    case null, bool(Bool), number(Double), string(String), array([JSONValue]), object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let n = try? c.decode(Double.self) { self = .number(n) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([JSONValue].self) { self = .array(a) }
        else { self = .object(try c.decode([String: JSONValue].self)) }
    }

    static func parse(_ data: Data) throws -> JSONValue { try JSONDecoder().decode(JSONValue.self, from: data) }

    subscript(_ key: String) -> JSONValue? {
        if case .object(let o) = self { o[key] } else { nil }
    }

    var object: [String: JSONValue]? { if case .object(let o) = self { o } else { nil } }
    var array: [JSONValue]? { if case .array(let a) = self { a } else { nil } }
    var string: String? { if case .string(let s) = self { s } else { nil } }
}

/// The subset of JSON Schema the OpenAPI document uses for answers: `type` (one or a list, "null" included),
/// `enum`, `format: date-time`, `required`, `properties`, `additionalProperties`, `items`, `oneOf` and `$ref` to
/// `#/components/schemas/…`. Stricter than JSON Schema on one point: an object schema that lists its
/// `properties` is closed unless it says `additionalProperties`, so an undocumented field is a fault.
struct SchemaChecker {
    let document: JSONValue

    /// Every place where `value` departs from `schema`, as "path: what"; empty when it conforms.
    func problems(_ value: JSONValue, _ schema: JSONValue, at path: String = "$") -> [String] {
        if let target = schema["$ref"]?.string {
            let name = String(target.dropFirst("#/components/schemas/".count))
            guard target.hasPrefix("#/components/schemas/"), let resolved = document["components"]?["schemas"]?[name] else {
                return ["\(path): référence inconnue \(target)"]
            }
            return problems(value, resolved, at: path)
        }
        if let branches = schema["oneOf"]?.array {
            let matching = branches.filter { problems(value, $0, at: path).isEmpty }.count
            return matching == 1 ? [] : ["\(path): \(matching) branches de oneOf sur \(branches.count) acceptent la valeur"]
        }
        let types = schema["type"].map { $0.array?.compactMap(\.string) ?? [$0.string].compactMap { $0 } }
        if let types, !types.contains(where: { Self.matches(value, type: $0) }) {
            return ["\(path): \(Self.kind(value)) au lieu de \(types.joined(separator: " ou "))"]
        }
        if let allowed = schema["enum"]?.array, !allowed.contains(value) {
            return ["\(path): valeur hors de l'énumération"]
        }
        if schema["format"]?.string == "date-time", case .string(let text) = value, ISO8601DateFormatter().date(from: text) == nil {
            return ["\(path): « \(text) » n'est pas une date ISO 8601"]
        }
        var found: [String] = []
        if case .object(let fields) = value {
            let properties = schema["properties"]?.object ?? [:]
            for key in schema["required"]?.array?.compactMap(\.string) ?? [] where fields[key] == nil {
                found.append("\(path): champ obligatoire « \(key) » absent")
            }
            for (key, field) in fields.sorted(by: { $0.key < $1.key }) {
                if let property = properties[key] {
                    found += problems(field, property, at: "\(path).\(key)")
                } else {
                    switch schema["additionalProperties"] {
                    case .bool(true)?: break
                    case .object?: found += problems(field, schema["additionalProperties"]!, at: "\(path).\(key)")
                    case nil where schema["properties"] == nil: break
                    default: found.append("\(path): champ « \(key) » absent du document")
                    }
                }
            }
        }
        if case .array(let elements) = value, let items = schema["items"] {
            for (i, element) in elements.enumerated() { found += problems(element, items, at: "\(path)[\(i)]") }
        }
        return found
    }

    static func matches(_ value: JSONValue, type: String) -> Bool {
        switch (type, value) {
        case ("null", .null), ("boolean", .bool), ("number", .number), ("string", .string), ("array", .array), ("object", .object): true
        case ("integer", .number(let n)): n.rounded() == n
        default: false
        }
    }

    static func kind(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool: "booléen"
        case .number: "nombre"
        case .string: "texte"
        case .array: "tableau"
        case .object: "objet"
        }
    }
}
