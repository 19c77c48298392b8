import Foundation
import Tabular

extension BuildingImport {
    /// "01053" from "1053" (Excel drops the leading 0), "2A004" from "2a004".
    static func inseeCode(_ v: String) -> String {
        if v.utf8.count == 4 && v.utf8.allSatisfy({ (0x30...0x39).contains($0) }) { return "0" + v }
        return v.utf8.contains(where: { (0x61...0x7A).contains($0) }) ? v.uppercased() : v
    }

    /// Shaped like an INSEE code: five characters, digits (2A/2B for Corsica).
    static func looksLikeCode(_ code: String) -> Bool {
        let u = Array(code.utf8)
        guard u.count == 5 else { return false }
        let digits = u.allSatisfy { (0x30...0x39).contains($0) }
        return digits || (u[0] == UInt8(ascii: "2") && (u[1] == UInt8(ascii: "A") || u[1] == UInt8(ascii: "B")) && u[2...].allSatisfy { (0x30...0x39).contains($0) })
    }

    /// The key of a building given without identifier: its commune's code and its name, folded
    /// ("29019-ecole-jean-moulin"); stable from one export of the same list to the next.
    static func madeKey(commune: String, name: String) -> String {
        "\(commune)-" + Folding.fold(name).replacingOccurrences(of: " ", with: "-").prefix(80)
    }

    /// A total line: its first text says so ("Total", "TOTAL GÉNÉRAL", "Sous-total écoles").
    static func isTotal(_ text: String) -> Bool {
        guard let first = text.utf8.first, [UInt8(ascii: "t"), UInt8(ascii: "T"), UInt8(ascii: "s"), UInt8(ascii: "S")].contains(first) else { return false }
        let f = Folding.fold(text)
        return f == "total" || f.hasPrefix("total ") || f.hasPrefix("sous total") || f == "totaux"
    }

    /// The usage a building's name says ("Groupe scolaire Jules Ferry" → école, from "groupe scolaire"), with the
    /// word that decided; the person's choice for that word wins. No word: "autre".
    static func inferUsage(name: String, choices: Choices) -> (word: String?, usage: Usage) {
        guard let (word, usage) = Usage.match(name) else { return (nil, .autre) }
        return (word, choices.usageWords[word] ?? usage)
    }

    /// A year as files write it: "1975", "1975,0", a date ("12/05/1975", "1975-05-12", "05/1975", "19102022"),
    /// or, in a workbook, the serial number of a date cell of Excel (27 760 is 1 January 1976).
    static func year(_ text: String, workbook: Bool = true) -> Int? {
        if let v = FrenchNumber.parse(text) { return year(v, workbook: workbook) }
        let parts = text.split(whereSeparator: { $0 == "/" || $0 == "-" || $0 == "." || $0 == " " || $0 == "T" })
        guard parts.count >= 2, parts.count <= 4, parts.allSatisfy({ $0.allSatisfy(\.isNumber) }) else { return nil }
        // The four-digit part is the year: first (ISO) or last (French).
        if parts[0].count == 4 { return Int(parts[0]) }
        if let last = parts.last, last.count == 4, parts.count <= 3 { return Int(last) }
        return nil
    }

    /// A year from a number: 1975, a date written without separators (19102022, day month year, or 20221019), or,
    /// in a workbook, the serial number of a date cell (days since 30 December 1899). None from a value no year
    /// can be (a file may hold 1e300: `Int` would trap).
    static func year(_ v: Double, workbook: Bool = true) -> Int? {
        guard v == v.rounded(), (0...99_999_999).contains(v) else { return nil }
        let n = Int(v)
        if (1000...2999).contains(n) { return n }
        // A CSV holds what was typed: 3975 is a slip, not a date.
        if workbook && (3000...80_000).contains(n) {
            let date = Date(timeIntervalSince1970: (v - 25_569) * 86_400)
            return Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: date).year
        }
        if n >= 1_01_1900 {
            if (1900...2099).contains(n % 10_000) && (1...31).contains(n / 1_000_000) && (1...12).contains(n / 10_000 % 100) { return n % 10_000 }
            if (1900...2099).contains(n / 10_000) && (1...12).contains(n / 100 % 100) && (1...31).contains(n % 100) { return n / 10_000 }
        }
        return nil
    }

    /// A name or address written on several lines of its cell, on one.
    static func oneLine(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 10 || $0 == 13 }) else { return text }
        return text.split(whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
    }

    /// A text cell written by our own exports with a leading apostrophe (so that a spreadsheet does not run it
    /// as a formula): the apostrophe is removed on import.
    static func unquoted(_ text: String) -> String {
        guard text.utf8.first == UInt8(ascii: "'"), text.utf8.count > 1 else { return text }
        let second = text.utf8.dropFirst().first!
        return [UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 9, 13].contains(second) ? String(text.dropFirst()) : text
    }
}

/// The error values a spreadsheet writes in a cell whose formula failed, in English and French Excel and in
/// LibreOffice.
enum SpreadsheetError {
    static let names: [String: String] = [
        "#DIV/0!": "division par zéro", "#N/A": "valeur non disponible", "#N/D": "valeur non disponible",
        "#VALUE!": "valeur de type incorrect", "#VALEUR!": "valeur de type incorrect", "#REF!": "référence à une cellule supprimée",
        "#NAME?": "nom de fonction inconnu", "#NOM?": "nom de fonction inconnu", "#NUM!": "nombre impossible", "#NOMBRE!": "nombre impossible",
        "#NULL!": "intersection vide", "#NUL!": "intersection vide", "#SPILL!": "résultat débordant", "#CALC!": "calcul impossible",
        "#PROPAGATION!": "résultat débordant", "#CALCUL!": "calcul impossible", "ERR:502": "argument invalide (LibreOffice)",
        "ERR:504": "erreur de paramètre (LibreOffice)", "ERR:522": "référence circulaire (LibreOffice)",
    ]

    /// What the error means, when `text` is one.
    static func name(_ text: String) -> String? { names[text.uppercased()] }
}
