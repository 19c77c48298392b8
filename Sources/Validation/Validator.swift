import Foundation
import Tabular

/// One problem found in a file, located and explained in French, with a hint to fix it. Kinds follow
/// Validata's error taxonomy, and so do severities: what Validata only warns about (an optional column missing,
/// an extra column, columns in another order) is a warning here too, and the verdict counts errors only.
public struct ValidationIssue: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case missingHeader = "missing-header", extraHeader = "extra-header", incorrectHeaderOrder = "incorrect-header-order"
        case typeError = "type-error", requiredConstraint = "required-constraint", patternConstraint = "pattern-constraint"
        case enumConstraint = "enum-constraint", maxLengthConstraint = "max-length-constraint", rangeConstraint = "range-constraint"
        case minLengthConstraint = "min-length-constraint", formatError = "format-error"
        case uniqueConstraint = "unique-constraint", frenchSIRET = "french-siret-value", oneOfRequired = "one-of-required"
        case yearInterval = "year-interval-value", cohesiveColumns = "cohesive-columns-value", compareColumns = "compare-columns-value"
        case sumColumns = "sum-columns-value"
        case blankRow = "blank-row", extraCell = "extra-cell"
        case fileError = "file-error"
    }

    public enum Severity: String, Sendable { case error, warning }

    public let kind: Kind
    public var severity: Severity = .error
    public let line: Int?
    public let column: Int?
    public let field: String?
    public let message: String
    public let hint: String
    /// The title Validata's report gives the same problem ("Valeur manquante", "Format incorrect"…), so a person
    /// holding both reports can match them; our message stays the plainer one.
    public var validata: String

    public init(kind: Kind, severity: Severity = .error, line: Int?, column: Int?, field: String?, message: String, hint: String, validata: String? = nil) {
        self.kind = kind
        self.severity = severity
        self.line = line
        self.column = column
        self.field = field
        self.message = message
        self.hint = hint
        self.validata = validata ?? Self.validataTitle(kind)
    }

    /// Validata's titles (validata-table 0.12, `fr_locale.py` and its custom checks) for the kinds that have one
    /// title whatever the value; type errors and ranges are titled where they are found.
    static func validataTitle(_ kind: Kind) -> String {
        switch kind {
        case .missingHeader: "Colonne manquante"
        case .extraHeader: "Colonne surnuméraire"
        case .incorrectHeaderOrder: "Colonnes désordonnées"
        case .typeError: "Format incorrect"
        case .requiredConstraint: "Valeur manquante"
        case .patternConstraint: "Format incorrect"
        case .enumConstraint: "Valeur incorrecte"
        case .maxLengthConstraint: "Valeur trop longue"
        case .minLengthConstraint: "Valeur trop courte"
        case .rangeConstraint: "Valeur trop grande"
        case .formatError: "Format de texte incorrect"
        case .uniqueConstraint: "Valeur dupliquée"
        case .frenchSIRET: "Format Invalide"
        case .oneOfRequired: "Un Élement Requis"
        case .yearInterval: "Intervalle d'Années Incorrect"
        case .cohesiveColumns: "Colonnes Non Solidaires"
        case .compareColumns: "Erreur de Comparaison"
        case .sumColumns: "Somme de Colonnes Incorrecte"
        case .blankRow: "Ligne vide"
        case .extraCell: "Valeur surnuméraire"
        case .fileError: "Erreur de lecture du fichier"
        }
    }
}

public struct ValidationReport: Sendable {
    public let schema: TableSchema
    public let encoding: String
    public let separator: String
    public let rows: Int
    public let issues: [ValidationIssue]
    /// The file's column names, as read.
    public var header: [String] = []
    /// Warnings (what Validata warns about) do not make a file invalid.
    public var isValid: Bool { errors == 0 }
    public var errors: Int { issues.count { $0.severity == .error } }
    public var warnings: Int { issues.count - errors }
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
            // The import's reader: a workbook or a CSV in any dialect, the header found under a title block by the
            // names of the standards' fields.
            table = try TableFile.read(bytes, file: file, header: headerRule(chosen.map { [$0] + schemas } ?? schemas))
        } catch let error as FileError {
            return chosen.map { ValidationReport(schema: $0, encoding: "?", separator: "?", rows: 0, issues: [
                ValidationIssue(kind: .fileError, line: error.line, column: error.column, field: nil, message: error.message,
                                hint: "Enregistrez le fichier au format CSV (séparateur « ; » ou « , »), encodé en UTF-8, ou en classeur Excel (.xlsx)."),
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

    /// The header is the opening row naming the most fields of the standards (a title and a blank line above it
    /// name none); when no row names any, the first row, whose names the report then says are missing.
    static func headerRule(_ schemas: [TableSchema]) -> CSV.HeaderRule {
        let names = Set(schemas.flatMap { $0.fields.map(\.name) })
        return .best { row in row.count { names.contains($0) } }
    }

    static func check(_ table: CSVTable, against schema: TableSchema) -> ValidationReport {
        var issues: [ValidationIssue] = []
        let headerLine = table.headerRow
        // Headers, with Validata's severities: a missing column is an error only when the field is required; an
        // extra column is a warning; the order is said only when no column is missing or extra.
        let expected = schema.fields.map(\.name)
        // Cells right of the header that the reader kept as columns without a name: extra cells, said per row.
        let named = table.header.lastIndex { !$0.isEmpty }.map { $0 + 1 } ?? 0
        let header = Array(table.header.prefix(named))
        for field in schema.fields where !header.contains(field.name) {
            issues.append(ValidationIssue(kind: .missingHeader, severity: field.required ? .error : .warning, line: headerLine, column: nil, field: field.name,
                                          message: field.required ? "colonne obligatoire « \(field.name) » absente" : "colonne facultative « \(field.name) » absente",
                                          hint: "Ajoutez la colonne « \(field.name) » (\(field.title)) à l'en-tête."))
        }
        for (index, name) in header.enumerated() where !expected.contains(name) {
            issues.append(ValidationIssue(kind: .extraHeader, severity: .warning, line: headerLine, column: index + 1, field: name,
                                          message: "colonne « \(name) » inconnue du schéma",
                                          hint: "Supprimez-la ou vérifiez son orthographe (majuscules comprises)."))
        }
        let present = header.filter(expected.contains)
        if issues.isEmpty && present != expected.filter(header.contains) {
            issues.append(ValidationIssue(kind: .incorrectHeaderOrder, severity: .warning, line: headerLine, column: nil, field: nil,
                                          message: "les colonnes ne sont pas dans l'ordre du schéma",
                                          hint: "Ordre attendu : \(expected.joined(separator: ", "))."))
        }
        var seen: [String: [String: Int]] = [:]
        // Looked up once per file, not once per cell: column positions and compiled patterns (the schema's
        // patterns were checked when it was read).
        let columnIndex = Dictionary(header.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        let patterns = Dictionary(uniqueKeysWithValues: schema.fields.compactMap { f in f.pattern.flatMap { try? Regex($0) }.map { (f.name, $0) } })
        for check in schema.checks {
            // Validata says once, on the header, that neither column of a one-of-required pair is there.
            if case .oneOfRequired(let a, let b) = check, columnIndex[a] == nil, columnIndex[b] == nil {
                issues.append(ValidationIssue(kind: .oneOfRequired, line: headerLine, column: nil, field: "\(a) / \(b)",
                                              message: "ni la colonne « \(a) » ni la colonne « \(b) » n'est dans l'en-tête : l'une des deux doit être renseignée sur chaque ligne",
                                              hint: "Ajoutez au moins l'une des deux colonnes et remplissez-la."))
            }
        }
        var previousRow = headerLine
        for record in table.records {
            // Blank lines between rows are no records: seen as a gap in the rows, as Validata reports them.
            for blank in stride(from: previousRow + 1, to: record.row, by: 1) {
                issues.append(ValidationIssue(kind: .blankRow, line: blank, column: nil, field: nil, message: "ligne vide", hint: "Supprimez la ligne vide."))
            }
            previousRow = record.row
            if (0..<record.count).allSatisfy({ record[$0].isEmpty }) {
                issues.append(ValidationIssue(kind: .blankRow, line: record.line, column: nil, field: nil, message: "ligne vide", hint: "Supprimez la ligne vide."))
                continue
            }
            // Short rows are allowed (their missing cells are empty).
            for index in named..<max(named, record.count) where !record[index].isEmpty {
                issues.append(ValidationIssue(kind: .extraCell, line: record.line, column: index + 1, field: nil,
                                              message: "valeur « \(record[index]) » hors des colonnes de l'en-tête",
                                              hint: "Supprimez la valeur ou donnez un nom à sa colonne dans l'en-tête."))
            }
            for field in schema.fields {
                guard let index = columnIndex[field.name] else { continue }
                // Checked as written, as Validata does: stray spaces make a date, a code or a listed value wrong.
                let value = record[index]
                func issue(_ kind: ValidationIssue.Kind, _ message: String, _ hint: String, validata: String? = nil) {
                    let spaces = value.first?.isWhitespace == true || value.last?.isWhitespace == true ? " Retirez les espaces au début ou à la fin de la valeur." : ""
                    issues.append(ValidationIssue(kind: kind, line: record.line, column: index + 1, field: field.name, message: message, hint: hint + spaces, validata: validata))
                }
                if value.isEmpty {
                    if field.required { issue(.requiredConstraint, "valeur obligatoire manquante pour « \(field.name) »", "Renseignez \(field.title.lowercased()).") }
                    continue
                }
                if let problem = typeProblem(value, field.type) {
                    issue(.typeError, "« \(value) » n'est pas \(problem.text) (colonne « \(field.name) »)", typeHint(field.type), validata: problem.validata)
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
                if field.minimum != nil || field.maximum != nil, case let trimmed = value.trimmingCharacters(in: .whitespaces), let number = Double(trimmed) {
                    let range = "Valeur attendue entre \(field.minimum.map(bound) ?? "−∞") et \(field.maximum.map(bound) ?? "∞")."
                    if let min = field.minimum, number < min {
                        issue(.rangeConstraint, "\(trimmed) est inférieur au minimum \(bound(min)) pour « \(field.name) »", range, validata: "Valeur trop petite")
                    }
                    if let max = field.maximum, number > max { issue(.rangeConstraint, "\(trimmed) est supérieur au maximum \(bound(max)) pour « \(field.name) »", range) }
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
                    // Every value, not only the 14-digit ones: "32402138500000.0" (a spreadsheet's number) is no SIRET.
                    guard let (value, index) = cell(column), !value.isEmpty, !SIRET.isValid(value) else { continue }
                    let digits = SIRET.compact(value)
                    let fourteen = digits.count == 14 && digits.allSatisfy { $0.isASCII && $0.isNumber }
                    issues.append(ValidationIssue(kind: .frenchSIRET, line: record.line, column: index + 1, field: column,
                                                  message: fourteen ? "le SIRET « \(value) » n'est pas valide (clé de contrôle)"
                                                      : "« \(value) » n'est pas un SIRET : 14 chiffres attendus",
                                                  hint: fourteen ? "Vérifiez le numéro sur l'annuaire des entreprises (annuaire-entreprises.data.gouv.fr)."
                                                      : "Écrivez les 14 chiffres du SIRET, sans décimale (« .0 ») : mettez la colonne au format texte dans le tableur."))
                case .oneOfRequired(let a, let b):
                    // A column absent from the file counts as empty on every row (both absent is said once, above).
                    guard columnIndex[a] != nil || columnIndex[b] != nil else { continue }
                    if cell(a)?.value.isEmpty ?? true, cell(b)?.value.isEmpty ?? true {
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

    /// What is wrong with a value of this type, and Validata's title for it; nil when it is right. Numbers may
    /// have spaces around them, as Validata reads them; dates, years and booleans are read as written.
    static func typeProblem(_ value: String, _ type: TableSchema.FieldType) -> (text: String, validata: String)? {
        func trimmed() -> String { value.trimmingCharacters(in: .whitespaces) }
        switch type {
        case .string: return nil
        case .number: return Double(value) ?? Double(trimmed()) == nil ? ("un nombre (avec un point décimal)", "Format de nombre incorrect") : nil
        case .integer: return Int(value) ?? Int(trimmed()) == nil ? ("un nombre entier", "Format entier incorrect") : nil
        case .date: return ISODate.isValid(value) ? nil : ("une date valide au format AAAA-MM-JJ", "Format de date incorrect")
        case .year:
            return value.count == 4 && value.allSatisfy(\.isASCII) && Int(value) != nil ? nil : ("une année sur 4 chiffres", "Format d'année incorrect")
        case .boolean(let t, let f):
            return (t + f).contains(value) ? nil : ("l'une des valeurs \((t + f).joined(separator: " ou "))", "Valeur booléenne incorrecte")
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

/// A SIRET as python-stdnum's `fr.siret` (what Validata applies) checks it, once spaces and dots are removed:
/// 14 digits, the Luhn check digit over them (La Poste's establishments, SIREN 356000000, use the sum of the
/// digits modulo 5 instead, except its head office 35600000000048, which follows Luhn), and the SIREN's own Luhn
/// check digit.
public enum SIRET {
    public static func compact(_ text: String) -> String {
        String(text.filter { $0 != " " && $0 != "." })
    }

    public static func isValid(_ siret: String) -> Bool {
        let number = compact(siret)
        guard number.count == 14, number.allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
        let digits = number.compactMap(\.wholeNumberValue)
        if number.hasPrefix("356000000") && number != "35600000000048" {
            guard digits.reduce(0, +) % 5 == 0 else { return false }
        } else if !luhn(digits) {
            return false
        }
        return luhn(Array(digits.prefix(9)))
    }

    static func luhn(_ digits: [Int]) -> Bool {
        var sum = 0
        for (i, d) in digits.reversed().enumerated() {
            let v = i % 2 == 1 ? d * 2 : d
            sum += v > 9 ? v - 9 : v
        }
        return sum % 10 == 0
    }
}
