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

/// The cells of a table in one piece: the file's text as UTF-8 and, for each cell, where its bytes lie. A
/// national inventory has millions of cells: kept as offsets, they cost no allocation each, and a reader that
/// wants numbers reads them from the bytes without making a string first.
@usableFromInline final class CSVStorage: Sendable {
    @usableFromInline let text: [UInt8]
    /// Per cell, its bytes in `text`.
    @usableFromInline let starts: [UInt32], ends: [UInt32]
    /// Per record, the index of its first cell; one more entry (the number of cells) closes the last record.
    @usableFromInline let recordFirst: [Int]
    /// Per record, the physical line where it starts (1 = first line of the file).
    let lines: [Int]
    /// Per record, the row a spreadsheet shows it on: as `lines`, less the line breaks inside quoted cells
    /// before it (a name written on two lines is one row of Excel).
    let rows: [Int]

    init(text: [UInt8], starts: [UInt32], ends: [UInt32], recordFirst: [Int], lines: [Int], rows: [Int]? = nil) {
        self.text = text
        self.starts = starts
        self.ends = ends
        self.recordFirst = recordFirst + [starts.count]
        self.lines = lines
        self.rows = rows ?? lines
    }

    @inlinable func withUTF8<R>(cell: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try text.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[Int(starts[cell])..<Int(ends[cell])])) }
    }

    func string(cell: Int) -> String { withUTF8(cell: cell) { String(decoding: $0, as: UTF8.self) } }
}

/// One data line of a CSV file or worksheet.
public struct CSVRecord: Sendable {
    @usableFromInline let storage: CSVStorage
    @usableFromInline let position: Int

    /// The physical text line where the record starts (the sheet's row for a workbook).
    public var line: Int { storage.lines[position] }
    /// The row a spreadsheet program shows the record on: what a person looks for when told where a problem is.
    public var row: Int { storage.rows[position] }

    /// The number of fields of this record.
    @inlinable public var count: Int { storage.recordFirst[position + 1] - storage.recordFirst[position] }

    public var fields: [String] { (0..<count).map { self[$0] } }

    /// The field at `index`, or "" when the record is shorter (tolerated only for trailing empty cells).
    public subscript(index: Int) -> String { index < count ? storage.string(cell: storage.recordFirst[position] + index) : "" }

    /// The field's UTF-8 bytes, read in place (empty when the record is shorter); valid during `body` only. Kept
    /// inside this module: readers elsewhere ask the record the questions below, and never hold a pointer.
    @inlinable func withUTF8<R>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        guard index < count else { return try body(UnsafeBufferPointer(start: nil, count: 0)) }
        return try storage.withUTF8(cell: storage.recordFirst[position] + index, body)
    }
}

/// Questions a reader of millions of cells asks without making a string of each: answered from the cell's bytes
/// in place. A field past the end of a shorter record is empty.
extension CSVRecord {
    /// The number of UTF-8 bytes of the field.
    @inlinable public func byteCount(at index: Int) -> Int {
        guard index < count else { return 0 }
        let cell = storage.recordFirst[position] + index
        return Int(storage.ends[cell] &- storage.starts[cell])
    }

    @inlinable public func isEmpty(at index: Int) -> Bool { byteCount(at: index) == 0 }

    /// The field's first byte, nil when it is empty.
    @inlinable public func firstByte(at index: Int) -> UInt8? {
        guard index < count else { return nil }
        let cell = storage.recordFirst[position] + index
        return storage.starts[cell] < storage.ends[cell] ? storage.text[Int(storage.starts[cell])] : nil
    }

    /// Whether the field holds nothing but spaces and tabs (an empty field does).
    public func isBlank(at index: Int) -> Bool { withUTF8(index) { $0.allSatisfy { $0 == 32 || $0 == 9 } } }

    /// The field as a plain decimal number (see `FrenchNumber.plainDecimal`), read from its bytes: nil for
    /// anything else (empty, no-break spaces, an exponent…), which the caller then reads as text.
    public func plainNumber(at index: Int) -> Double? { withUTF8(index) { FrenchNumber.plainDecimal($0) } }
}

/// Values read from the few distinct texts a column repeats (usages, energies), found again by the cell's bytes:
/// no string is made or hashed for a text already seen. At most 64 are kept, so a column of all-different texts
/// costs a bounded scan per cell.
public struct CellMemo<Value>: Sendable where Value: Sendable {
    @usableFromInline var keys: [[UInt8]] = [], values: [Value?] = []

    public init() {}

    /// The value of the record's field at `index`: remembered, or `read` from the field's text.
    @inlinable public mutating func value(_ record: CSVRecord, at index: Int, read: (String) -> Value?) -> Value? {
        record.withUTF8(index) { bytes in
            for k in keys.indices where keys[k].count == bytes.count {
                if keys[k].withUnsafeBufferPointer({ bytes.isEmpty || memcmp($0.baseAddress!, bytes.baseAddress!, bytes.count) == 0 }) { return values[k] }
            }
            let value = read(String(decoding: bytes, as: UTF8.self))
            if keys.count < 64 {
                keys.append(Array(bytes))
                values.append(value)
            }
            return value
        }
    }
}

/// The data records of a table, in file order.
public struct CSVRecords: RandomAccessCollection, Sendable {
    let storage: CSVStorage
    /// 1 when the storage's first record is the header.
    let skip: Int

    public var startIndex: Int { 0 }
    public var endIndex: Int { storage.lines.count - skip }
    public subscript(index: Int) -> CSVRecord { CSVRecord(storage: storage, position: index + skip) }
}

/// A CSV file or worksheet read whole: header, records, and the dialect it was written in.
public struct CSVTable: Sendable {
    public enum Format: String, Sendable { case csv = "CSV", xlsx = "XLSX" }

    public let file: String
    public let header: [String]
    public let records: CSVRecords
    public let separator: Character
    public let encoding: TextDecoding.Encoding
    public let format: Format
    /// The row of the header as a spreadsheet shows it (rows above it are a title block).
    public let headerRow: Int
    /// Filled rows above the header (a title, a date, a note), skipped.
    public let titleRows: [Int]
    /// Whether the header rule found its header (or the first row was taken for want of one).
    public let headerFound: Bool
    /// For a workbook: the sheet read, and the others.
    public var sheet: String?
    public var otherSheets: [String] = []

    init(file: String, header: [String], records: CSVRecords, separator: Character, encoding: TextDecoding.Encoding, format: Format = .csv,
         headerRow: Int = 1, titleRows: [Int] = [], headerFound: Bool = true) {
        self.file = file
        self.header = header
        self.records = records
        self.separator = separator
        self.encoding = encoding
        self.format = format
        self.headerRow = headerRow
        self.titleRows = titleRows
        self.headerFound = headerFound
    }

    /// A table from rows already split into cells (a worksheet), each with its line.
    public init(file: String, header: [String], rows: [(line: Int, fields: [String])], separator: Character, encoding: TextDecoding.Encoding) {
        var cells = CSV.Cells()
        for row in rows {
            cells.recordFirst.append(cells.starts.count)
            cells.lines.append(row.line)
            for field in row.fields {
                cells.starts.append(UInt32(cells.extra.count))
                cells.extra += field.utf8
                cells.ends.append(UInt32(cells.extra.count))
            }
        }
        self.init(file: file, header: header,
                  records: CSVRecords(storage: CSVStorage(text: cells.extra, starts: cells.starts, ends: cells.ends, recordFirst: cells.recordFirst,
                                                          lines: cells.lines), skip: 0),
                  separator: separator, encoding: encoding)
    }

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

    /// Which row names the columns: the first one, or, of the opening rows, the one `score` rates highest (exports
    /// often put a title, a date and a blank line above the table; a title may hold a word or two of a header).
    /// When none scores above 0, the first row.
    public enum HeaderRule: Sendable {
        case first
        case best(@Sendable ([String]) -> Int)

        /// How many opening rows are tried.
        static let searchedRows = 30

        /// The index of the header among `records`, and whether a row scored.
        func find(in records: CSVRecords, file: String) throws -> (index: Int, found: Bool) {
            guard case .best(let score) = self else { return (0, true) }
            var best = (index: 0, score: 0)
            for k in 0..<min(records.count, Self.searchedRows) {
                // A row with a cell too long for a column name (a data row's long text) is no header candidate.
                guard let names = try? CSV.header(records[k], file: file) else { continue }
                let s = score(names)
                if s > best.score { best = (k, s) }
            }
            return (best.index, best.score > 0)
        }
    }

    /// `unnamedColumns`: cells right of the header are columns without a name (a spreadsheet's view) rather than
    /// an error (a strict reader's, e.g. the validator's).
    public static func parse(_ bytes: [UInt8], file: String, separator: Character? = nil, header rule: HeaderRule = .first,
                             unnamedColumns: Bool = false) throws -> CSVTable {
        let (utf8, encoding) = TextDecoding.utf8(bytes)
        guard utf8.count < Int(UInt32.max) / 2 else { throw FileError(file: file, message: "fichier trop volumineux (plus de 2 Go)") }
        let sep = separator.flatMap(\.asciiValue) ?? detectSeparator(utf8)
        let cells = try tokenize(utf8, separator: sep, file: file)
        guard !cells.lines.isEmpty else { throw FileError(file: file, message: "le fichier est vide") }
        // A first row wider than Excel's grid is not a table (often the wrong separator, or no text file at all);
        // refused before a string is made for each of its cells.
        let firstWidth = (cells.recordFirst.count > 1 ? cells.recordFirst[1] : cells.starts.count) - cells.recordFirst[0]
        guard firstWidth <= XLSX.lastColumn else {
            throw FileError(file: file, line: 1, message: "la première ligne a \(firstWidth) colonnes, plus que les 16 384 d'un tableur : vérifiez le séparateur")
        }
        // Cells unescaped from doubled quotes were written after the text.
        let storage = CSVStorage(text: cells.extra.isEmpty ? utf8 : utf8 + cells.extra, starts: cells.starts, ends: cells.ends,
                                 recordFirst: cells.recordFirst, lines: cells.lines, rows: cells.rows)
        return try table(storage, file: file, rule: rule, separator: Character(UnicodeScalar(sep)), encoding: encoding, format: .csv,
                         unnamedColumns: unnamedColumns)
    }

    /// The table under the header the rule finds: the header's names checked, and no record wider than it.
    static func table(_ storage: CSVStorage, file: String, rule: HeaderRule, separator: Character, encoding: TextDecoding.Encoding,
                      format: CSVTable.Format, unnamedColumns: Bool) throws -> CSVTable {
        let all = CSVRecords(storage: storage, skip: 0)
        let (at, found) = try rule.find(in: all, file: file)
        let headerRecord = all[at]
        guard headerRecord.count <= XLSX.lastColumn else {
            throw FileError(file: file, line: headerRecord.line, message: "l'en-tête a \(headerRecord.count) colonnes, plus que les 16 384 d'un tableur : vérifiez le séparateur")
        }
        var header = try header(headerRecord, file: file)
        let records = CSVRecords(storage: storage, skip: at + 1)
        if unnamedColumns, let widest = records.lazy.map(\.count).max(), widest > header.count {
            // Cells right of the header are columns without a name, offered in the mapping, within a spreadsheet's grid.
            if widest > XLSX.lastColumn, let wide = records.first(where: { $0.count == widest }) {
                throw FileError(file: file, line: wide.row, message: "\(widest) champs sur la ligne, plus que les 16 384 colonnes d'un tableur : vérifiez le séparateur")
            }
            header += Array(repeating: "", count: widest - header.count)
        }
        if let duplicate = Dictionary(grouping: header, by: { $0 }).first(where: { $0.value.count > 1 && !$0.key.isEmpty }) {
            throw FileError(file: file, line: headerRecord.line, message: "la colonne « \(duplicate.key) » apparaît deux fois dans l'en-tête")
        }
        for row in records where row.count > header.count {
            // Excel often pads rows with empty trailing cells: only non-empty extra cells are an error.
            if (header.count..<row.count).contains(where: { !row.isEmpty(at: $0) }) {
                throw FileError(
                    file: file, line: row.row, column: header.count + 1,
                    message: "\(row.count) champs alors que l'en-tête en annonce \(header.count)" + (row.row != row.line ? " (ligne \(row.line) du texte)" : ""))
            }
        }
        return CSVTable(file: file, header: header, records: records, separator: separator, encoding: encoding, format: format,
                        headerRow: headerRecord.row, titleRows: (0..<at).map { all[$0].row }, headerFound: found)
    }

    /// The header's names, trimmed. A name of more than 1,000 bytes is no column name (a text pasted in the
    /// first line, a file that is no table): refused before anyone compares it with the names they know.
    static func header(_ record: CSVRecord, file: String) throws -> [String] {
        for column in 0..<record.count {
            guard record.byteCount(at: column) <= 1_000 else {
                throw FileError(file: file, line: record.line, column: column + 1,
                                message: "le nom de colonne de l'en-tête dépasse 1 000 caractères : la première ligne doit nommer les colonnes")
            }
        }
        return record.fields.map { $0.trimmingCharacters(in: .whitespaces) }
    }

    /// The separator that draws a table: of the candidates, the one found the same number of times (outside
    /// quotes) on the most of the first 50 lines, weighted by the columns it makes. A title line above the
    /// table, or decimal commas whose count varies from line to line, do not mislead it.
    static func detectSeparator(_ bytes: [UInt8]) -> UInt8 {
        let candidates: [UInt8] = [UInt8(ascii: ";"), UInt8(ascii: "\t"), UInt8(ascii: ","), UInt8(ascii: "|")]
        var lines: [[Int]] = [], counts = [0, 0, 0, 0]
        var inQuotes = false
        for byte in bytes {
            if byte == UInt8(ascii: "\"") { inQuotes.toggle(); continue }
            if inQuotes { continue }
            if byte == UInt8(ascii: "\n") {
                if counts != [0, 0, 0, 0] { lines.append(counts) }
                counts = [0, 0, 0, 0]
                if lines.count == 50 { break }
                continue
            }
            if let k = candidates.firstIndex(of: byte) { counts[k] += 1 }
        }
        if counts != [0, 0, 0, 0] && lines.count < 50 { lines.append(counts) }
        var best: (score: Int, width: Int, separator: UInt8)?
        for (k, candidate) in candidates.enumerated() {
            // The most frequent non-zero count of this candidate per line, and on how many lines it is found.
            let frequencies = Dictionary(lines.map { $0[k] }.filter { $0 > 0 }.map { ($0, 1) }, uniquingKeysWith: +)
            guard let (width, score) = frequencies.max(by: { ($0.value, $0.key) < ($1.value, $1.key) }) else { continue }
            // Lines that agree, weighted by the columns they make: four title lines with one comma each do not outvote
            // a table of three lines cut by five semicolons.
            if best == nil || (score * (width + 1), width) > (best!.score * (best!.width + 1), best!.width) { best = (score, width, candidate) }
        }
        return best?.separator ?? UInt8(ascii: ",")
    }

    /// Cells as the tokenizer finds them: offsets into the text, or into `extra` (after the text) for the
    /// few quoted cells that had doubled quotes.
    struct Cells {
        var starts: [UInt32] = [], ends: [UInt32] = []
        var recordFirst: [Int] = [], lines: [Int] = [], rows: [Int] = []
        var extra: [UInt8] = []
    }

    private static func tokenize(_ bytes: [UInt8], separator: UInt8, file: String) throws -> Cells {
        try bytes.withUnsafeBufferPointer { buffer in
            func whole() throws -> Cells { try tokenize(buffer, from: 0, to: buffer.count, separator: separator, file: file).cells }
            guard let cuts = parallelCuts(buffer) else { return try whole() }
            // Large files without quotes (exports of tools and scripts) are cut after line feeds and read on all
            // cores: no record spans two chunks. Each chunk counts its lines from 1; they are shifted afterwards.
            let results = Mutex([(cells: Cells, lines: Int)?](repeating: nil, count: cuts.count - 1))
            nonisolated(unsafe) let bytes = buffer
            DispatchQueue.concurrentPerform(iterations: cuts.count - 1) { k in
                let result = try? tokenize(bytes, from: cuts[k], to: cuts[k + 1], separator: separator, file: file)
                results.withLock { $0[k] = result }
            }
            let parts = results.withLock { $0 }
            // A faulty file is read again in one piece, for the error with its true line.
            guard parts.allSatisfy({ $0 != nil }) else { return try whole() }
            var cells = Cells()
            cells.starts.reserveCapacity(parts.reduce(0) { $0 + $1!.cells.starts.count })
            cells.ends.reserveCapacity(cells.starts.capacity)
            var lineOffset = 0
            for part in parts {
                let cellOffset = cells.starts.count
                cells.starts += part!.cells.starts
                cells.ends += part!.cells.ends
                cells.recordFirst += part!.cells.recordFirst.map { $0 + cellOffset }
                // Without quotes, rows are lines.
                cells.lines += part!.cells.lines.map { $0 + lineOffset }
                cells.rows += part!.cells.rows.map { $0 + lineOffset }
                lineOffset += part!.lines - 1
            }
            return cells
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

    /// The cells of `bytes[from..<to]`, as offsets into `bytes`; only a quoted field with doubled quotes is
    /// copied (into `extra`, whose offsets start at `bytes.count`). Also the number of the line after the last.
    private static func tokenize(_ bytes: UnsafeBufferPointer<UInt8>, from: Int, to n: Int, separator: UInt8, file: String) throws -> (cells: Cells, lines: Int) {
        let quote = UInt8(ascii: "\""), cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")
        var out = Cells()
        var line = 1, recordLine = 1
        // Rows as a spreadsheet counts them: blank lines count, line breaks inside quotes do not.
        var row = 1, recordRow = 1
        var lineStart = from
        var recordStart = 0
        var i = from

        func column(at index: Int) -> Int {
            // Columns count characters, not bytes, so accented text before the error does not shift them.
            String(decoding: UnsafeBufferPointer(rebasing: bytes[lineStart..<index]), as: UTF8.self).count + 1
        }
        func cell(_ start: Int, _ end: Int) {
            out.starts.append(UInt32(start))
            out.ends.append(UInt32(end))
        }
        func endRecord() {
            if out.starts.count - recordStart == 1 && out.starts[recordStart] == out.ends[recordStart] {
                // A blank line is no record.
                out.starts.removeLast()
                out.ends.removeLast()
            } else {
                out.recordFirst.append(recordStart)
                out.lines.append(recordLine)
                out.rows.append(recordRow)
            }
            recordStart = out.starts.count
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
                    let first = bytes.count + out.extra.count
                    var j = start
                    while j < i {
                        out.extra.append(bytes[j])
                        j += bytes[j] == quote ? 2 : 1
                    }
                    cell(first, bytes.count + out.extra.count)
                } else {
                    cell(start, i)
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
                cell(start, i)
            }
            // After a field: a separator, a line break, or the end.
            if i >= n {
                endRecord()
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
            row += 1
            lineStart = i
            recordLine = line
            recordRow = row
            if i >= n { break }
        }
        return (out, line)
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
    static func plainDecimal(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? { decimal(bytes) }

    static func plainDecimal(_ utf8: String.UTF8View) -> Double? { decimal(utf8) }

    private static func decimal(_ utf8: some Sequence<UInt8>) -> Double? {
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
