import Foundation
import PropertyBased
import Tabular
import Testing

@Suite struct XLSXTests {
    func read(_ rows: [String], shared: [String]? = nil, limits: XLSX.Limits = .standard) throws -> CSVTable {
        try XLSX.read(try Workbook.zip(Workbook.parts(sheet: Workbook.sheet(rows), sharedStrings: shared)), file: "t.xlsx", limits: limits)
    }

    func error(_ body: () throws -> CSVTable) -> FileError? {
        do { _ = try body(); return nil } catch let error as FileError { return error } catch { Issue.record("\(error)"); return nil }
    }

    @Test func readsWhatSpreadsheetProgramsWrite() throws {
        let table = try read([
            // A title-less header: shared strings (one with rich-text runs, one with a phonetic guide left out).
            "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c><c r='C1' t='s'><v>2</v></c><c r=\"D1\" t=\"s\"><v>3</v></c></row>",
            // A blank row and a row of spaces are left out; line numbers stay the sheet's.
            "<row r=\"2\"/><row r=\"3\"><c r=\"A3\" t=\"inlineStr\"><is><t>  </t></is></c></row>",
            // Numbers as stored, an inline string with entities, a boolean, an error; B left empty.
            "<row r=\"4\"><c r=\"A4\"><v>1234.5</v></c><c r=\"C4\" t=\"inlineStr\"><is><t>Salle &amp; &#xE9;cole &lt;1&gt;</t></is></c>"
                + "<c r=\"D4\" t=\"e\"><f>1/0</f><v>#DIV/0!</v></c></row>",
            // Cells out of order, a comment, CDATA, a formula whose cached value is kept.
            "<row r=\"6\"><c r=\"C6\" t=\"str\"><f>A6&amp;\"x\"</f><v>ax</v></c><!-- <c r=\"B6\"><v>9</v></c> --><c r=\"A6\" t=\"inlineStr\"><is><t><![CDATA[a<b]]></t></is></c></row>",
        ], shared: ["Identifiant ", "Nom", "Surface", "Énergie"])
        #expect(table.header == ["Identifiant", "Nom", "Surface", "Énergie"])
        #expect(table.records.map(\.line) == [4, 6])
        #expect(table.records[0].fields == ["1234.5", "", "Salle & école <1>", "#DIV/0!"])
        #expect(table.records[1].fields == ["a<b", "", "ax"])
    }

    @Test func readsRichTextPrefixedNamesAndCellsWithoutReferences() throws {
        let sst = "<sst><si><r><t>Gym</t></r><r><rPr/><t>nase</t></r><rPh><t>ジム</t></rPh></si><si/></sst>"
        var parts = Workbook.parts(sheet: """
            <x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>\
            <x:row><x:c t="s"><x:v>0</x:v></x:c><x:c t="s"><x:v>1</x:v></x:c><x:c><x:v>3</x:v></x:c></x:row>\
            <x:row><x:c t="inlineStr"><x:is><x:t>a</x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>
            """)
        parts.append(Workbook.Part(name: "xl/sharedStrings.xml", bytes: Array(sst.utf8)))
        let table = try XLSX.read(try Workbook.zip(parts, deflate: false), file: "t.xlsx")
        #expect(table.header == ["Gymnase", "", "3"])
        #expect(table.records.map(\.fields) == [["a"]])
        #expect(table.records.map(\.line) == [2])
    }

    /// A reference past Excel's grid used to abort the process (overflow) or allocate gigabytes.
    @Test(arguments: ["ZZZZZZZZZZZZZZ1", "ZZZZZZZZ99999999999", "XFE1", "A1048577", "A0", "1A", "a1", ""])
    func refusesReferencesOutsideTheGrid(_ reference: String) {
        let found = error { try read(["<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>x</t></is></c><c r=\"\(reference)\"><v>1</v></c></row>"]) }
        #expect(found?.message.contains("référence de cellule") == true, "\(String(describing: found))")
        #expect(found?.line == 1)
    }

    @Test(arguments: ["1048577", "99999999999999999999999999", "-1", "0", "x"])
    func refusesRowNumbersOutsideTheGrid(_ number: String) {
        let found = error { try read(["<row r=\"\(number)\"><c><v>1</v></c></row>"]) }
        #expect(found?.message.contains("numéro de ligne") == true, "\(String(describing: found))")
    }

    /// A workbook whose first sheet is a notice: the first sheet whose rows hold the header is read, and which
    /// sheets were left is said; a formula saved without its computed value is shown as the formula, not as empty.
    @Test func theSheetWithTheTableIsReadAndFormulasWithoutValueAreShown() throws {
        func inline(_ ref: String, _ text: String) -> String { "<c r=\"\(ref)\" t=\"inlineStr\"><is><t>\(text)</t></is></c>" }
        let notice = Workbook.sheet(["<row r=\"1\">\(inline("A1", "Mode d'emploi : une ligne par bâtiment"))</row>"])
        let data = Workbook.sheet(["<row r=\"1\">\(inline("A1", "Nom"))\(inline("B1", "Surface"))</row>",
                                   "<row r=\"2\">\(inline("A2", "Mairie"))<c r=\"B2\"><f>40000+10000</f></c></row>"])
        var parts = Workbook.parts(sheet: notice)
        parts[0] = Workbook.Part(name: "xl/workbook.xml", bytes: Array("""
            <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
            xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>\
            <sheet name="Notice" sheetId="1" r:id="rId1"/><sheet name="Bâtiments" sheetId="2" r:id="rId2"/></sheets></workbook>
            """.utf8))
        parts[1] = Workbook.Part(name: "xl/_rels/workbook.xml.rels", bytes: Array("""
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            <Relationship Id="rId1" Type="worksheet" Target="worksheets/sheet1.xml"/>\
            <Relationship Id="rId2" Type="worksheet" Target="worksheets/sheet2.xml"/></Relationships>
            """.utf8))
        parts.append(Workbook.Part(name: "xl/worksheets/sheet2.xml", bytes: Array(data.utf8)))
        let table = try XLSX.read(try Workbook.zip(parts), file: "t.xlsx", header: .best { $0.contains("Surface") ? 1 : 0 })
        #expect(table.sheet == "Bâtiments" && table.otherSheets == ["Notice"])
        #expect(table.header == ["Nom", "Surface"] && table.records[0][1] == "=40000+10000")
    }

    /// Cells merged down a column repeat their value in the rows of the table, not in the header's rows (a two-level
    /// header merges "Nom" over its two rows on purpose).
    @Test func mergedCellsAreFilledBelowTheHeaderOnly() throws {
        func inline(_ ref: String, _ text: String) -> String { "<c r=\"\(ref)\" t=\"inlineStr\"><is><t>\(text)</t></is></c>" }
        let xml = "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
            + "<row r=\"1\">\(inline("A1", "Nom"))\(inline("B1", "Consommations 2023"))</row><row r=\"2\">\(inline("B2", "Gaz"))</row>"
            + "<row r=\"3\">\(inline("A3", "Mairie"))<c r=\"B3\"><v>5</v></c></row><row r=\"4\"><c r=\"B4\"><v>6</v></c></row>"
            + "</sheetData><mergeCells count=\"2\"><mergeCell ref=\"A1:A2\"/><mergeCell ref=\"A3:A4\"/></mergeCells></worksheet>"
        let table = try XLSX.read(try Workbook.zip(Workbook.parts(sheet: xml)), file: "t.xlsx", header: .best { $0.contains("Gaz") ? 1 : 0 })
        #expect(table.header == ["", "Gaz"])
        #expect(table.records.map { $0[0] } == ["Mairie", "Mairie"])
    }

    @Test func theLastColumnOfTheGridIsRead() throws {
        let table = try read(["<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>", "<row r=\"2\"><c r=\"XFD2\"><v>7</v></c></row>"])
        #expect(table.records[0].count == 16_384)
        #expect(table.records[0][16_383] == "7")
    }

    @Test func aSharedStringThatDoesNotExistIsNamed() {
        for index in ["3", "99999999999999999999", "-1", ""] {
            let found = error { try read(["<row r=\"1\"><c r=\"B1\" t=\"s\"><v>\(index)</v></c></row>"], shared: ["a", "b"]) }
            #expect(found?.message == "cellule B1 : chaîne partagée « \(index) » absente", "\(String(describing: found))")
        }
    }

    /// 16 MiB of XML compressed to a few kilobytes: inflating stops at the budget, whatever size is declared.
    @Test(arguments: [nil, 100, Int(UInt32.max)])
    func aDecompressionBombStopsAtTheBudget(declared: Int?) throws {
        let row = Array("<row><c><v>1</v></c></row>".utf8)
        var bomb: [UInt8] = []
        bomb.reserveCapacity(16 << 20)
        while bomb.count < 16 << 20 { bomb += row }
        var parts = Workbook.parts(sheet: "")
        parts[2] = Workbook.Part(name: "xl/worksheets/sheet1.xml", bytes: bomb, declaredSize: declared)
        let workbook = try Workbook.zip(parts)
        #expect(workbook.count < 1 << 20)
        let found = error { try XLSX.read(workbook, file: "t.xlsx", limits: .init(inflatedBytes: 4 << 20, cells: 1_000_000, textBytes: 4 << 20)) }
        #expect(found?.message.contains("trop volumineux une fois décompressé (plus de 4 Mo)") == true, "\(String(describing: found))")
    }

    @Test func aDeclaredSizeSmallerThanTheTruthIsNotTrusted() throws {
        var parts = Workbook.parts(sheet: Workbook.sheet((1...2_000).map { "<row r=\"\($0)\"><c r=\"A\($0)\"><v>\($0)</v></c></row>" }))
        parts[2].declaredSize = 10
        let table = try XLSX.read(try Workbook.zip(parts), file: "t.xlsx")
        #expect(table.records.count == 1_999)
        #expect(table.records.last?[0] == "2000")
    }

    @Test func tablesBeyondTheCellAndTextBudgetsAreRefused() throws {
        let wide = error {
            try read(["<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>", "<row r=\"2\"><c r=\"XFD2\"><v>1</v></c></row>"],
                     limits: .init(inflatedBytes: 1 << 20, cells: 10_000, textBytes: 1 << 20))
        }
        #expect(wide?.message == "feuille trop grande : plus de 10000 cellules (réduisez-la ou découpez-la)")
        #expect(wide?.line == 2)
        // One long shared string used on every row: small to send, large once resolved.
        let long = String(repeating: "é", count: 50_000)
        let rows = (1...200).map { "<row r=\"\($0)\"><c r=\"A\($0)\" t=\"s\"><v>0</v></c></row>" }
        let text = error { try read(rows, shared: [long], limits: .init(inflatedBytes: 1 << 20, cells: 10_000, textBytes: 4 << 20)) }
        #expect(text?.message == "feuille trop grande : plus de 4 Mo de texte")
    }

    /// A cell left open across rows used to resolve a shared string from the previous row's text (a crash).
    @Test func aCellLeftOpenDoesNotRunIntoTheNextRow() throws {
        let table = try read(["<row><c><v>1</v></c><c t=\"s\"><v>0</v></row><row></c></row>", "<row><c><v>2</v></c></row>"], shared: ["a"])
        #expect(table.header == ["1"])
        #expect(table.records.map(\.fields) == [["2"]])
    }

    /// One row repeating a long shared string: refused at the cell that passes the budget, not after the row is built.
    @Test func theTextBudgetHoldsWithinARow() throws {
        let long = String(repeating: "x", count: 1 << 20)
        let cells = (0..<300).map { _ in "<c t=\"s\"><v>0</v></c>" }.joined()
        let found = error { try read(["<row r=\"1\">\(cells)</row>"], shared: [long], limits: .init(inflatedBytes: 8 << 20, cells: 10_000, textBytes: 4 << 20)) }
        #expect(found?.message == "feuille trop grande : plus de 4 Mo de texte")
        let repeated = String(repeating: "<c r=\"A1\"><v>1</v></c>", count: 2_000)
        let many = error { try read(["<row r=\"1\">\(repeated)</row>"], limits: .init(inflatedBytes: 8 << 20, cells: 1_000, textBytes: 4 << 20)) }
        #expect(many?.message == "feuille trop grande : plus de 1000 cellules (réduisez-la ou découpez-la)")
        let strings = String(repeating: "<si/>", count: 2_000)
        var parts = Workbook.parts(sheet: Workbook.sheet(["<row><c><v>1</v></c></row>"]))
        parts.append(Workbook.Part(name: "xl/sharedStrings.xml", bytes: Array("<sst>\(strings)</sst>".utf8)))
        let shared = error { try XLSX.read(try Workbook.zip(parts), file: "t.xlsx", limits: .init(inflatedBytes: 8 << 20, cells: 1_000, textBytes: 4 << 20)) }
        #expect(shared?.message == "classeur trop grand : plus de 1000 chaînes partagées ou de 4 Mo de texte")
    }

    @Test func damagedArchivesAreSaidInFrench() throws {
        let workbook = try Workbook.table([["a", "b"], ["1", "2"]])
        let truncated = error { try XLSX.read(Array(workbook.prefix(workbook.count / 2)), file: "t.xlsx") }
        #expect(truncated?.message.hasPrefix("fichier Excel (.xlsx) illisible") == true)
        // The sheet's compressed bytes damaged in the middle.
        var damaged = workbook
        let sheet = damaged.indices.first { damaged[$0...].starts(with: Array("xl/worksheets/sheet1.xml".utf8)) }! + 24
        for i in sheet..<(sheet + 8) { damaged[i] ^= 0x5A }
        let found = error { try XLSX.read(damaged, file: "t.xlsx") }
        #expect(found != nil)
    }

    // MARK: Properties

    static let alphabet = Array("aZé œ&<>\"';,.\t-1905Ü€") as [Character]
    static let cell = Gen<Character?>.element(of: alphabet).map { $0! }.string(of: 0...8)

    /// Any table written as Excel writes it reads back cell for cell, blank rows and trailing empty cells aside.
    @Test func tablesReadBackAsWritten() async {
        await propertyCheck(count: 150, input: Self.cell.array(of: 3...3).array(of: 1...25)) { rows in
            let header = ["Code", "Nom", "Valeur"]
            let workbook = try Workbook.table([header] + rows)
            let table = try XLSX.read(workbook, file: "p.xlsx")
            func trimmed(_ fields: [String]) -> [String] { Array(fields.reversed().drop { $0.isEmpty }.reversed()) }
            let expected = rows.enumerated().filter { !$0.element.allSatisfy { $0.allSatisfy { $0 == " " || $0 == "\t" } } }
            #expect(table.header == header)
            #expect(table.records.map(\.line) == expected.map { $0.offset + 2 })
            #expect(table.records.map { trimmed($0.fields) } == expected.map { trimmed($0.element) })
        }
    }

    /// Damaged workbooks — bytes flipped in the archive, or markup mangled in the sheet — end in a `FileError`
    /// or a table, never in a crash or another error.
    @Test func damagedWorkbooksFailCleanly() async throws {
        let rows = (1...40).map { r in ["B\(r)", "École n° \(r) & cie", "\(r * 37),5"] }
        let workbook = try Workbook.table([["Identifiant", "Nom", "Surface"]] + rows)
        await propertyCheck(count: 300, input: Gen.int(in: 0...(workbook.count - 1)).array(of: 1...6), Gen.uint8(in: 1...255)) { positions, mask in
            var damaged = workbook
            for p in positions { damaged[p] ^= mask }
            do { _ = try XLSX.read(damaged, file: "d.xlsx") } catch is FileError {}
        }
        let sheet = Workbook.sheet(rows.enumerated().map { r, row in
            "<row r=\"\(r + 1)\">" + row.enumerated().map { "<c r=\"\(Workbook.column($0))\(r + 1)\" t=\"inlineStr\"><is><t>\(Workbook.escape($1))</t></is></c>" }.joined() + "</row>"
        })
        let pieces = ["<", ">", "\"", "'", "/", "&", "&#x110000;", "&#0;", "<![CDATA[", "<!--", "r=\"ZZZZZZZZZZZZZ9\"", "<row r=\"0\">", "<c", "</c>", "<v>", "t=\"s\""]
        await propertyCheck(count: 300, input: Gen.int(in: 0...(sheet.utf8.count - 1)).array(of: 1...5), Gen<String?>.element(of: pieces).map { $0! }) { positions, piece in
            var bytes = Array(sheet.utf8)
            for p in positions.sorted(by: >) { bytes.insert(contentsOf: Array(piece.utf8), at: min(p, bytes.count)) }
            var parts = Workbook.parts(sheet: "")
            parts[2] = Workbook.Part(name: "xl/worksheets/sheet1.xml", bytes: bytes)
            do { _ = try XLSX.read(try Workbook.zip(parts), file: "m.xlsx") } catch is FileError {}
        }
    }
}
