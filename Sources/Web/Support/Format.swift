import Foundation
import Parcours

/// French presentation of numbers and dates: narrow no-break space between thousands, decimal comma.
enum Format {
    static let thousandsSeparator = "\u{202F}"

    static func integer(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out += thousandsSeparator }
            out.append(ch)
        }
        return value < 0 ? "−" + out : out
    }

    /// A decimal number the French way: "1 234,5".
    static func decimal(_ value: Double, decimals: Int) -> String {
        let factor = Foundation.pow(10, Double(decimals))
        let scaled = (abs(value) * factor).rounded()
        let whole = Int(scaled / factor)
        var text = integer(whole)
        if decimals > 0 {
            let fraction = Int(scaled - Double(whole) * factor)
            let digits = String(fraction)
            text += "," + String(repeating: "0", count: decimals - digits.count) + digits
        }
        return value < 0 && scaled != 0 ? "−" + text : text
    }

    static func inhabitants(_ value: Int) -> String {
        "\(integer(value)) habitant\(value > 1 ? "s" : "")"
    }

    /// The one way pages write a day, 23/06/2020 (`FrenchDay.date`).
    static func date(_ text: String) -> String { FrenchDay.date(text) }

    /// A moment in Paris time, as the operator reads it: "27/11/2026 à 15:04".
    static func dateTime(_ date: Date) -> String {
        let c = Calendar(identifier: .gregorian).dateComponents(in: paris, from: date)
        return FrenchDay.format(date.timeIntervalSince1970) + " à " + String(format: "%02d:%02d", c.hour ?? 0, c.minute ?? 0)
    }

    /// A day in Paris time (tokens created or used): 27/11/2026.
    static func day(_ date: Date) -> String { FrenchDay.format(date.timeIntervalSince1970) }

    static let paris = TimeZone(identifier: "Europe/Paris")!

    /// Département label with its code, as people say it: "Finistère (29)".
    static func departement(_ name: String, _ code: String) -> String { "\(name) (\(code))" }
}
