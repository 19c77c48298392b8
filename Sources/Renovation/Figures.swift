import Foundation

/// Numbers in the French sentences this module writes (notes, reasons, "why"): Foundation's fr_FR format, a
/// narrow no-break space between thousands and a decimal comma ("1 224 244,8"), halves rounded away from zero,
/// as the web pages' `Format` writes them (a web test holds the two together).
public enum Figures {
    static let french = Locale(identifier: "fr_FR")

    public static func integer(_ x: Double) -> String { Int(x.rounded()).formatted(.number.locale(french)) }

    public static func decimal(_ x: Double, _ digits: Int) -> String {
        x.formatted(.number.precision(.fractionLength(digits)).rounded(rule: .toNearestOrAwayFromZero).locale(french))
    }

    /// A figure as published: whole numbers without decimals, others with the one or two they have ("12,5").
    public static func published(_ x: Double) -> String {
        x == x.rounded() ? integer(x) : decimal(x, (x * 10).rounded() == x * 10 ? 1 : 2)
    }

    /// "1 point", "12 points".
    public static func points(_ x: Double) -> String {
        let n = Int(x.rounded())
        return "\(integer(x)) point\(abs(n) > 1 ? "s" : "")"
    }
}
