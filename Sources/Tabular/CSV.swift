import Foundation
import Synchronization

/// An error in a file a person gave us, said in French, with where it is.
public struct FileError: Error, CustomStringConvertible, Equatable, Sendable {
    public let file: String
    public let line: Int?
    public let column: Int?
    public let message: String

    public init(file: String, line: Int? = nil, column: Int? = nil, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String {
        var place = file
        if let line { place += ", ligne \(line)" }
        if let column { place += ", colonne \(column)" }
        return "\(place) : \(message)"
    }
}

/// One data line of a CSV file. `line` is the physical line where the record starts (1 = header).
public struct CSVRecord: Sendable {
    public let line: Int
    public let fields: [String]

    /// The field at `index`, or "" when the record is shorter (tolerated only for trailing empty cells).
    public subscript(index: Int) -> String { index < fields.count ? fields[index] : "" }
}

/// A CSV file read whole: header, records, and the dialect it was written in.
public struct CSVTable: Sendable {
    public let file: String
    public let header: [String]
    public let records: [CSVRecord]
    public let separator: Character
    public let encoding: TextDecoding.Encoding

    /// The index of a named column; a French error naming the file and the columns found when it is absent.
    public func column(_ name: String) throws -> Int {
        if let index = header.firstIndex(of: name) { return index }
        throw FileError(
            file: file, line: 1,
            message: "colonne « \(name) » absente ; colonnes trouvées : \(header.joined(separator: ", "))")
    }

    public func columns(_ names: String...) throws -> [Int] { try names.map(column) }
}

/// A reader for the CSV dialects of French public data and office software: `,`, `;` or tab separators,
/// RFC 4180 quoting with line breaks inside quotes, CRLF or LF, UTF-8 with or without BOM, or Windows-1252.
public enum CSV {
    public static func read(contentsOf url: URL, separator: Character? = nil) throws -> CSVTable {
        let bytes = try Gzip.decompress(contentsOf: url)
        var name = url.lastPathComponent
        if name.hasSuffix(".gz") { name.removeLast(3) }
        return try parse(bytes, file: name, separator: separator)
    }

    public static func parse(_ bytes: [UInt8], file: String, separator: Character? = nil) throws -> CSVTable {
        let (text, encoding) = TextDecoding.decode(bytes)
        let utf8 = Array(text.utf8)
        let sep = separator.flatMap(\.asciiValue) ?? detectSeparator(utf8)
        var rows = try tokenize(utf8, separator: sep, file: file)
        guard !rows.isEmpty else { throw FileError(file: file, message: "le fichier est vide") }
        let header = rows.removeFirst().fields.map { $0.trimmingCharacters(in: .whitespaces) }
        if let duplicate = Dictionary(grouping: header, by: { $0 }).first(where: { $0.value.count > 1 && !$0.key.isEmpty }) {
            throw FileError(file: file, line: 1, message: "la colonne « \(duplicate.key) » apparaît deux fois dans l'en-tête")
        }
        for row in rows where row.fields.count > header.count {
            // Excel often pads rows with empty trailing cells: only non-empty extra cells are an error.
            if row.fields[header.count...].contains(where: { !$0.isEmpty }) {
                throw FileError(
                    file: file, line: row.line, column: header.count + 1,
                    message: "\(row.fields.count) champs alors que l'en-tête en annonce \(header.count)")
            }
        }
        return CSVTable(file: file, header: header, records: rows, separator: Character(UnicodeScalar(sep)), encoding: encoding)
    }

    /// The separator is the candidate that occurs most often in the header line, outside quotes.
    static func detectSeparator(_ bytes: [UInt8]) -> UInt8 {
        var counts: [UInt8: Int] = [UInt8(ascii: ","): 0, UInt8(ascii: ";"): 0, UInt8(ascii: "\t"): 0, UInt8(ascii: "|"): 0]
        var inQuotes = false
        for byte in bytes {
            if byte == UInt8(ascii: "\"") { inQuotes.toggle(); continue }
            if inQuotes { continue }
            if byte == UInt8(ascii: "\n") { break }
            if counts[byte] != nil { counts[byte]! += 1 }
        }
        let best = counts.max { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }!
        return best.value > 0 ? best.key : UInt8(ascii: ",")
    }

    private static func tokenize(_ bytes: [UInt8], separator: UInt8, file: String) throws -> [CSVRecord] {
        try bytes.withUnsafeBufferPointer { buffer in
            guard let cuts = parallelCuts(buffer) else { return try tokenize(buffer, separator: separator, file: file).records }
            // Large files without quotes (exports of tools and scripts) are cut after line feeds and read on all
            // cores: no record spans two chunks. Each chunk counts its lines from 1; they are shifted afterwards.
            let results = Mutex([(records: [CSVRecord], lines: Int)?](repeating: nil, count: cuts.count - 1))
            nonisolated(unsafe) let bytes = buffer
            DispatchQueue.concurrentPerform(iterations: cuts.count - 1) { k in
                let chunk = UnsafeBufferPointer(rebasing: bytes[cuts[k]..<cuts[k + 1]])
                let result = try? tokenize(chunk, separator: separator, file: file)
                results.withLock { $0[k] = result }
            }
            let parts = results.withLock { $0 }
            // A faulty file is read again in one piece, for the error with its true line.
            guard parts.allSatisfy({ $0 != nil }) else { return try tokenize(buffer, separator: separator, file: file).records }
            var records: [CSVRecord] = []
            records.reserveCapacity(parts.reduce(0) { $0 + $1!.records.count })
            var offset = 0
            for part in parts {
                if offset == 0 { records += part!.records } else {
                    records += part!.records.map { CSVRecord(line: $0.line + offset, fields: $0.fields) }
                }
                offset += part!.lines - 1
            }
            return records
        }
    }

    /// Where to cut a file for reading on all cores: nil when it is small or has quotes (a quoted field may
    /// hold line breaks).
    static func parallelCuts(_ bytes: UnsafeBufferPointer<UInt8>) -> [Int]? {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        guard cores > 1, bytes.count >= 4 << 20, let base = bytes.baseAddress, memchr(base, 0x22, bytes.count) == nil else { return nil }
        var cuts = [0]
        for k in 1..<cores * 2 {
            let from = max(k * bytes.count / (cores * 2), cuts.last!)
            guard let found = memchr(base + from, 0x0A, bytes.count - from) else { break }
            let cut = base.distance(to: found.assumingMemoryBound(to: UInt8.self)) + 1
            if cut < bytes.count && cut > cuts.last! { cuts.append(cut) }
        }
        cuts.append(bytes.count)
        return cuts.count > 2 ? cuts : nil
    }

    /// Fields are sliced straight out of the buffer; only a quoted field with doubled quotes is copied.
    /// The records, and the number of the line after the last one.
    private static func tokenize(_ bytes: UnsafeBufferPointer<UInt8>, separator: UInt8, file: String) throws -> (records: [CSVRecord], lines: Int) {
        let quote = UInt8(ascii: "\""), cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")
        var records: [CSVRecord] = []
        var fields: [String] = []
        var line = 1, recordLine = 1
        var lineStart = 0
        var i = 0
        let n = bytes.count

        func text(_ range: Range<Int>) -> String {
            String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        }
        func column(at index: Int) -> Int {
            // Columns count characters, not bytes, so accented text before the error does not shift them.
            text(lineStart..<index).count + 1
        }
        func endRecord() {
            if !(fields.count == 1 && fields[0].isEmpty) {
                records.append(CSVRecord(line: recordLine, fields: fields))
            }
            fields.removeAll(keepingCapacity: true)
        }

        while i <= n {
            // At the start of a field.
            if i < n && bytes[i] == quote {
                // A quoted field: runs to the next lone quote, through separators and line breaks.
                let openLine = line, openColumn = column(at: i)
                i += 1
                let start = i
                var escaped = false
                var closed = false
                while i < n {
                    let b = bytes[i]
                    if b == quote {
                        if i + 1 < n && bytes[i + 1] == quote { escaped = true; i += 2; continue }
                        closed = true
                        break
                    }
                    if b == lf { line += 1; lineStart = i + 1 }
                    i += 1
                }
                guard closed else {
                    throw FileError(file: file, line: openLine, column: openColumn, message: "guillemet ouvert jamais refermé")
                }
                if escaped {
                    var unescaped: [UInt8] = []
                    unescaped.reserveCapacity(i - start)
                    var j = start
                    while j < i {
                        unescaped.append(bytes[j])
                        j += bytes[j] == quote ? 2 : 1
                    }
                    fields.append(String(decoding: unescaped, as: UTF8.self))
                } else {
                    fields.append(text(start..<i))
                }
                i += 1  // closing quote
                if i < n && bytes[i] != separator && bytes[i] != cr && bytes[i] != lf {
                    throw FileError(
                        file: file, line: line, column: column(at: i),
                        message: "caractère inattendu après un guillemet fermant (un guillemet dans un champ s'écrit \"\")")
                }
            } else {
                let start = i
                while i < n && bytes[i] != separator && bytes[i] != lf && bytes[i] != cr { i += 1 }
                fields.append(text(start..<i))
            }
            // After a field: a separator, a line break, or the end.
            if i >= n {
                if !(fields.count == 1 && fields[0].isEmpty) { endRecord() }
                break
            }
            if bytes[i] == separator {
                i += 1
                continue
            }
            endRecord()
            if bytes[i] == cr && i + 1 < n && bytes[i + 1] == lf { i += 1 }
            i += 1
            line += 1
            lineStart = i
            recordLine = line
            if i >= n { break }
        }
        return (records, line)
    }
}

/// Numbers as French files write them: decimal comma, spaces (also non-breaking) as thousands separators.
public enum FrenchNumber {
    public static func parse(_ text: String) -> Double? {
        if let value = plainDecimal(text.utf8) { return value }
        var cleaned = ""
        cleaned.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case " ", "\u{00A0}", "\u{202F}": continue
            case ",": cleaned.append(".")
            default: cleaned.unicodeScalars.append(scalar)
            }
        }
        guard !cleaned.isEmpty, let value = Double(cleaned), value.isFinite else { return nil }
        return value
    }
}

extension FrenchNumber {
    static let powersOfTen: [Double] = (0...22).map { k in (0..<k).reduce(1.0) { value, _ in value * 10 } }

    /// The common case read straight from the bytes: optional sign, digits with spaces between groups, one
    /// decimal comma or point with digits on both sides, at most 15 significant digits. The value is then the
    /// exact quotient of two exactly represented numbers, so it rounds as `Double(String)` does. Anything else
    /// (exponents, no-break spaces, longer numbers) is nil and goes through the general path.
    static func plainDecimal(_ utf8: String.UTF8View) -> Double? {
        var mantissa: UInt64 = 0, significant = 0, fraction = 0
        var negative = false, signed = false, separator = false, integerDigits = false, fractionDigits = false
        for byte in utf8 {
            switch byte {
            case 0x30...0x39:
                if mantissa > 0 || byte != 0x30 { significant += 1 }
                guard significant <= 15 else { return nil }
                mantissa = mantissa &* 10 &+ UInt64(byte &- 0x30)
                if separator { fraction += 1; fractionDigits = true } else { integerDigits = true }
            case 0x2C, 0x2E:
                guard !separator, integerDigits else { return nil }
                separator = true
            case 0x2D, 0x2B:
                guard !signed, !integerDigits, !separator else { return nil }
                signed = true
                negative = byte == 0x2D
            case 0x20:
                continue
            default:
                return nil
            }
        }
        guard integerDigits, !separator || fractionDigits, fraction < powersOfTen.count else { return nil }
        let value = Double(mantissa) / powersOfTen[fraction]
        return negative ? -value : value
    }
}
