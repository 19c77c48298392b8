import Foundation

/// Reads the first worksheet of an Excel workbook (.xlsx: a zip of XML parts) into the same table as a CSV,
/// so an inventory exported to Excel imports exactly as its CSV would. Cells keep their text; numbers keep
/// Excel's stored form ("1234.5"); shared and inline strings are resolved; dates stay serial numbers.
///
/// A workbook is a file somebody sent: every size and coordinate read from it is bounded before anything is
/// allocated for it (Excel's own grid, a budget of inflated bytes, of cells and of text), and each part is read
/// in one pass over its bytes, the budgets checked at each cell, so a large or hostile workbook costs no more
/// time and memory than its budget allows and ends with a French message, never with the process.
public enum XLSX {
    /// What one workbook may cost. The standard budget holds a sheet of 199,999 rows of 50 columns under its
    /// header, and the largest sheet an 8 MiB upload of ordinary XML inflates to (about 15 times).
    public struct Limits: Sendable {
        /// The parts read (sheet, shared strings, workbook), once inflated, together.
        public var inflatedBytes: Int
        /// Cells of the table, empty cells before a filled one included.
        public var cells: Int
        /// The table's text, shared strings counted each time they are used.
        public var textBytes: Int

        public init(inflatedBytes: Int, cells: Int, textBytes: Int) {
            self.inflatedBytes = inflatedBytes
            self.cells = cells
            self.textBytes = textBytes
        }

        public static let standard = Limits(inflatedBytes: 160 << 20, cells: 10_000_000, textBytes: 160 << 20)
    }

    /// Excel's grid: columns A to XFD, rows 1 to 1,048,576.
    static let lastColumn = 16_384, lastRow = 1_048_576

    public static func isWorkbook(_ bytes: [UInt8]) -> Bool { bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) }

    public static func read(_ bytes: [UInt8], file: String, limits: Limits = .standard, header rule: CSV.HeaderRule = .first) throws -> CSVTable {
        func fail(_ message: String) -> FileError { FileError(file: file, message: message) }
        var archive = try Zip(bytes, budget: limits.inflatedBytes, fail: fail)
        if archive.names.contains("mimetype") && archive.names.contains("content.xml") {
            throw fail("ce fichier est un document OpenDocument (LibreOffice, .ods) : enregistrez-le au format Excel (.xlsx) ou CSV")
        }
        guard archive.names.contains(where: { $0.hasPrefix("xl/") }) else {
            throw fail("ce fichier ZIP n'est pas un classeur Excel (.xlsx) : envoyez un fichier CSV ou .xlsx")
        }
        let shared = try archive.part("xl/sharedStrings.xml").map { try SharedStrings($0, file: file, limits: limits) } ?? SharedStrings()
        // The first sheet whose rows hold the header (a notice sheet often comes first); the first sheet when none does.
        let sheets = try sheetList(&archive)
        var first: CSVTable?
        for (k, sheet) in sheets.enumerated() {
            guard let xml = try archive.part(sheet.path) else { continue }
            var reader = SheetReader(file: file, shared: shared, limits: limits)
            try reader.read(xml)
            guard !reader.cells.lines.isEmpty else { continue }
            var table = try reader.table(rule: rule)
            table.sheet = sheet.name
            table.otherSheets = sheets.enumerated().filter { $0.offset != k }.map(\.element.name)
            if table.headerFound { return table }
            if first == nil { first = table }
        }
        guard let first else { throw fail(sheets.isEmpty ? "classeur Excel sans feuille de calcul" : "feuille de calcul vide") }
        return first
    }

    /// The workbook's sheets in its order, each with its name and worksheet part (resolved through the workbook's
    /// relationships); the `xl/worksheets/sheet…` parts by name when the workbook does not say.
    static func sheetList(_ archive: inout Zip) throws -> [(name: String, path: String)] {
        let fallback = archive.names.filter { $0.hasPrefix("xl/worksheets/sheet") }.sorted().map { (name: String($0.dropFirst(14).dropLast(4)), path: $0) }
        guard let workbook = try archive.part("xl/workbook.xml"), let relations = try archive.part("xl/_rels/workbook.xml.rels") else {
            return fallback
        }
        var declared: [(name: String, id: String)] = []
        var scanner = XMLScanner(workbook)
        while let event = scanner.next() {
            if case .tag(let tag) = event, !tag.closing, scanner.is(tag, "sheet"),
               // The relationship attribute is `r:id`, whatever prefix the workbook gives its namespace.
               let id = scanner.attribute(of: tag, where: { $0.count > 3 && $0.last == UInt8(ascii: "d") && $0.suffix(3).elementsEqual(":id".utf8) }) {
                declared.append((scanner.attribute(of: tag, "name") ?? "Feuille \(declared.count + 1)", id))
            }
        }
        var targets: [String: String] = [:]
        scanner = XMLScanner(relations)
        while let event = scanner.next() {
            guard case .tag(let tag) = event, !tag.closing, scanner.is(tag, "Relationship"),
                  let id = scanner.attribute(of: tag, "Id"), let target = scanner.attribute(of: tag, "Target") else { continue }
            targets[id] = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
        }
        let sheets = declared.compactMap { d in targets[d.id].map { (name: d.name, path: $0) } }
        return sheets.isEmpty ? fallback : sheets
    }

    /// "AB" → 27 (zero-based column); nil past Excel's last column (XFD) or without letters.
    static func columnIndex<C: Collection<UInt8>>(letters: C) -> Int? {
        var index = 0
        for byte in letters {
            guard byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") else { return nil }
            index = index * 26 + Int(byte - 64)
            guard index <= lastColumn else { return nil }
        }
        return index == 0 ? nil : index - 1
    }

    /// The zero-based column of a cell reference ("AB12" → 27), when its letters and its row (if written) are
    /// within Excel's grid. The row is not compared with the row's own number: only the column is used.
    static func referencedColumn(_ bytes: ArraySlice<UInt8>) -> Int? {
        let split = bytes.firstIndex { !($0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z")) } ?? bytes.endIndex
        guard let column = columnIndex(letters: bytes[..<split]), split == bytes.endIndex || rowNumber(bytes[split...]) != nil else { return nil }
        return column
    }

    /// A row number within Excel's grid, from its digits.
    static func rowNumber(_ digits: ArraySlice<UInt8>) -> Int? {
        var row = 0
        for d in digits {
            guard d >= UInt8(ascii: "0") && d <= UInt8(ascii: "9") else { return nil }
            row = row * 10 + Int(d - 48)
            guard row <= lastRow else { return nil }
        }
        return row >= 1 ? row : nil
    }
}

/// The strings of `xl/sharedStrings.xml`: one buffer of UTF-8, and where each string ends (four bytes each,
/// counted against the cell budget: an empty `<si/>` is five bytes of XML).
struct SharedStrings {
    var text: [UInt8] = []
    var ends: [UInt32] = []

    init() {}

    init(_ xml: [UInt8], file: String, limits: XLSX.Limits) throws {
        var scanner = XMLScanner(xml)
        var open = false, inText = false, inPhonetic = false
        while let event = scanner.next() {
            switch event {
            case .text(let range): if inText { scanner.appendText(range, to: &text) }
            case .tag(let tag):
                if scanner.is(tag, "si") {
                    if tag.closing || tag.selfClosing {
                        guard open || tag.selfClosing else { continue }
                        guard ends.count < limits.cells, text.count <= limits.textBytes else {
                            throw FileError(file: file, message: "classeur trop grand : plus de \(limits.cells) chaînes partagées ou de \(limits.textBytes >> 20) Mo de texte")
                        }
                        ends.append(UInt32(text.count))
                        open = false
                    } else {
                        open = true
                    }
                    inText = false
                } else if scanner.is(tag, "rPh") {
                    // Phonetic guides (furigana) are not part of the cell's text.
                    inPhonetic = !tag.closing && !tag.selfClosing
                } else if scanner.is(tag, "t") {
                    inText = open && !inPhonetic && !tag.closing && !tag.selfClosing
                }
            }
        }
    }

    var count: Int { ends.count }

    subscript(index: Int) -> ArraySlice<UInt8> { text[(index == 0 ? 0 : Int(ends[index - 1]))..<Int(ends[index])] }
}

/// One pass over a worksheet's XML, cells written straight into the table's storage (no string per cell).
struct SheetReader {
    let file: String
    let shared: SharedStrings
    let limits: XLSX.Limits
    var cells = CSV.Cells()
    /// The row being read: its cells (column and bytes in `rowText`), in the order the sheet gives them.
    var rowCells: [(column: Int, bytes: Range<Int>)] = []
    var rowText: [UInt8] = []
    /// Cells merged down a column ("A3:A5"): the first row's value holds for the rows below.
    var verticalMerges: [(column: Int, rows: ClosedRange<Int>)] = []

    init(file: String, shared: SharedStrings, limits: XLSX.Limits) {
        self.file = file
        self.shared = shared
        self.limits = limits
    }

    func fail(_ message: String, row: Int = 0) -> FileError { FileError(file: file, line: row == 0 ? nil : row, message: message) }

    mutating func read(_ xml: [UInt8]) throws {
        var scanner = XMLScanner(xml)
        var row = 0, column = 0
        var inRow = false, inCell = false, inValue = false, inInline = false, inPhonetic = false, inFormula = false
        // A formula's text, kept for a cell the workbook saved without its computed value.
        var formula: [UInt8] = []
        var sharedIndex = false, cellReference = 0..<0, valueStart = 0
        func text(_ range: Range<Int>) -> String { String(decoding: xml[range].prefix(40), as: UTF8.self) }
        while let event = scanner.next() {
            switch event {
            case .text(let range):
                if inValue { scanner.appendText(range, to: &rowText) } else if inFormula && formula.count < 1_000 { scanner.appendText(range, to: &formula) }
            case .tag(let tag):
                if scanner.is(tag, "c") {
                    guard inRow else { continue }
                    if tag.closing {
                        guard inCell else { continue }
                        if rowText.count == valueStart && !formula.isEmpty {
                            // No computed value (a file written by a program, never opened in a spreadsheet): the
                            // formula is shown as the cell's text, so that it is named rather than read as empty.
                            rowText.append(UInt8(ascii: "="))
                            rowText += formula
                        }
                        formula.removeAll(keepingCapacity: true)
                        let file = file, reference = cellReference
                        try endCell(column: column, shared: sharedIndex, valueStart: valueStart, row: row) {
                            FileError(file: file, line: row, message: "cellule \(text(reference)) : chaîne partagée « \($0) » absente")
                        }
                        inCell = false
                        column += 1
                        continue
                    }
                    if let reference = scanner.rawAttribute(of: tag, "r") {
                        guard let referenced = XLSX.referencedColumn(xml[reference]) else {
                            throw fail("référence de cellule « \(text(reference)) » invalide (colonnes A à XFD, lignes 1 à 1 048 576)", row: row)
                        }
                        column = referenced
                        cellReference = reference
                    } else {
                        guard column < XLSX.lastColumn else { throw fail("plus de 16 384 colonnes sur une ligne", row: row) }
                        cellReference = 0..<0
                    }
                    if tag.selfClosing { column += 1; continue }
                    inCell = true
                    formula.removeAll(keepingCapacity: true)
                    sharedIndex = scanner.rawAttribute(of: tag, "t").map { xml[$0].elementsEqual("s".utf8) } ?? false
                    valueStart = rowText.count
                } else if scanner.is(tag, "f") {
                    inFormula = inCell && !tag.closing && !tag.selfClosing
                } else if scanner.is(tag, "v") {
                    inValue = inCell && !inInline && !tag.closing && !tag.selfClosing
                } else if scanner.is(tag, "is") {
                    inInline = inCell && !tag.closing && !tag.selfClosing
                } else if scanner.is(tag, "rPh") {
                    inPhonetic = !tag.closing && !tag.selfClosing
                } else if scanner.is(tag, "t") {
                    inValue = inInline && !inPhonetic && !tag.closing && !tag.selfClosing
                } else if scanner.is(tag, "mergeCell"), !tag.closing, let reference = scanner.rawAttribute(of: tag, "ref") {
                    let parts = xml[reference].split(separator: UInt8(ascii: ":"))
                    guard parts.count == 2, verticalMerges.count < limits.cells else { continue }
                    func split(_ r: ArraySlice<UInt8>) -> (Int, Int)? {
                        let cut = r.firstIndex { $0 < UInt8(ascii: "A") || $0 > UInt8(ascii: "Z") } ?? r.endIndex
                        guard let column = XLSX.columnIndex(letters: r[..<cut]), let row = XLSX.rowNumber(r[cut...]) else { return nil }
                        return (column, row)
                    }
                    if let (c1, r1) = split(parts[0]), let (c2, r2) = split(parts[1]), c1 == c2, r2 > r1 { verticalMerges.append((c1, r1...r2)) }
                } else if scanner.is(tag, "row") {
                    // A cell left open does not run into the next row (whose text starts afresh).
                    (inCell, inValue, inInline, inPhonetic, inFormula) = (false, false, false, false, false)
                    if tag.closing {
                        if inRow { try endRow(row) }
                        inRow = false
                        continue
                    }
                    if let reference = scanner.rawAttribute(of: tag, "r") {
                        guard let number = XLSX.rowNumber(xml[reference]) else {
                            throw fail("numéro de ligne « \(text(reference)) » invalide (lignes 1 à 1 048 576)", row: row)
                        }
                        row = number
                    } else {
                        guard row < XLSX.lastRow else { throw fail("plus de 1 048 576 lignes") }
                        row += 1
                    }
                    column = 0
                    inRow = !tag.selfClosing
                }
            }
        }
        if inRow { try endRow(row) }
    }

    /// The cell's value is the text gathered since `valueStart`; a shared string's index is replaced by its text.
    /// The budgets are checked at each cell: one row may repeat a long shared string thousands of times.
    private mutating func endCell(column: Int, shared isShared: Bool, valueStart: Int, row: Int, missing: (String) -> FileError) throws {
        if isShared {
            var index = 0, valid = valueStart < rowText.count
            for i in stride(from: valueStart, to: rowText.count, by: 1) {
                let d = rowText[i]
                guard d >= UInt8(ascii: "0") && d <= UInt8(ascii: "9"), index < shared.count else { valid = false; break }
                index = index * 10 + Int(d - 48)
            }
            guard valid, index < shared.count else { throw missing(String(decoding: rowText[valueStart...].prefix(20), as: UTF8.self)) }
            rowText.removeLast(rowText.count - valueStart)
            rowText += shared[index]
        }
        guard cells.extra.count + rowText.count <= limits.textBytes else { throw tooMuchText(row) }
        guard cells.starts.count + rowCells.count < limits.cells else { throw tooManyCells(row) }
        if rowText.count > valueStart { rowCells.append((column, valueStart..<rowText.count)) }
    }

    private func tooMuchText(_ row: Int) -> FileError { fail("feuille trop grande : plus de \(limits.textBytes >> 20) Mo de texte", row: row) }

    private func tooManyCells(_ row: Int) -> FileError { fail("feuille trop grande : plus de \(limits.cells) cellules (réduisez-la ou découpez-la)", row: row) }

    /// Writes the row into the table, empty cells before each filled one, unless all its cells are blank.
    private mutating func endRow(_ row: Int) throws {
        defer {
            rowCells.removeAll(keepingCapacity: true)
            rowText.removeAll(keepingCapacity: true)
        }
        let blank = rowCells.allSatisfy { cell in rowText[cell.bytes].allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") } }
        guard !blank else { return }
        if !rowCells.indices.dropFirst().allSatisfy({ rowCells[$0 - 1].column < rowCells[$0].column }) {
            // Out of order or repeated references: sorted by column, the last given for a column kept.
            let ordered = rowCells.enumerated().sorted { ($0.element.column, $0.offset) < ($1.element.column, $1.offset) }.map(\.element)
            rowCells = ordered.enumerated().filter { $0.offset + 1 == ordered.count || ordered[$0.offset + 1].column != $0.element.column }.map(\.element)
        }
        let width = rowCells[rowCells.count - 1].column + 1
        guard cells.starts.count + width <= limits.cells else { throw tooManyCells(row) }
        cells.recordFirst.append(cells.starts.count)
        cells.lines.append(row)
        var next = 0
        for cell in rowCells {
            let here = UInt32(cells.extra.count)
            while next < cell.column {
                cells.starts.append(here)
                cells.ends.append(here)
                next += 1
            }
            cells.starts.append(here)
            cells.extra += rowText[cell.bytes]
            cells.ends.append(UInt32(cells.extra.count))
            next += 1
        }
    }

    /// The header is the row the rule finds (the first filled row by default); the rows under it are the records.
    mutating func table(rule: CSV.HeaderRule) throws -> CSVTable {
        guard !cells.lines.isEmpty else { throw fail("feuille de calcul vide") }
        if !verticalMerges.isEmpty {
            // Merges are filled below the header only: a two-level header merges its cells down on purpose.
            let unfilled = CSVStorage(text: cells.extra, starts: cells.starts, ends: cells.ends, recordFirst: cells.recordFirst, lines: cells.lines)
            let header = try rule.find(in: CSVRecords(storage: unfilled, skip: 0), file: file).index
            try fillMerges(below: cells.lines[header])
        }
        let storage = CSVStorage(text: cells.extra, starts: cells.starts, ends: cells.ends, recordFirst: cells.recordFirst, lines: cells.lines)
        // A worksheet's cells right of the header are columns without a name, as the spreadsheet shows them.
        return try CSV.table(storage, file: file, rule: rule, separator: "\t", encoding: .utf8, format: .xlsx, unnamedColumns: true)
    }

    /// A value merged down a column is what each of its rows holds (a commune written once for three buildings):
    /// the empty cells of the rows below take the first row's value. Horizontal merges (titles, grouped headers)
    /// and merges in or above the header are left alone. Bounded by the cell budget: each filled cell counts.
    private mutating func fillMerges(below headerRow: Int) throws {
        var recordOfRow: [Int: Int] = [:]
        for (k, row) in cells.lines.enumerated() { recordOfRow[row] = k }
        func cell(_ record: Int, _ column: Int) -> Int? {
            let first = cells.recordFirst[record], end = record + 1 < cells.recordFirst.count ? cells.recordFirst[record + 1] : cells.starts.count
            return first + column < end ? first + column : nil
        }
        var budget = limits.cells
        for merge in verticalMerges where merge.rows.lowerBound > headerRow {
            guard let top = recordOfRow[merge.rows.lowerBound], let source = cell(top, merge.column) else { continue }
            for row in merge.rows.dropFirst() {
                budget -= 1
                guard budget > 0 else { throw tooManyCells(row) }
                guard let record = recordOfRow[row], let target = cell(record, merge.column), cells.starts[target] == cells.ends[target] else { continue }
                cells.starts[target] = cells.starts[source]
                cells.ends[target] = cells.ends[source]
            }
        }
    }
}

/// A forward scanner of the regular XML that spreadsheet programs write: tags with their attributes, and the
/// text between them. Comments, processing instructions and declarations are skipped (so no entity is ever
/// expanded beyond the five predefined ones and character references); CDATA is text.
struct XMLScanner {
    let bytes: [UInt8]
    var position = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    struct Tag {
        /// The local name (after any `prefix:`).
        let name: Range<Int>
        /// Between the name and the closing `>` or `/>`.
        let attributes: Range<Int>
        let closing: Bool
        let selfClosing: Bool
    }

    enum Event {
        case tag(Tag)
        /// Raw text (entities not yet replaced), or the inside of a CDATA section, marked by a range that
        /// starts with `<![CDATA[`.
        case text(Range<Int>)
    }

    func `is`(_ tag: Tag, _ name: StaticString) -> Bool {
        tag.name.count == name.utf8CodeUnitCount
            && name.withUTF8Buffer { expected in zip(bytes[tag.name], expected).allSatisfy { $0 == $1 } }
    }

    private func find(_ byte: UInt8, from start: Int) -> Int {
        var i = start
        while i < bytes.count && bytes[i] != byte { i += 1 }
        return i
    }

    private func find(_ marker: StaticString, from start: Int) -> Int? {
        marker.withUTF8Buffer { m -> Int? in
            var i = start
            while i + m.count <= bytes.count {
                if bytes[i] == m[0] && (1..<m.count).allSatisfy({ bytes[i + $0] == m[$0] }) { return i }
                i += 1
            }
            return nil
        }
    }

    private func startsWith(_ marker: StaticString, at i: Int) -> Bool {
        marker.withUTF8Buffer { m in i + m.count <= bytes.count && (0..<m.count).allSatisfy { bytes[i + $0] == m[$0] } }
    }

    mutating func next() -> Event? {
        while position < bytes.count {
            if bytes[position] != UInt8(ascii: "<") {
                let end = find(UInt8(ascii: "<"), from: position)
                defer { position = end }
                return .text(position..<end)
            }
            let start = position
            if startsWith("<![CDATA[", at: start) {
                let end = find("]]>", from: start + 9) ?? bytes.count
                position = min(bytes.count, end + 3)
                return .text(start..<end)
            }
            if startsWith("<!--", at: start) {
                position = (find("-->", from: start + 4) ?? bytes.count - 3) + 3
                continue
            }
            if startsWith("<?", at: start) || startsWith("<!", at: start) {
                position = find(UInt8(ascii: ">"), from: start) + 1
                continue
            }
            var i = start + 1
            let closing = i < bytes.count && bytes[i] == UInt8(ascii: "/")
            if closing { i += 1 }
            var nameStart = i
            while i < bytes.count, !Self.endsName(bytes[i]) {
                if bytes[i] == UInt8(ascii: ":") { nameStart = i + 1 }
                i += 1
            }
            let name = nameStart..<i
            // The tag ends at the first `>` outside a quoted attribute value.
            var quote: UInt8 = 0
            var j = i
            while j < bytes.count {
                let b = bytes[j]
                if quote != 0 { if b == quote { quote = 0 } } else if b == UInt8(ascii: "\"") || b == UInt8(ascii: "'") { quote = b } else if b == UInt8(ascii: ">") { break }
                j += 1
            }
            position = min(bytes.count, j + 1)
            let selfClosing = j < bytes.count && j > i && bytes[j - 1] == UInt8(ascii: "/")
            return .tag(Tag(name: name, attributes: i..<(selfClosing ? j - 1 : min(j, bytes.count)), closing: closing, selfClosing: selfClosing))
        }
        return nil
    }

    private static func endsName(_ b: UInt8) -> Bool {
        b == UInt8(ascii: " ") || b == UInt8(ascii: ">") || b == UInt8(ascii: "/") || b == UInt8(ascii: "\n") || b == UInt8(ascii: "\r")
            || b == UInt8(ascii: "\t")
    }

    /// The value of the attribute named `name` (entities replaced), if the tag has it.
    func attribute(of tag: Tag, _ name: StaticString) -> String? {
        rawAttribute(of: tag, name).map(string)
    }

    /// The value of the first attribute whose whole name matches (entities replaced).
    func attribute(of tag: Tag, where matches: (ArraySlice<UInt8>) -> Bool) -> String? {
        rawAttribute(of: tag, where: matches).map(string)
    }

    func rawAttribute(of tag: Tag, _ name: StaticString) -> Range<Int>? {
        name.withUTF8Buffer { expected in rawAttribute(of: tag) { $0.elementsEqual(expected) } }
    }

    /// Where the value of the first attribute whose whole name matches lies, as written.
    func rawAttribute(of tag: Tag, where matches: (ArraySlice<UInt8>) -> Bool) -> Range<Int>? {
        var i = tag.attributes.lowerBound
        let end = tag.attributes.upperBound
        while i < end {
            while i < end, Self.endsName(bytes[i]) { i += 1 }
            let nameStart = i
            while i < end, bytes[i] != UInt8(ascii: "="), !Self.endsName(bytes[i]) { i += 1 }
            let name = bytes[nameStart..<i]
            while i < end, bytes[i] != UInt8(ascii: "\""), bytes[i] != UInt8(ascii: "'") { i += 1 }
            guard i < end else { return nil }
            let quote = bytes[i]
            var valueEnd = i + 1
            while valueEnd < end, bytes[valueEnd] != quote { valueEnd += 1 }
            if matches(name) { return (i + 1)..<valueEnd }
            i = valueEnd + 1
        }
        return nil
    }

    private func string(_ range: Range<Int>) -> String {
        var value: [UInt8] = []
        appendText(range, to: &value)
        return String(decoding: value, as: UTF8.self)
    }

    /// Appends text with its entities replaced (the five of XML and character references; anything else is
    /// kept as written), or a CDATA section's content as is.
    func appendText(_ range: Range<Int>, to out: inout [UInt8]) {
        if startsWith("<![CDATA[", at: range.lowerBound) {
            out += bytes[(range.lowerBound + 9)..<range.upperBound]
            return
        }
        var i = range.lowerBound
        while i < range.upperBound {
            let b = bytes[i]
            guard b == UInt8(ascii: "&") else { out.append(b); i += 1; continue }
            // An entity is short: look for its `;` within 12 bytes.
            var semi = i + 1
            while semi < range.upperBound, semi - i <= 12, bytes[semi] != UInt8(ascii: ";") { semi += 1 }
            guard semi < range.upperBound, bytes[semi] == UInt8(ascii: ";") else { out.append(b); i += 1; continue }
            let entity = bytes[(i + 1)..<semi]
            if let replaced = Self.replacement(entity) {
                out += replaced
            } else {
                out += bytes[i...semi]
            }
            i = semi + 1
        }
    }

    private static func replacement(_ entity: ArraySlice<UInt8>) -> [UInt8]? {
        switch String(decoding: entity, as: UTF8.self) {
        case "amp": return [UInt8(ascii: "&")]
        case "lt": return [UInt8(ascii: "<")]
        case "gt": return [UInt8(ascii: ">")]
        case "quot": return [UInt8(ascii: "\"")]
        case "apos": return [UInt8(ascii: "'")]
        case let text where text.hasPrefix("#"):
            let code = text.hasPrefix("#x") ? UInt32(text.dropFirst(2), radix: 16) : UInt32(text.dropFirst())
            guard let code, let scalar = Unicode.Scalar(code) else { return nil }
            return Array(String(Character(scalar)).utf8)
        default: return nil
        }
    }
}

/// The zip container: its central directory, and stored or deflated parts inflated within a budget shared by
/// all the parts read, whatever sizes the archive declares.
struct Zip {
    struct Entry { let method: UInt16; let compressedSize: Int; let size: Int; let localHeader: Int }

    let bytes: [UInt8]
    let entries: [String: Entry]
    /// Inflated bytes allowed for all the parts read, and what is left of them.
    let limit: Int
    var budget: Int
    let fail: (String) -> FileError

    var names: Dictionary<String, Entry>.Keys { entries.keys }

    static func u16(_ b: [UInt8], _ o: Int) -> Int { Int(b[o]) | Int(b[o + 1]) << 8 }
    static func u32(_ b: [UInt8], _ o: Int) -> Int { u16(b, o) | u16(b, o + 2) << 16 }

    init(_ b: [UInt8], budget: Int, fail: @escaping (String) -> FileError) throws {
        self.bytes = b
        self.limit = budget
        self.budget = budget
        self.fail = fail
        // The end-of-central-directory record is within the last 64 KiB + 22 bytes.
        guard b.count >= 22, let eocd = stride(from: b.count - 22, through: max(0, b.count - 65_557), by: -1)
            .first(where: { b[$0] == 0x50 && b[$0 + 1] == 0x4B && b[$0 + 2] == 5 && b[$0 + 3] == 6 }) else {
            throw fail("fichier Excel (.xlsx) illisible : archive zip incomplète")
        }
        var offset = Self.u32(b, eocd + 16)
        var result: [String: Entry] = [:]
        for _ in 0..<Self.u16(b, eocd + 10) {
            guard offset + 46 <= b.count, Self.u32(b, offset) == 0x0201_4B50 else { throw fail("fichier Excel (.xlsx) illisible : répertoire zip abîmé") }
            let nameLength = Self.u16(b, offset + 28), extra = Self.u16(b, offset + 30), comment = Self.u16(b, offset + 32)
            guard offset + 46 + nameLength <= b.count else { throw fail("fichier Excel (.xlsx) illisible : répertoire zip abîmé") }
            let name = String(decoding: b[(offset + 46)..<(offset + 46 + nameLength)], as: UTF8.self)
            result[name] = Entry(method: UInt16(Self.u16(b, offset + 10)), compressedSize: Self.u32(b, offset + 20), size: Self.u32(b, offset + 24),
                                 localHeader: Self.u32(b, offset + 42))
            offset += 46 + nameLength + extra + comment
        }
        entries = result
    }

    /// The part's bytes once inflated, or nil when the archive has no such part.
    mutating func part(_ name: String) throws -> [UInt8]? {
        guard let e = entries[name] else { return nil }
        guard e.localHeader + 30 <= bytes.count, Self.u32(bytes, e.localHeader) == 0x0403_4B50 else {
            throw fail("fichier Excel (.xlsx) illisible : entrée zip hors du fichier")
        }
        let start = e.localHeader + 30 + Self.u16(bytes, e.localHeader + 26) + Self.u16(bytes, e.localHeader + 28)
        guard start + e.compressedSize <= bytes.count else { throw fail("fichier Excel (.xlsx) illisible : entrée zip tronquée") }
        let data = bytes[start..<(start + e.compressedSize)]
        let inflated: [UInt8]
        switch e.method {
        case 0: inflated = Array(data)
        case 8: inflated = try inflateRaw(data, declared: e.size)
        default: throw fail("fichier Excel (.xlsx) : compression zip \(e.method) non prise en charge")
        }
        guard inflated.count <= budget else { throw tooLarge() }
        budget -= inflated.count
        return inflated
    }

    private func tooLarge() -> FileError {
        fail("fichier Excel (.xlsx) trop volumineux une fois décompressé (plus de \(limit >> 20) Mo) : enregistrez une feuille plus petite ou en CSV")
    }

    /// Inflates within what is left of the budget: the size the archive declares is not trusted.
    private func inflateRaw(_ input: ArraySlice<UInt8>, declared: Int) throws -> [UInt8] {
        do {
            return try Inflation.inflate(input, windowBits: -15, limit: budget, reserve: min(declared, 64 << 20))
        } catch Inflation.Failure.tooLarge {
            throw tooLarge()
        } catch {
            throw fail("fichier Excel (.xlsx) illisible : données compressées abîmées ou tronquées")
        }
    }
}
