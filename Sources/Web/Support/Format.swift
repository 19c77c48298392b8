import Foundation

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

    /// "2020-06-23" → "23/06/2020"; other text is returned as is.
    static func date(_ iso: String) -> String {
        let parts = iso.split(separator: "-")
        guard parts.count == 3, parts[0].count == 4 else { return iso }
        return "\(parts[2])/\(parts[1])/\(parts[0])"
    }

    /// Département label with its code, as people say it: "Finistère (29)".
    static func departement(_ name: String, _ code: String) -> String { "\(name) (\(code))" }
}
