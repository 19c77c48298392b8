import Foundation

/// CSV as French Excel opens it without an import wizard: UTF-8 with BOM (so accents survive), `;` between
/// fields (the comma is the decimal mark), CRLF line ends, quotes only where needed.
///
/// Cells are typed: a spreadsheet runs a text cell starting with `=`, `+`, `-` or `@` as a formula
/// (`=HYPERLINK(…)`, `+cmd|' /C calc'!A0`), so text from users (building names, identifiers) is neutralised
/// with a leading `'`, as OWASP recommends, while numbers written by `number` stay numbers (`-12,5`).
public enum FrenchCSV {
    /// One field of a row: text (neutralised when a spreadsheet would read it as a formula) or a number.
    public struct Cell: Sendable, Equatable {
        /// The value as the French CSV writes it ("191,1"), never neutralised.
        public let value: String
        let isNumber: Bool
        /// The number itself, rounded as written, for formats that carry numbers as numbers (GeoJSON).
        public let number: Double?

        public static func text(_ value: String) -> Cell { Cell(value: value, isNumber: false, number: nil) }

        /// A number with a decimal comma (see `FrenchCSV.number`).
        public static func number(_ value: Double, decimals: Int) -> Cell {
            let text = FrenchCSV.number(value, decimals: decimals)
            return Cell(value: text, isNumber: true, number: Double(text.replacingOccurrences(of: ",", with: ".")))
        }

        public static func integer(_ value: Int) -> Cell { Cell(value: String(value), isNumber: true, number: Double(value)) }

        /// An absent value.
        public static let empty = Cell(value: "", isNumber: true, number: nil)

        /// What the file holds: a text starting like a formula gets a leading `'`.
        var field: String {
            guard !isNumber, let first = value.unicodeScalars.first, Self.formulaStarts.contains(first) else { return value }
            return "'" + value
        }

        /// The characters that make a spreadsheet read a cell as a formula (OWASP, "CSV Injection").
        static let formulaStarts: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r"]
    }

    public static func document(header: [String], rows: [[Cell]]) -> String {
        verbatim(header: header.map { Cell.text($0).field }, rows: rows.map { $0.map(\.field) })
    }

    /// Fields written as they are, for files read back by programs (the held-out DPEs of `train --split`),
    /// never for an export a person opens in a spreadsheet.
    public static func verbatim(header: [String], rows: [[String]]) -> String {
        var out = "\u{FEFF}"
        for row in [header] + rows {
            out += row.map(quote).joined(separator: ";")
            out += "\r\n"
        }
        return out
    }

    static func quote(_ field: String) -> String {
        guard field.contains(where: { $0 == ";" || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A number with a decimal comma and no thousands separator, which Excel reads as a number. Halves round
    /// away from zero, as figures are rounded on the pages.
    public static func number(_ value: Double, decimals: Int) -> String {
        let digits = max(0, decimals)
        let factor = pow(10, Double(digits))
        let scaled = (abs(value) * factor).rounded()
        let whole = Int(scaled / factor)
        var text = String(whole)
        if digits > 0 {
            let fraction = String(Int(scaled - Double(whole) * factor))
            text += "," + String(repeating: "0", count: digits - fraction.count) + fraction
        }
        return value < 0 && scaled != 0 ? "-" + text : text
    }
}
