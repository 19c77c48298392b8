/// Turns the bytes of a French file into text: UTF-8 (with or without BOM) or, failing that, Windows-1252,
/// which is what Excel and most French business software export. Latin-1 is a subset of Windows-1252 for
/// every printable character, so it is covered too.
public enum TextDecoding {
    public enum Encoding: String, Sendable { case utf8 = "UTF-8", windows1252 = "Windows-1252" }

    /// The text as UTF-8 bytes, without its BOM: the bytes themselves when they are valid UTF-8, else read
    /// as Windows-1252.
    public static func utf8(_ bytes: [UInt8]) -> (bytes: [UInt8], encoding: Encoding) {
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        if String(validating: body, as: UTF8.self) != nil { return (Array(body), .utf8) }
        var out: [UInt8] = []
        out.reserveCapacity(body.count + body.count / 8)
        for byte in body {
            let scalar = byte >= 0x80 && byte < 0xA0 ? Unicode.Scalar(windows1252High[Int(byte - 0x80)])! : Unicode.Scalar(byte)
            out += UTF8.encode(scalar)!
        }
        return (out, .windows1252)
    }

    /// Code points of bytes 0x80…0x9F in Windows-1252 (undefined ones map to the C1 control of the same value).
    private static let windows1252High: [UInt32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
        0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ]
}
