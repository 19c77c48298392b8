import Foundation

/// CSV as French Excel opens it without an import wizard: UTF-8 with BOM (so accents survive), `;` between
/// fields (the comma is the decimal mark), CRLF line ends, quotes only where needed.
public enum FrenchCSV {
    public static func document(header: [String], rows: [[String]]) -> String {
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
