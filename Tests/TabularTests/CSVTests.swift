import Foundation
import Testing
@testable import Tabular

@Suite struct CSVTests {
    @Test func readsSemicolonFileWithBOMAndCRLF() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("COM;Commune;PMUN\r\n29019;Brest;139619\r\n29103;Landerneau;16206\r\n".utf8)
        let table = try CSV.parse(bytes, file: "pop.csv")
        #expect(table.separator == ";")
        #expect(table.encoding == .utf8)
        #expect(table.header == ["COM", "Commune", "PMUN"])
        #expect(table.records.map(\.fields) == [["29019", "Brest", "139619"], ["29103", "Landerneau", "16206"]])
        #expect(table.records.map(\.line) == [2, 3])
    }

    @Test func readsQuotedFieldsWithSeparatorsLineBreaksAndQuotes() throws {
        let text = "code,adresse,note\n01001,\"119 route, 01400 L'Abergement\",\"dit \"\"le haut\"\"\"\n01002,\"ligne 1\nligne 2\",x\n01003,c,d\n"
        let table = try CSV.parse(Array(text.utf8), file: "mairies.csv")
        #expect(table.records[0].fields == ["01001", "119 route, 01400 L'Abergement", "dit \"le haut\""])
        #expect(table.records[1].fields == ["01002", "ligne 1\nligne 2", "x"])
        // The record after a quoted line break starts on physical line 5.
        #expect(table.records[2].line == 5)
        // Cells read in place give the same bytes, the unescaped one included; past the last field, nothing.
        #expect(table.records[0].withUTF8(2) { String(decoding: $0, as: UTF8.self) } == "dit \"le haut\"")
        #expect(table.records[0].byteCount(at: 2) == 13 && table.records[0].firstByte(at: 2) == UInt8(ascii: "d"))
        #expect(table.records[2].byteCount(at: 1) == 1 && table.records[2].firstByte(at: 1) == UInt8(ascii: "c"))
        #expect(table.records[2].byteCount(at: 7) == 0 && table.records[2].isEmpty(at: 7) && table.records[2].firstByte(at: 7) == nil)
        #expect(table.records[2][7] == "")
        #expect(table.records.map(\.count) == [3, 3, 3])
    }

    /// What a reader of millions of cells asks a record without a string: emptiness, first byte, blankness and a
    /// plain number, each from the cell's bytes; a field past the end of a short record is empty.
    @Test func recordsAnswerFromTheCellBytes() throws {
        let table = try CSV.parse(Array("a;b;c;d\n1 234,5; \t;#N/A;\"x\"\"y\"\n-0,25;;1e3\n".utf8), file: "t.csv")
        let (first, second) = (table.records[0], table.records[1])
        #expect(first.plainNumber(at: 0) == 1234.5 && second.plainNumber(at: 0) == -0.25)
        // An exponent, text, an empty or absent field: no plain number, the caller reads the text.
        #expect(second.plainNumber(at: 2) == nil && first.plainNumber(at: 2) == nil && second.plainNumber(at: 1) == nil && second.plainNumber(at: 3) == nil)
        #expect(first.isBlank(at: 1) && !first.isEmpty(at: 1) && second.isEmpty(at: 1) && second.isBlank(at: 1) && !first.isBlank(at: 0))
        #expect(first.firstByte(at: 2) == UInt8(ascii: "#") && first.firstByte(at: 3) == UInt8(ascii: "x") && second.firstByte(at: 3) == nil)
        // The unescaped cell: x"y, three bytes.
        #expect(first.byteCount(at: 3) == 3 && second.isEmpty(at: 3) && second.byteCount(at: 9) == 0)
    }

    /// The memo reads each distinct text once, finds it again by its bytes in any record, tells apart texts of the
    /// same length, and stays right past the 64 texts it keeps.
    @Test func cellMemoReadsEachDistinctTextOnce() throws {
        let lines = ["école", "mairie", "école", "ecole", "mairie", " "] + (0..<100).map { "t\($0)" } + ["école", "t99"]
        let table = try CSV.parse(Array(("usage\n" + lines.joined(separator: "\n") + "\n").utf8), file: "u.csv")
        #expect(table.records.count == lines.count)
        var memo = CellMemo<String>()
        var reads: [String] = []
        let values = table.records.map { record in memo.value(record, at: 0) { reads.append($0); return $0.uppercased() } }
        #expect(values == lines.map { $0.uppercased() })
        // "école", "mairie", "ecole", " ", then t0… t59 are kept (64 texts); t60… t99 are read every time.
        #expect(reads == ["école", "mairie", "ecole", " "] + (0..<100).map { "t\($0)" } + ["t99"])
    }

    @Test func decodesWindows1252WhenNotUTF8() throws {
        // "Côte-d'Œuvre;12,5" as Excel writes it in Windows-1252: ô = 0xF4, Œ = 0x8C.
        let bytes: [UInt8] = Array("nom;valeur\nC".utf8) + [0xF4] + Array("te-d'".utf8) + [0x8C] + Array("uvre;12,5\n".utf8)
        let table = try CSV.parse(bytes, file: "export.csv")
        #expect(table.encoding == .windows1252)
        #expect(table.records[0][0] == "Côte-d'Œuvre")
        #expect(FrenchNumber.parse(table.records[0][1]) == 12.5)
    }

    @Test func reportsUnterminatedQuoteWithLineAndColumn() {
        let text = "a;b\n1;2\n3;\"jamais fermé\n"
        #expect(throws: FileError(file: "f.csv", line: 3, column: 3, message: "guillemet ouvert jamais refermé")) {
            try CSV.parse(Array(text.utf8), file: "f.csv")
        }
    }

    @Test func reportsTextAfterClosingQuote() throws {
        let text = "a;b\n\"é\"x;2\n"
        let error = #expect(throws: FileError.self) { try CSV.parse(Array(text.utf8), file: "f.csv") }
        #expect(error?.line == 2)
        #expect(error?.column == 4)  // characters, not bytes: "é" is one column
    }

    @Test func reportsExtraFieldsButToleratesEmptyPadding() throws {
        let padded = try CSV.parse(Array("a;b\n1;2;;\n".utf8), file: "f.csv")
        #expect(padded.records[0][1] == "2")
        let error = #expect(throws: FileError.self) { try CSV.parse(Array("a;b\n1;2\n3;4;5\n".utf8), file: "f.csv") }
        #expect(error?.line == 3)
        #expect(error?.description.contains("3 champs alors que l'en-tête en annonce 2") == true)
    }

    @Test func namesMissingColumnInFrench() throws {
        let table = try CSV.parse(Array("COM,LIBELLE\n".utf8), file: "communes.csv")
        let error = #expect(throws: FileError.self) { try table.column("DEP") }
        #expect(error?.description == "communes.csv, ligne 1 : colonne « DEP » absente ; colonnes trouvées : COM, LIBELLE")
    }

    /// A large file without quotes is read on all cores: the same records, on the same lines, as a reading in
    /// one piece would give (LF, CR LF and lone CR endings, blank lines).
    @Test func largeFilesReadInChunksKeepTheirLines() throws {
        var text = "id;nom;valeur\n"
        var expected: [(line: Int, id: String)] = []
        var line = 2
        let endings = ["\n", "\r\n", "\r"]
        for i in 0..<150_000 {
            // A blank line after a row ended by LF (after a lone CR it would make a CR LF).
            if i % 999 == 1 { text += "\n"; line += 1 }
            text += "B\(i);Bâtiment n° \(i);\(i),5" + endings[i % 3]
            expected.append((line, "B\(i)"))
            line += 1
        }
        let bytes = Array(text.utf8)
        #expect(bytes.count >= 4 << 20)
        #expect(try #require(bytes.withUnsafeBufferPointer { CSV.parallelCuts($0) }).count > 2)
        let table = try CSV.parse(bytes, file: "grand.csv")
        #expect(table.records.count == expected.count)
        let mismatch = zip(table.records, expected).first { $0.line != $1.line || $0[0] != $1.id }
        #expect(mismatch == nil, "première différence : \(mismatch.map { "\($0.0.line) \($0.0[0]) ≠ \($0.1.line) \($0.1.id)" } ?? "")")
        #expect(table.records[149_999].fields == ["B149999", "Bâtiment n° 149999", "149999,5"])
    }

    /// One line of eight million separators used to keep a server thread busy for minutes: a header wider than
    /// a spreadsheet's grid is refused at once.
    @Test func aHeaderWiderThanASpreadsheetIsRefused() {
        #expect(throws: FileError(file: "f.csv", line: 1, message: "la première ligne a 20001 colonnes, plus que les 16 384 d'un tableur : vérifiez le séparateur")) {
            try CSV.parse(Array(String(repeating: ";", count: 20_000).utf8), file: "f.csv")
        }
        let widest = (0..<16_384).map { "c\($0)" }.joined(separator: ";")
        #expect((try? CSV.parse(Array(widest.utf8), file: "f.csv"))?.header.count == 16_384)
    }

    /// A 20 MB "column name" kept the import's column matching busy for most of a minute.
    @Test func aHeaderNameLongerThanAThousandCharactersIsRefused() {
        let long = String(repeating: "é", count: 501)
        #expect(throws: FileError(file: "f.csv", line: 1, column: 2,
                                  message: "le nom de colonne de l'en-tête dépasse 1 000 caractères : la première ligne doit nommer les colonnes")) {
            try CSV.parse(Array("nom;\(long)\nA;1\n".utf8), file: "f.csv")
        }
        #expect((try? CSV.parse(Array("nom;\(String(repeating: "é", count: 500))\nA;1\n".utf8), file: "f.csv"))?.header.count == 2)
    }

    @Test func parsesFrenchNumbers() {
        #expect(FrenchNumber.parse("1 234,5") == 1234.5)
        #expect(FrenchNumber.parse("1\u{202F}234") == 1234)
        #expect(FrenchNumber.parse("-0,25") == -0.25)
        #expect(FrenchNumber.parse("") == nil)
        #expect(FrenchNumber.parse("n/a") == nil)
    }

    /// The byte-level fast path agrees with the general one (clean the text, then `Double(String)`) on every
    /// number it takes, and leaves the others to it.
    @Test func fastPathAgreesWithTheGeneralOne() {
        func general(_ text: String) -> Double? {
            let cleaned = String(text.filter { $0 != " " }.map { $0 == "," ? "." : $0 })
            return cleaned.isEmpty ? nil : Double(cleaned).flatMap { $0.isFinite ? $0 : nil }
        }
        var random = SplitMix(seed: 42)
        var taken = 0
        for _ in 0..<20_000 {
            let integer = String(random.next(below: 10_000_000)), fraction = String(random.next(below: 100_000))
            let decimals = String(repeating: "0", count: random.next(below: 3)) + fraction
            let candidates = [integer, "\(integer),\(decimals)", "-\(integer).\(decimals)", "+\(integer)", " \(integer) ", "0,\(decimals)",
                              "\(integer.prefix(1)) \(integer.dropFirst()),\(decimals)"]
            for text in candidates {
                if let fast = FrenchNumber.plainDecimal(text.utf8) {
                    taken += 1
                    #expect(fast == general(text), "\(text)")
                }
                #expect(FrenchNumber.parse(text) == general(text), "\(text)")
            }
        }
        #expect(taken == 140_000)
        // Left to the general path: exponents, a lone separator, two separators, too many digits.
        for text in ["1e3", ",5", "5,", "1,2,3", "1234567890123456", "--1"] { #expect(FrenchNumber.plainDecimal(text.utf8) == nil, "\(text)") }
        #expect(FrenchNumber.parse("1e3") == 1000 && FrenchNumber.parse("1234567890123456") == 1234567890123456)
    }

    @Test func inflatesGzip() throws {
        // gzip.compress(b"bonjour\n", mtime=0) from Python's standard library.
        let compressed: [UInt8] = [31, 139, 8, 0, 0, 0, 0, 0, 2, 3, 75, 202, 207, 203, 202, 47, 45, 226, 2, 0, 225, 250, 205, 167, 8, 0, 0, 0]
        #expect(try Gzip.decompress(compressed) == Array("bonjour\n".utf8))
        #expect(try Gzip.decompress(Array("plain".utf8)) == Array("plain".utf8))
        #expect(throws: Gzip.Error.self) { try Gzip.decompress([31, 139, 8, 0, 1, 2, 3]) }
    }
}

@Suite struct FrenchCSVTests {
    @Test func writesWhatFrenchExcelReads() {
        let text = FrenchCSV.document(header: ["commune", "valeur"], rows: [[.text("L'Île; d'en face"), .number(1.5, decimals: 1)],
                                                                            [.text("dit \"X\""), .integer(2)]])
        #expect(text == "\u{FEFF}commune;valeur\r\n\"L'Île; d'en face\";1,5\r\n\"dit \"\"X\"\"\";2\r\n")
    }

    /// OWASP's CSV injection: a text cell a spreadsheet would run as a formula starts with `'`; numbers, even
    /// negative, and texts starting otherwise are written as they are.
    @Test func textThatLooksLikeAFormulaIsNeutralisedNumbersAreNot() {
        let attacks = ["=HYPERLINK(\"http://x\")", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A2)", "\tx", "\rx"]
        let text = FrenchCSV.document(header: ["=nom"], rows: attacks.map { [.text($0)] }
                                      + [[.number(-12.5, decimals: 1)], [.number(-3.2, decimals: 1)], [.integer(-4)], [.text("École -1")], [.empty]])
        let lines = text.dropFirst().components(separatedBy: "\r\n")
        #expect(Array(lines) == ["'=nom", "\"'=HYPERLINK(\"\"http://x\"\")\"",
                                 "'+cmd|' /C calc'!A0", "'-2+3", "'@SUM(A1:A2)", "'\tx", "\"'\rx\"", "-12,5", "-3,2", "-4", "École -1", "", ""])
        // The value itself, for JSON and GeoJSON, is left alone.
        #expect(FrenchCSV.Cell.text("=1+1").value == "=1+1")
    }

    @Test func roundsHalvesAwayFromZero() {
        #expect(FrenchCSV.number(11.25, decimals: 1) == "11,3")
        #expect(FrenchCSV.number(-0.04, decimals: 1) == "0,0")
        #expect(FrenchCSV.number(-2.5, decimals: 0) == "-3")
        #expect(FrenchCSV.number(1234.5678, decimals: 2) == "1234,57")
        #expect(FrenchCSV.number(0.05, decimals: 2) == "0,05")
    }

    @Test func roundTripsThroughTheReader() throws {
        let text = FrenchCSV.document(header: ["a", "b"], rows: [[.text("x;y"), .number(3.25, decimals: 2)]])
        let table = try CSV.parse(Array(text.utf8), file: "export.csv")
        #expect(table.separator == ";")
        #expect(table.records[0].fields == ["x;y", "3,25"])
        #expect(FrenchNumber.parse(table.records[0][1]) == 3.25)
    }
}

@Suite struct FNV1aTests {
    @Test func fingerprintsFollowTheBytes() {
        func hash(_ text: String) -> String { var h = FNV1a(); h.add(text); return h.hex }
        // Under 8 bytes it is the standard 64-bit FNV-1a: the offset basis for nothing, the specification's value for "a".
        #expect(hash("") == "cbf29ce484222325")
        #expect(hash("a") == "af63dc4c8601ec8c")
        // Longer texts mix whole 8-byte little-endian words, then the tail bytes one by one: values worked out
        // apart from this code (a few lines of Python following that rule). ETags and identifier numbers depend on them.
        #expect(hash("territoires") == "132129121df46133")
        #expect(hash("territoireS") == "132149121df49793")
        // Word-wise mixing must not lose the tail bytes (length not a multiple of 8).
        #expect(hash("123456789") == "a6cd6bd677081abf")
        #expect(hash("123456789") != hash("123456780"))
        // A file's bytes (static files' ETags) fingerprint as the same text does, whatever holds them.
        var data = FNV1a(), bytes = FNV1a()
        data.add(Data("123456789".utf8))
        bytes.add(Array("123456789".utf8))
        #expect(data.hex == "a6cd6bd677081abf" && bytes.hex == "a6cd6bd677081abf")
    }
}

@Suite struct PackedDoublesTests {
    /// Each value's IEEE 754 bytes, little-endian, in order (the layout databases written before hold), and back.
    @Test func packsLittleEndianBytesAndReadsThemBack() {
        #expect(PackedDoubles.bytes([1, -2.5]) == [0, 0, 0, 0, 0, 0, 0xF0, 0x3F, 0, 0, 0, 0, 0, 0, 0x04, 0xC0])
        #expect(PackedDoubles.values([0, 0, 0, 0, 0, 0, 0xF0, 0x3F, 0, 0, 0, 0, 0, 0, 0x04, 0xC0]) == [1, -2.5])
        let values = [0, .pi, -0.0, 1e300, .infinity, 35_000.25]
        #expect(PackedDoubles.values(PackedDoubles.bytes(values)).map(\.bitPattern) == values.map(\.bitPattern))
        // Bytes past the last whole value are no value.
        #expect(PackedDoubles.values(PackedDoubles.bytes([0.1, 7]) + [1, 2]) == [0.1, 7])
        #expect(PackedDoubles.values([]) == [] && PackedDoubles.values([1, 2, 3]) == [])
        // One value appended to a buffer: the same 8 bytes after what it held.
        var buffer: [UInt8] = [7]
        PackedDoubles.append(-2.5, to: &buffer)
        #expect(buffer == [7, 0, 0, 0, 0, 0, 0, 0x04, 0xC0])
    }
}

@Suite struct XMLEscapeTests {
    /// The five characters markup gives meaning to, in text and attribute values; all other text (accents
    /// included) as it is.
    @Test func escapesTheFiveMarkupCharacters() {
        #expect(XML.escape("<a href=\"x\">Côte & l'Îsle</a>") == "&lt;a href=&quot;x&quot;&gt;Côte &amp; l&#39;Îsle&lt;/a&gt;")
        #expect(XML.escape("Saint-Pol-de-Léon (29239)") == "Saint-Pol-de-Léon (29239)")
        #expect(XML.escape("") == "")
    }
}

@Suite struct IdentifierTableTests {
    /// Numbers are given in order of first appearance, repeats find their first number, and growth past the
    /// announced capacity keeps every number: checked against a dictionary on 20,000 identifiers, half repeated,
    /// many sharing their leading bytes (the slot comes from the fingerprint's high bits).
    @Test func numbersIdentifiersAsADictionaryWould() {
        var table = IdentifierTable(capacity: 100)
        var reference: [String: Int] = [:]
        var mismatches = 0
        for i in 0..<20_000 {
            let id = i % 2 == 0 ? "B\(i / 2)" : "B\((i * 7_919) % 10_000)"
            let expected = reference[id]
            let (inserted, number) = table.insert(id)
            if expected == nil { reference[id] = reference.count }
            if inserted != (expected == nil) || number != reference[id]! { mismatches += 1 }
        }
        #expect(mismatches == 0)
        #expect(table.count == reference.count)
        #expect(table.number("B42") == reference["B42"])
        #expect(table.number("absent") == nil)
        // Byte for byte: a decomposed "é" is another identifier than the composed one.
        #expect(table.insert("caf\u{E9}").inserted && table.insert("cafe\u{301}").inserted)
    }
}
