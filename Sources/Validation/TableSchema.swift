import Foundation
import Tabular

/// A Table Schema (frictionless data, as schema.data.gouv.fr publishes the local-data standards): the fields a
/// CSV must have, their types and constraints, and the custom checks Validata adds. Read from the JSON files in
/// `Schemas/`, so a new version of a standard is a new file, not new code.
public struct TableSchema: Sendable {
    public enum FieldType: Sendable {
        case string, number, integer, date, year
        case boolean(trueValues: [String], falseValues: [String])
    }

    public enum Format: String, Sendable { case email, uri }

    public struct Field: Sendable {
        public let name: String
        public let title: String
        public let type: FieldType
        public var format: Format?
        public var required = false
        public var pattern: String?
        /// The pattern in plain French with an example (`x-motif`), what a report says instead of the expression.
        public var patternDescription: String?
        public var enumValues: [String]?
        public var minLength: Int?
        public var maxLength: Int?
        public var minimum: Double?
        public var maximum: Double?
        public var unique = false
    }

    public enum Comparison: String, Sendable {
        case greaterOrEqual = ">=", greater = ">", lessOrEqual = "<=", less = "<", equal = "=="
    }

    /// Validata's custom checks, named as in the schemas' `custom_checks`.
    public enum CustomCheck: Sendable {
        /// `french-siret-value`: the column holds a SIRET whose check digit (Luhn) is right.
        case frenchSIRET(String)
        /// `one-of-required`: at least one of two columns is filled on each row.
        case oneOfRequired(String, String)
        /// `year-interval-value`: a period "AAAA/AAAA" goes forward (a single year allowed when the schema says so).
        case yearInterval(String, allowYearOnly: Bool)
        /// `cohesive-columns-value`: these columns are filled together or left empty together.
        case cohesive([String])
        /// `compare-columns-value`: the first column compares with the second (dates or numbers), when both are filled.
        case compare(String, Comparison, String)
        /// `sum-columns-value`: the first column equals the sum of the others, when all are filled.
        case sum(String, [String])
    }

    public let name: String
    public let title: String
    public let version: String
    /// Where the standard is published.
    public let source: String
    public let fields: [Field]
    public let checks: [CustomCheck]
    /// Custom checks the schema declares that this validator does not make, said in every report.
    public let notChecked: [String]
    /// Where this transcription departs from the published schema, and why.
    public let deviations: [String]

    public func field(_ name: String) -> Field? { fields.first { $0.name == name } }
}

extension TableSchema {
    public struct DefinitionError: Error, CustomStringConvertible {
        public let file: String
        public let message: String
        public var description: String { "schéma \(file) : \(message)" }
    }

    /// Reads a Table Schema JSON document (the subset the local-data standards use).
    public init(json bytes: [UInt8], file: String) throws {
        func fail(_ message: String) -> DefinitionError { DefinitionError(file: file, message: message) }
        let root: JSONValue
        do { root = try JSONValue.parse(bytes) } catch { throw fail("\(error)") }
        guard let name = root["name"]?.string, let title = root["title"]?.string, let version = root["version"]?.string,
              let source = root["homepage"]?.string else { throw fail("name, title, version et homepage sont obligatoires") }
        guard let items = root["fields"]?.array, !items.isEmpty else { throw fail("aucun champ") }
        var fields: [Field] = []
        for item in items {
            guard let fieldName = item["name"]?.string else { throw fail("un champ sans nom") }
            let type: FieldType
            switch item["type"]?.string ?? "string" {
            case "string": type = .string
            case "number": type = .number
            case "integer": type = .integer
            case "date": type = .date
            case "year": type = .year
            case "boolean":
                // Table Schema's defaults when the schema does not list its own values.
                type = .boolean(trueValues: item["trueValues"]?.array?.compactMap(\.string) ?? ["true", "True", "TRUE", "1"],
                                falseValues: item["falseValues"]?.array?.compactMap(\.string) ?? ["false", "False", "FALSE", "0"])
            case let other: throw fail("type « \(other) » du champ \(fieldName) non pris en charge")
            }
            var field = Field(name: fieldName, title: item["title"]?.string ?? fieldName, type: type)
            if let format = item["format"]?.string, format != "default" {
                guard let known = Format(rawValue: format) else { throw fail("format « \(format) » du champ \(fieldName) non pris en charge") }
                field.format = known
            }
            let constraints = item["constraints"]
            if case .bool(true)? = constraints?["required"] { field.required = true }
            if case .bool(true)? = constraints?["unique"] { field.unique = true }
            field.pattern = constraints?["pattern"]?.string
            if let pattern = field.pattern, (try? Regex(pattern)) == nil { throw fail("motif illisible pour \(fieldName) : \(pattern)") }
            // A report tells a person what to write: a regular expression is no answer.
            field.patternDescription = item["x-motif"]?.string
            if field.pattern != nil && field.patternDescription == nil { throw fail("motif sans description en français (x-motif) pour \(fieldName)") }
            field.enumValues = constraints?["enum"]?.array?.compactMap(\.string)
            field.minLength = constraints?["minLength"]?.number.map { Int($0) }
            field.maxLength = constraints?["maxLength"]?.number.map { Int($0) }
            field.minimum = constraints?["minimum"]?.number
            field.maximum = constraints?["maximum"]?.number
            fields.append(field)
        }
        let names = Set(fields.map(\.name))
        var checks: [CustomCheck] = [], notChecked: [String] = []
        for item in root["custom_checks"]?.array ?? [] {
            let check = item["name"]?.string ?? "?"
            let params = item["params"]
            func column(_ key: String) throws -> String {
                guard let value = params?[key]?.string, names.contains(value) else { throw fail("\(check) : colonne « \(key) » absente ou inconnue") }
                return value
            }
            func columns(_ key: String) throws -> [String] {
                let values = params?[key]?.array?.compactMap(\.string) ?? []
                guard !values.isEmpty, values.allSatisfy(names.contains) else { throw fail("\(check) : liste « \(key) » absente ou inconnue") }
                return values
            }
            switch check {
            case "french-siret-value": checks.append(.frenchSIRET(try column("column")))
            case "one-of-required":
                checks.append(.oneOfRequired(try params?["column1"] == nil ? column("column") : column("column1"), try column("column2")))
            case "year-interval-value": checks.append(.yearInterval(try column("column"), allowYearOnly: params?["allow-year-only"]?.string == "yes"))
            case "cohesive-columns-value": checks.append(.cohesive([try column("column")] + (try columns("othercolumns"))))
            case "compare-columns-value":
                guard let op = params?["op"]?.string.flatMap(Comparison.init(rawValue:)) else { throw fail("\(check) : opérateur inconnu") }
                checks.append(.compare(try column("column"), op, try column("column2")))
            case "sum-columns-value": checks.append(.sum(try column("column"), try columns("columns")))
            default: notChecked.append(check)
            }
        }
        self.init(name: name, title: title, version: version, source: source, fields: fields, checks: checks, notChecked: notChecked,
                  deviations: root["x-ecarts"]?.array?.compactMap(\.string) ?? [])
    }
}

/// The standards of the Socle commun des données locales the validator knows: the JSON files of `Schemas/`,
/// one per standard and version (see each file's `homepage` and `x-source`).
public enum LocalDataSchemas {
    public static let all: [TableSchema] = {
        let directory = Bundle.module.resourceURL!.appendingPathComponent("Schemas")
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).filter { $0.hasSuffix(".json") }.sorted()
        // The files ship with the product and a test reads each one: a broken file is a build defect.
        return files.map { file in
            let bytes = [UInt8](FileManager.default.contents(atPath: directory.appendingPathComponent(file).path) ?? Data())
            do { return try TableSchema(json: bytes, file: file) } catch { fatalError("\(error)") }
        }.sorted { $0.title.localizedStandardCompare($1.title) == .orderedAscending }
    }()

    public static func named(_ name: String) -> TableSchema? { all.first { $0.name == name } }
}
