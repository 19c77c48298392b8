/// Turns the bytes of a French file into text: UTF-16 (Excel's "Texte Unicode" export, with its BOM or
/// recognised by its zero bytes), UTF-8 (with or without BOM) or, failing that, Windows-1252, which is what
/// Excel and most French business software export. Latin-1 is a subset of Windows-1252 for every printable
/// character, so it is covered too.
public enum TextDecoding {
    public enum Encoding: String, Sendable {
        case utf8 = "UTF-8", windows1252 = "Windows-1252", utf16LE = "UTF-16 LE", utf16BE = "UTF-16 BE"
    }

    /// The text as UTF-8 bytes, without its BOM: the bytes themselves when they are valid UTF-8, else read
    /// as Windows-1252.
    public static func utf8(_ bytes: [UInt8]) -> (bytes: [UInt8], encoding: Encoding) {
        if let utf16 = utf16(bytes) { return utf16 }
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

    /// UTF-16 text as UTF-8, when the bytes are UTF-16: a BOM (FF FE little-endian, FE FF big-endian), or,
    /// without one, text whose every other byte is zero (Latin text in UTF-16 has a zero high byte).
    /// Unpaired surrogates become U+FFFD.
    static func utf16(_ bytes: [UInt8]) -> (bytes: [UInt8], encoding: Encoding)? {
        var littleEndian: Bool
        var start = 0
        if bytes.starts(with: [0xFF, 0xFE]) { littleEndian = true; start = 2 }
        else if bytes.starts(with: [0xFE, 0xFF]) { littleEndian = false; start = 2 }
        else {
            // Without a BOM: at least 8 characters, and most of the sample's high bytes zero on one side only.
            let sample = bytes.prefix(4096)
            guard sample.count >= 16, sample.count % 2 == 0 else { return nil }
            var evenZeros = 0, oddZeros = 0
            for (i, b) in sample.enumerated() where b == 0 { if i % 2 == 0 { evenZeros += 1 } else { oddZeros += 1 } }
            let half = sample.count / 2
            if oddZeros * 10 >= half * 7 && evenZeros * 10 < half { littleEndian = true }
            else if evenZeros * 10 >= half * 7 && oddZeros * 10 < half { littleEndian = false }
            else { return nil }
        }
        let units = (bytes.count - start) / 2
        var out: [UInt8] = []
        out.reserveCapacity(units + units / 8)
        var iterator = (0..<units).lazy.map { k -> UInt16 in
            let a = UInt16(bytes[start + 2 * k]), b = UInt16(bytes[start + 2 * k + 1])
            return littleEndian ? a | b << 8 : a << 8 | b
        }.makeIterator()
        var decoder = UTF16()
        loop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): out += UTF8.encode(scalar)!
            case .error: out += [0xEF, 0xBF, 0xBD]
            case .emptyInput: break loop
            }
        }
        return (out, littleEndian ? .utf16LE : .utf16BE)
    }

    /// Code points of bytes 0x80…0x9F in Windows-1252 (undefined ones map to the C1 control of the same value).
    private static let windows1252High: [UInt32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
        0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ]
}
