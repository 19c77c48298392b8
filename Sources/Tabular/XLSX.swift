import CZlib
import Foundation

/// Reads the first worksheet of an Excel workbook (.xlsx: a zip of XML parts) into the same table as a CSV,
/// so an inventory exported to Excel imports exactly as its CSV would. Cells keep their text; numbers keep
/// Excel's stored form ("1234.5"); shared and inline strings are resolved; dates stay serial numbers.
public enum XLSX {
    public static func isWorkbook(_ bytes: [UInt8]) -> Bool { bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) }

    public static func read(_ bytes: [UInt8], file: String) throws -> CSVTable {
        func fail(_ message: String) -> FileError { FileError(file: file, message: message) }
        let entries = try Zip.entries(bytes, fail: fail)
        let shared = try entries["xl/sharedStrings.xml"].map { try Zip.extract($0, from: bytes, fail: fail) }.map(sharedStrings) ?? []
        guard let sheetName = firstSheetPath(entries: entries, bytes: bytes), let sheet = entries[sheetName] else {
            throw fail("classeur Excel sans feuille de calcul")
        }
        let xml = try Zip.extract(sheet, from: bytes, fail: fail)
        var rows: [[String]] = []
        var rowNumbers: [Int] = []
        for rowElement in elements("row", in: xml) {
            var cells: [String] = []
            for cell in elements("c", in: rowElement.body) {
                let reference = attribute("r", in: cell.tag) ?? ""
                let column = columnIndex(reference) ?? cells.count
                let type = attribute("t", in: cell.tag)
                var value: String
                if type == "inlineStr" {
                    value = elements("t", in: cell.body).map { unescape($0.body) }.joined()
                } else {
                    value = elements("v", in: cell.body).first.map { unescape($0.body) } ?? ""
                    if type == "s", let index = Int(value) {
                        guard index < shared.count else { throw fail("cellule \(reference) : chaîne partagée \(index) absente") }
                        value = shared[index]
                    }
                }
                while cells.count < column { cells.append("") }
                if column < cells.count { cells[column] = value } else { cells.append(value) }
            }
            rows.append(cells)
            rowNumbers.append(attribute("r", in: rowElement.tag).flatMap { Int($0) } ?? rows.count)
        }
        while let last = rows.last, last.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { rows.removeLast(); rowNumbers.removeLast() }
        guard let header = rows.first else { throw fail("feuille de calcul vide") }
        let records = zip(rows.dropFirst(), rowNumbers.dropFirst())
            .filter { !$0.0.allSatisfy { $0.trimmingCharacters(in: .whitespaces).isEmpty } }
            .map { (line: $1, fields: $0) }
        return CSVTable(file: file, header: header.map { $0.trimmingCharacters(in: .whitespaces) }, rows: records, separator: "\t", encoding: .utf8)
    }

    /// The worksheet of the workbook's first sheet (workbook.xml order, resolved through its relationships).
    static func firstSheetPath(entries: [String: Zip.Entry], bytes: [UInt8]) -> String? {
        let fail = { FileError(file: "", message: $0) }
        if let workbook = entries["xl/workbook.xml"], let rels = entries["xl/_rels/workbook.xml.rels"],
           let wb = try? Zip.extract(workbook, from: bytes, fail: fail), let rl = try? Zip.extract(rels, from: bytes, fail: fail),
           let sheet = elements("sheet", in: wb).first, let id = attribute("r:id", in: sheet.tag),
           let rel = elements("Relationship", in: rl).first(where: { attribute("Id", in: $0.tag) == id }),
           let target = attribute("Target", in: rel.tag) {
            return target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
        }
        return entries.keys.filter { $0.hasPrefix("xl/worksheets/sheet") }.sorted().first
    }

    static func sharedStrings(_ xml: String) -> [String] {
        elements("si", in: xml).map { si in elements("t", in: si.body).map { unescape($0.body) }.joined() }
    }

    /// "AB12" → 27 (zero-based column).
    static func columnIndex(_ reference: String) -> Int? {
        var index = 0, letters = 0
        for scalar in reference.unicodeScalars {
            guard scalar.value >= 65 && scalar.value <= 90 else { break }
            index = index * 26 + Int(scalar.value - 64)
            letters += 1
        }
        return letters == 0 ? nil : index - 1
    }

    struct Element { let tag: Substring; let body: String }

    /// The elements named `name` (not nested in one another), with their opening tag and inner text. Enough
    /// for the regular XML Excel and LibreOffice write.
    static func elements(_ name: String, in xml: String) -> [Element] {
        var result: [Element] = []
        var rest = xml[...]
        let open = "<" + name
        while let start = rest.range(of: open) {
            let after = rest[start.upperBound...]
            guard let next = after.first, next == " " || next == ">" || next == "/" || next == "\n" || next == "\r" || next == "\t" else {
                rest = after
                continue
            }
            guard let tagEnd = after.firstIndex(of: ">") else { break }
            let tag = rest[start.lowerBound...tagEnd]
            if rest[rest.index(before: tagEnd)] == "/" {
                result.append(Element(tag: tag, body: ""))
                rest = rest[rest.index(after: tagEnd)...]
                continue
            }
            let bodyStart = rest.index(after: tagEnd)
            guard let close = rest[bodyStart...].range(of: "</" + name + ">") else { break }
            result.append(Element(tag: tag, body: String(rest[bodyStart..<close.lowerBound])))
            rest = rest[close.upperBound...]
        }
        return result
    }

    static func attribute(_ name: String, in tag: Substring) -> String? {
        guard let range = tag.range(of: " " + name + "=\"") else { return nil }
        let rest = tag[range.upperBound...]
        guard let end = rest.firstIndex(of: "\"") else { return nil }
        return unescape(String(rest[..<end]))
    }

    static func unescape(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var out = ""
        var rest = text[...]
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            guard let semi = rest[amp...].firstIndex(of: ";") else { break }
            let entity = rest[rest.index(after: amp)..<semi]
            switch entity {
            case "amp": out += "&"
            case "lt": out += "<"
            case "gt": out += ">"
            case "quot": out += "\""
            case "apos": out += "'"
            default:
                let code = entity.hasPrefix("#x") ? UInt32(entity.dropFirst(2), radix: 16) : entity.hasPrefix("#") ? UInt32(entity.dropFirst()) : nil
                if let code, let scalar = Unicode.Scalar(code) { out.unicodeScalars.append(scalar) } else { out += "&" + entity + ";" }
            }
            rest = rest[rest.index(after: semi)...]
        }
        return out + rest
    }
}

/// The zip container: central directory and stored or deflated entries.
enum Zip {
    struct Entry { let method: UInt16; let compressedSize: Int; let size: Int; let localHeader: Int }

    static func u16(_ b: [UInt8], _ o: Int) -> Int { Int(b[o]) | Int(b[o + 1]) << 8 }
    static func u32(_ b: [UInt8], _ o: Int) -> Int { u16(b, o) | u16(b, o + 2) << 16 }

    static func entries(_ b: [UInt8], fail: (String) -> FileError) throws -> [String: Entry] {
        // The end-of-central-directory record is within the last 64 KiB + 22 bytes.
        guard b.count >= 22, let eocd = stride(from: b.count - 22, through: max(0, b.count - 65_557), by: -1)
            .first(where: { b[$0] == 0x50 && b[$0 + 1] == 0x4B && b[$0 + 2] == 5 && b[$0 + 3] == 6 }) else {
            throw fail("fichier Excel (.xlsx) illisible : archive zip incomplète")
        }
        var offset = u32(b, eocd + 16)
        var result: [String: Entry] = [:]
        for _ in 0..<u16(b, eocd + 10) {
            guard offset + 46 <= b.count, u32(b, offset) == 0x0201_4B50 else { throw fail("fichier Excel (.xlsx) illisible : répertoire zip abîmé") }
            let nameLength = u16(b, offset + 28), extra = u16(b, offset + 30), comment = u16(b, offset + 32)
            guard offset + 46 + nameLength <= b.count else { throw fail("fichier Excel (.xlsx) illisible : répertoire zip abîmé") }
            let name = String(decoding: b[(offset + 46)..<(offset + 46 + nameLength)], as: UTF8.self)
            result[name] = Entry(method: UInt16(u16(b, offset + 10)), compressedSize: u32(b, offset + 20), size: u32(b, offset + 24),
                                 localHeader: u32(b, offset + 42))
            offset += 46 + nameLength + extra + comment
        }
        return result
    }

    static func extract(_ e: Entry, from b: [UInt8], fail: (String) -> FileError) throws -> String {
        guard e.localHeader + 30 <= b.count else { throw fail("fichier Excel (.xlsx) illisible : entrée zip hors du fichier") }
        let start = e.localHeader + 30 + u16(b, e.localHeader + 26) + u16(b, e.localHeader + 28)
        guard start + e.compressedSize <= b.count else { throw fail("fichier Excel (.xlsx) illisible : entrée zip tronquée") }
        let data = Array(b[start..<(start + e.compressedSize)])
        switch e.method {
        case 0: return String(decoding: data, as: UTF8.self)
        case 8: return String(decoding: try inflateRaw(data, size: e.size, fail: fail), as: UTF8.self)
        default: throw fail("fichier Excel (.xlsx) : compression zip \(e.method) non prise en charge")
        }
    }

    static func inflateRaw(_ input: [UInt8], size: Int, fail: (String) -> FileError) throws -> [UInt8] {
        var stream = z_stream()
        // -15: raw deflate, as zip stores it (no zlib or gzip header).
        guard inflateInit2_(&stream, -15, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else { throw fail("zlib indisponible") }
        defer { inflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: max(size, 1))
        var input = input
        let status = input.withUnsafeMutableBufferPointer { inPtr in
            output.withUnsafeMutableBufferPointer { outPtr in
                stream.next_in = inPtr.baseAddress
                stream.avail_in = UInt32(inPtr.count)
                stream.next_out = outPtr.baseAddress
                stream.avail_out = UInt32(outPtr.count)
                return inflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END else { throw fail("fichier Excel (.xlsx) illisible : données compressées abîmées") }
        return Array(output.prefix(Int(stream.total_out)))
    }
}
