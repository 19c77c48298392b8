import Foundation
import Tabular

/// One problem found in a file, located and explained in French, with a hint to fix it. Kinds follow
/// Validata's error taxonomy.
public struct ValidationIssue: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case missingHeader = "missing-header", extraHeader = "extra-header", incorrectHeaderOrder = "incorrect-header-order"
        case typeError = "type-error", requiredConstraint = "required-constraint", patternConstraint = "pattern-constraint"
        case enumConstraint = "enum-constraint", maxLengthConstraint = "max-length-constraint", rangeConstraint = "range-constraint"
        case minLengthConstraint = "min-length-constraint", formatError = "format-error"
        case uniqueConstraint = "unique-constraint", frenchSIRET = "french-siret-value", oneOfRequired = "one-of-required"
        case yearInterval = "year-interval-value", cohesiveColumns = "cohesive-columns-value", compareColumns = "compare-columns-value"
        case sumColumns = "sum-columns-value"
        case fileError = "file-error"
    }

    public let kind: Kind
    public let line: Int?
    public let column: Int?
    public let field: String?
    public let message: String
    public let hint: String
}

public struct ValidationReport: Sendable {
    public let schema: TableSchema
    public let encoding: String
    public let separator: String
    public let rows: Int
    public let issues: [ValidationIssue]
    /// The file's column names, as read.
    public var header: [String] = []
    public var isValid: Bool { issues.isEmpty }
    /// The standard was recognised from the header, none having been chosen.
    public var detected = false
    /// Another standard whose fields the header holds a larger share of than the one checked against.
    public var resembles: Resemblance?
}

/// How much of a standard's header a file's header holds: the fields found by name, out of all its fields.
public struct Resemblance: Sendable {
    public let schema: TableSchema
    public let matched: Int
    public var share: Double { Double(matched) / Double(schema.fields.count) }

    public init(schema: TableSchema, header: [String]) {
        self.schema = schema
        let names = Set(header)
        matched = schema.fields.filter { names.contains($0.name) }.count
    }

    /// The standard whose fields the header holds the largest share of (more fields found on a tie); nil when
    /// the header holds none of any.
    public static func closest(_ header: [String], among schemas: [TableSchema]) -> Resemblance? {
        schemas.map { Resemblance(schema: $0, header: header) }.filter { $0.matched > 0 }
            .max { ($0.share, $0.matched) < ($1.share, $1.matched) }
    }
}

public enum Validator {
    public static func validate(_ bytes: [UInt8], against schema: TableSchema, file: String = "fichier.csv") -> ValidationReport {
        validate(bytes, against: Optional(schema), among: LocalDataSchemas.all, file: file)!
    }

    /// Checks the file against `chosen`, or, when none is chosen, against the standard of `schemas` its header
    /// resembles most (nil when it resembles none, or cannot be read as a CSV). The report names a standard of
    /// `schemas` the header resembles more than the chosen one: a subventions file sent as a budget is first of
    /// all a subventions file.
    public static func validate(_ bytes: [UInt8], against chosen: TableSchema?, among schemas: [TableSchema], file: String) -> ValidationReport? {
        let table: CSVTable
        do {
            table = try CSV.parse(bytes, file: file)
        } catch let error as FileError {
            return chosen.map { ValidationReport(schema: $0, encoding: "?", separator: "?", rows: 0, issues: [
                ValidationIssue(kind: .fileError, line: error.line, column: error.column, field: nil, message: error.message,
                                hint: "Enregistrez le fichier au format CSV (séparateur « ; » ou « , »), encodé en UTF-8."),
            ]) }
        } catch {
            return chosen.map { ValidationReport(schema: $0, encoding: "?", separator: "?", rows: 0, issues: [
                ValidationIssue(kind: .fileError, line: nil, column: nil, field: nil, message: "fichier illisible", hint: "Vérifiez qu'il s'agit d'un fichier CSV."),
            ]) }
        }
        let closest = Resemblance.closest(table.header, among: schemas)
        guard let schema = chosen ?? closest?.schema else { return nil }
        var report = check(table, against: schema)
        report.header = table.header
        report.detected = chosen == nil
        if let closest, closest.schema.name != schema.name, closest.share > Resemblance(schema: schema, header: table.header).share {
            report.resembles = closest
        }
        return report
    }

    static func check(_ table: CSVTable, against schema: TableSchema) -> ValidationReport {
        var issues: [ValidationIssue] = []
        // Headers: missing, extra, order.
        let expected = schema.fields.map(\.name)
        for name in expected where !table.header.contains(name) {
            issues.append(ValidationIssue(kind: .missingHeader, line: 1, column: nil, field: name,
                                          message: "colonne « \(name) » absente",
                                          hint: "Ajoutez la colonne « \(name) » (\(schema.fields.first { $0.name == name }!.title)) à l'en-tête."))
        }
        for (index, name) in table.header.enumerated() where !expected.contains(name) {
            issues.append(ValidationIssue(kind: .extraHeader, line: 1, column: index + 1, field: name, message: "colonne « \(name) » inconnue du schéma",
                                          hint: "Supprimez-la ou vérifiez son orthographe (majuscules comprises)."))
        }
        let present = table.header.filter(expected.contains)
        if present != expected.filter(table.header.contains) {
            issues.append(ValidationIssue(kind: .incorrectHeaderOrder, line: 1, column: nil, field: nil,
                                          message: "les colonnes ne sont pas dans l'ordre du schéma",
                                          hint: "Ordre attendu : \(expected.joined(separator: ", "))."))
        }
        var seen: [String: [String: Int]] = [:]
        // Looked up once per file, not once per cell: column positions and compiled patterns (the schema's
        // patterns were checked when it was read).
        let columnIndex = Dictionary(table.header.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        let patterns = Dictionary(uniqueKeysWithValues: schema.fields.compactMap { f in f.pattern.flatMap { try? Regex($0) }.map { (f.name, $0) } })
        for record in table.records {
            for field in schema.fields {
                guard let index = columnIndex[field.name] else { continue }
                let value = record[index].trimmingCharacters(in: .whitespaces)
                func issue(_ kind: ValidationIssue.Kind, _ message: String, _ hint: String) {
                    issues.append(ValidationIssue(kind: kind, line: record.line, column: index + 1, field: field.name, message: message, hint: hint))
                }
                if value.isEmpty {
                    if field.required { issue(.requiredConstraint, "valeur obligatoire manquante pour « \(field.name) »", "Renseignez \(field.title.lowercased()).") }
                    continue
                }
                if let problem = typeProblem(value, field.type) {
                    issue(.typeError, "« \(value) » n'est pas \(problem) (colonne « \(field.name) »)", typeHint(field.type))
                    continue
                }
                if let regex = patterns[field.name], (try? regex.wholeMatch(in: value)) == nil {
                    issue(.patternConstraint, "« \(value) » n'a pas le format attendu pour « \(field.name) »", "Format attendu : \(field.patternDescription ?? field.title).")
                }
                if let values = field.enumValues, !values.contains(value) {
                    issue(.enumConstraint, "« \(value) » n'est pas une valeur autorisée pour « \(field.name) »", "Valeurs autorisées : \(values.joined(separator: " | ")).")
                }
                if let max = field.maxLength, value.count > max {
                    issue(.maxLengthConstraint, "« \(field.name) » dépasse \(max) caractères (\(value.count))", "Raccourcissez le texte.")
                }
                if let min = field.minLength, value.count < min {
                    issue(.minLengthConstraint, "« \(field.name) » fait moins de \(min) caractères (\(value.count))", "Complétez la valeur : \(min) caractères au moins.")
                }
                if let format = field.format, !Self.matches(value, format) {
                    issue(.formatError, "« \(value) » n'est pas \(format == .email ? "une adresse électronique" : "une adresse web") valide (colonne « \(field.name) »)",
                          format == .email ? "Écrivez une adresse de la forme nom@domaine.fr." : "Écrivez l'adresse complète, commençant par https://.")
                }
                if let number = Double(value) {
                    let range = "Valeur attendue entre \(field.minimum.map(bound) ?? "−∞") et \(field.maximum.map(bound) ?? "∞")."
                    if let min = field.minimum, number < min { issue(.rangeConstraint, "\(value) est inférieur au minimum \(bound(min)) pour « \(field.name) »", range) }
                    if let max = field.maximum, number > max { issue(.rangeConstraint, "\(value) est supérieur au maximum \(bound(max)) pour « \(field.name) »", range) }
                }
                if field.unique {
                    if let first = seen[field.name]?[value] {
                        issue(.uniqueConstraint, "« \(value) » apparaît déjà ligne \(first) dans « \(field.name) »", "Chaque valeur de cette colonne doit être unique.")
                    }
                    seen[field.name, default: [:]][value] = record.line
                }
            }
            func cell(_ column: String) -> (value: String, index: Int)? {
                columnIndex[column].map { (record[$0].trimmingCharacters(in: .whitespaces), $0) }
            }
            func rowIssue(_ kind: ValidationIssue.Kind, _ column: String?, _ message: String, _ hint: String) {
                issues.append(ValidationIssue(kind: kind, line: record.line, column: column.flatMap { cell($0) }.map { $0.index + 1 }, field: column,
                                              message: message, hint: hint))
            }
            for check in schema.checks {
                switch check {
                case .yearInterval(let column, let allowYearOnly):
                    guard let (value, _) = cell(column), !value.isEmpty else { continue }
                    let years = value.split(separator: "/").compactMap { Int($0) }
                    if years.count == 1 && !allowYearOnly {
                        rowIssue(.yearInterval, column, "« \(value) » est une année seule alors qu'une période est attendue",
                                 "Écrivez la période AAAA/AAAA, par exemple 2023/2024.")
                    } else if years.count == 2 && years[0] >= years[1] {
                        rowIssue(.yearInterval, column, "la période « \(value) » ne va pas d'une année à une année postérieure",
                                 "Écrivez AAAA ou AAAA/AAAA avec la première année avant la seconde, par exemple 2023/2024.")
                    }
                case .cohesive(let columns):
                    let present = columns.filter { table.header.contains($0) }
                    let filled = present.filter { !(cell($0)?.value.isEmpty ?? true) }
                    if !filled.isEmpty && filled.count < present.count {
                        let empty = present.filter { !filled.contains($0) }
                        rowIssue(.cohesiveColumns, empty.first, "« \(empty.joined(separator: ", ")) » vide(s) alors que « \(filled.joined(separator: ", ")) » est renseigné",
                                 "Ces colonnes se remplissent ensemble ou restent toutes vides : \(present.joined(separator: ", ")).")
                    }
                case .compare(let a, let op, let b):
                    guard let (va, _) = cell(a), let (vb, _) = cell(b), !va.isEmpty, !vb.isEmpty else { continue }
                    // Dates in AAAA-MM-JJ compare as text; counts and amounts as numbers. Unreadable values are
                    // already reported as type errors.
                    let order: ComparisonResult? = if let x = Double(va), let y = Double(vb) { x < y ? .orderedAscending : x > y ? .orderedDescending : .orderedSame }
                        else if ISODate.isValid(va) && ISODate.isValid(vb) { va.compare(vb) } else { nil }
                    guard let order else { continue }
                    let holds = switch op {
                    case .greaterOrEqual: order != .orderedAscending
                    case .greater: order == .orderedDescending
                    case .lessOrEqual: order != .orderedDescending
                    case .less: order == .orderedAscending
                    case .equal: order == .orderedSame
                    }
                    if !holds {
                        let wanted = switch op {
                        case .greaterOrEqual: "supérieur ou égal à"
                        case .greater: "strictement supérieur à"
                        case .lessOrEqual: "inférieur ou égal à"
                        case .less: "strictement inférieur à"
                        case .equal: "égal à"
                        }
                        rowIssue(.compareColumns, a, "« \(a) » (\(va)) n'est pas \(wanted) « \(b) » (\(vb))", "« \(a) » doit être \(wanted) « \(b) ».")
                    }
                case .sum(let total, let parts):
                    guard let (vt, _) = cell(total), let t = Int(vt) else { continue }
                    let values = parts.compactMap { cell($0).flatMap { Int($0.value) } }
                    if values.count == parts.count && values.reduce(0, +) != t {
                        rowIssue(.sumColumns, total, "« \(total) » (\(t)) n'est pas la somme de \(parts.joined(separator: " + ")) (\(values.reduce(0, +)))",
                                 "Le total doit être égal à la somme des colonnes détaillées.")
                    }
                case .frenchSIRET(let column):
                    guard let (value, index) = cell(column) else { continue }
                    if !value.isEmpty && value.count == 14 && value.allSatisfy(\.isASCII) && value.allSatisfy(\.isNumber) && !SIRET.isValid(value) {
                        issues.append(ValidationIssue(kind: .frenchSIRET, line: record.line, column: index + 1, field: column,
                                                      message: "le SIRET « \(value) » n'est pas valide (clé de contrôle)",
                                                      hint: "Vérifiez le numéro sur l'annuaire des entreprises (annuaire-entreprises.data.gouv.fr)."))
                    }
                case .oneOfRequired(let a, let b):
                    guard let (va, _) = cell(a), let (vb, _) = cell(b) else { continue }
                    if va.isEmpty && vb.isEmpty {
                        issues.append(ValidationIssue(kind: .oneOfRequired, line: record.line, column: nil, field: "\(a) / \(b)",
                                                      message: "ni « \(a) » ni « \(b) » n'est renseigné", hint: "Renseignez au moins l'un des deux."))
                    }
                }
            }
        }
        return ValidationReport(schema: schema, encoding: table.encoding.rawValue, separator: String(table.separator),
                                rows: table.records.count, issues: issues)
    }

    /// A schema's bound as a person writes it: "5", not "5.0"; "0,5".
    static func bound(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(x).replacingOccurrences(of: ".", with: ",")
    }

    static func typeProblem(_ value: String, _ type: TableSchema.FieldType) -> String? {
        switch type {
        case .string: return nil
        case .number: return Double(value) == nil ? "un nombre (avec un point décimal)" : nil
        case .integer: return Int(value) == nil ? "un nombre entier" : nil
        case .date: return ISODate.isValid(value) ? nil : "une date valide au format AAAA-MM-JJ"
        case .year: return value.count == 4 && value.allSatisfy(\.isASCII) && Int(value) != nil ? nil : "une année sur 4 chiffres"
        case .boolean(let t, let f): return (t + f).contains(value) ? nil : "l'une des valeurs \((t + f).joined(separator: " ou "))"
        }
    }

    static func matches(_ value: String, _ format: TableSchema.Format) -> Bool {
        switch format {
        case .email:
            let parts = value.split(separator: "@", omittingEmptySubsequences: false)
            return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && !parts[1].hasPrefix(".") && !parts[1].hasSuffix(".")
                && !value.contains(where: \.isWhitespace)
        case .uri:
            guard let url = URL(string: value), let scheme = url.scheme?.lowercased() else { return false }
            return ["http", "https", "ftp"].contains(scheme) && !(url.host ?? "").isEmpty
        }
    }

    static func typeHint(_ type: TableSchema.FieldType) -> String {
        switch type {
        case .date: "Écrivez la date au format AAAA-MM-JJ, par exemple 2024-03-31."
        case .year: "Écrivez l'année sur 4 chiffres, par exemple 2024."
        case .number: "Écrivez le nombre avec un point comme séparateur décimal, sans espace : 47800.20."
        case .integer: "Écrivez un nombre entier sans espace."
        case .boolean(let t, let f): "Écrivez \((t + f).joined(separator: " ou "))."
        case .string: ""
        }
    }
}

enum ISODate {
    static func isValid(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]), (1...12).contains(m), d >= 1 else { return false }
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
        return d <= days
    }
}

/// The SIRET check digit: Luhn over the 14 digits; La Poste's establishments (SIREN 356000000) use the sum of
/// the digits modulo 5 instead.
public enum SIRET {
    public static func isValid(_ siret: String) -> Bool {
        let digits = siret.compactMap(\.wholeNumberValue)
        guard digits.count == 14 else { return false }
        if siret.hasPrefix("356000000") { return digits.reduce(0, +) % 5 == 0 }
        var sum = 0
        for (i, d) in digits.reversed().enumerated() {
            let v = i % 2 == 1 ? d * 2 : d
            sum += v > 9 ? v - 9 : v
        }
        return sum % 10 == 0
    }
}
