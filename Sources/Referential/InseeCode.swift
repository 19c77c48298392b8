/// Shapes of the official codes, to tell a code from a name and to reject malformed input early.
public enum InseeCode {
    /// A commune (or arrondissement) code: 5 characters, digits, with 2A/2B for Corsica.
    public static func isCommuneCode(_ text: String) -> Bool {
        let chars = Array(text.utf8)
        guard chars.count == 5 else { return false }
        let isDigit = { (c: UInt8) in c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }
        if chars[0] == UInt8(ascii: "2") && (chars[1] == UInt8(ascii: "A") || chars[1] == UInt8(ascii: "B")) {
            return chars[2...].allSatisfy(isDigit)
        }
        return chars.allSatisfy(isDigit)
    }

    /// A département code: 2 digits, 2A/2B, or 3 digits for overseas (971…976).
    public static func isDepartementCode(_ text: String) -> Bool {
        if text == "2A" || text == "2B" { return true }
        return (text.count == 2 || (text.count == 3 && text.hasPrefix("97"))) && text.allSatisfy(\.isASCII) && text.allSatisfy(\.isNumber)
    }

    public static func isRegionCode(_ text: String) -> Bool {
        text.count == 2 && text.allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// A SIREN: 9 digits.
    public static func isSiren(_ text: String) -> Bool {
        text.count == 9 && text.allSatisfy { $0.isASCII && $0.isNumber }
    }
}
