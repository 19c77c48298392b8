import Tabular

/// Hand-made workbooks for the tests (fixtures made here, not real files): the parts of an .xlsx as Excel
/// lays them out, zipped stored or deflated, with sizes the test may falsify.
enum Workbook {
    struct Part {
        let name: String
        let bytes: [UInt8]
        /// The uncompressed size the archive declares (the real one unless a test lies).
        var declaredSize: Int?
    }

    /// The four parts of a one-sheet workbook whose sheet XML is `sheet`.
    static func parts(sheet: String, sharedStrings: [String]? = nil) -> [Part] {
        var parts = [
            Part(name: "xl/workbook.xml", bytes: Array("""
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
                xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>\
                <sheet name="Bâtiments" sheetId="1" r:id="rId1"/></sheets></workbook>
                """.utf8)),
            Part(name: "xl/_rels/workbook.xml.rels", bytes: Array("""
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
                <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" \
                Target="worksheets/sheet1.xml"/></Relationships>
                """.utf8)),
            Part(name: "xl/worksheets/sheet1.xml", bytes: Array(sheet.utf8)),
        ]
        if let sharedStrings {
            let items = sharedStrings.map { "<si><t xml:space=\"preserve\">\(escape($0))</t></si>" }.joined()
            parts.append(Part(name: "xl/sharedStrings.xml", bytes: Array(
                "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"\(sharedStrings.count)\">\(items)</sst>".utf8)))
        }
        return parts
    }

    /// A sheet XML from rows of cells, each cell's XML given whole (`<c r="A1" t="s"><v>0</v></c>`).
    static func sheet(_ rows: [String]) -> String {
        "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>\(rows.joined())</sheetData></worksheet>"
    }

    /// A table written as Excel does: every text in the shared strings, numbers inline, references on every cell.
    static func table(_ rows: [[String]]) throws -> [UInt8] {
        var strings: [String] = [], index: [String: Int] = [:]
        var xml: [String] = []
        for (r, row) in rows.enumerated() {
            var cells = ""
            for (c, value) in row.enumerated() where !value.isEmpty {
                let reference = column(c) + String(r + 1)
                if Double(value) != nil, value.first != " ", value.last != " " {
                    cells += "<c r=\"\(reference)\"><v>\(value)</v></c>"
                } else {
                    let i = index[value] ?? strings.count
                    if i == strings.count { strings.append(value); index[value] = i }
                    cells += "<c r=\"\(reference)\" t=\"s\"><v>\(i)</v></c>"
                }
            }
            xml.append("<row r=\"\(r + 1)\">\(cells)</row>")
        }
        return try zip(parts(sheet: sheet(xml), sharedStrings: strings))
    }

    static func column(_ index: Int) -> String {
        var n = index + 1, letters = ""
        while n > 0 {
            let r = (n - 1) % 26
            letters = String(UnicodeScalar(UInt8(65 + r))) + letters
            n = (n - 1) / 26
        }
        return letters
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }

    /// A zip archive of the parts, deflated (zlib's raw stream, taken from a gzip member) or stored.
    static func zip(_ parts: [Part], deflate: Bool = true) throws -> [UInt8] {
        var out: [UInt8] = [], directory: [UInt8] = []
        for part in parts {
            let data = deflate ? Array(try Gzip.compress(part.bytes).dropFirst(10).dropLast(8)) : part.bytes
            let name = Array(part.name.utf8)
            let crc = crc32(part.bytes)
            let size = part.declaredSize ?? part.bytes.count
            let offset = out.count
            out += le32(0x0403_4B50) + le16(20) + le16(0) + le16(deflate ? 8 : 0) + le16(0) + le16(0)
            out += le32(crc) + le32(UInt32(data.count)) + le32(UInt32(truncatingIfNeeded: size)) + le16(UInt16(name.count)) + le16(0)
            out += name + data
            directory += le32(0x0201_4B50) + le16(20) + le16(20) + le16(0) + le16(deflate ? 8 : 0) + le16(0) + le16(0)
            directory += le32(crc) + le32(UInt32(data.count)) + le32(UInt32(truncatingIfNeeded: size)) + le16(UInt16(name.count))
            directory += le16(0) + le16(0) + le16(0) + le16(0) + le32(0) + le32(UInt32(offset)) + name
        }
        let directoryOffset = out.count
        out += directory
        out += le32(0x0605_4B50) + le16(0) + le16(0) + le16(UInt16(parts.count)) + le16(UInt16(parts.count))
        out += le32(UInt32(directory.count)) + le32(UInt32(directoryOffset)) + le16(0)
        return out
    }

    static func le16(_ v: UInt16) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8)] }
    static func le32(_ v: UInt32) -> [UInt8] { le16(UInt16(v & 0xFFFF)) + le16(UInt16(v >> 16)) }

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }
}
