import PropertyBased
import Tabular
import Testing

/// Properties of the CSV reader and of French number parsing, checked on generated inputs.
@Suite struct ReaderPropertyTests {
    static let alphabet = Array("aZé œ\"';,.\t\n-19Ü€") + ["\r\n"] as [Character]
    static let cell = Gen<Character?>.element(of: alphabet).map { $0! }.string(of: 0...8)

    /// An RFC 4180 writer written here, as the oracle: a field is quoted when it holds the separator, a quote or
    /// a line break.
    static func write(_ rows: [[String]], separator: Character, lineEnd: String) -> String {
        rows.map { row in
            row.map { field in
                field.contains(where: { $0 == separator || $0 == "\"" || $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
                    ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
            }.joined(separator: String(separator))
        }.joined(separator: lineEnd) + lineEnd
    }

    /// Any table written in any of the dialects French offices use reads back field for field.
    @Test func tablesReadBackInEveryDialect() async {
        let dialects = Gen<Int>.int(in: 0...5)
        await propertyCheck(count: 200, input: Self.cell.array(of: 3...3).array(of: 1...20), dialects) { rows, dialect in
            let separator: Character = [";", ",", "\t"][dialect % 3]
            let header = ["Code", "Nom", "Valeur"]
            // A row whose fields are all empty is a blank line, which the reader passes over: not generated.
            let rows = rows.filter { !$0.allSatisfy(\.isEmpty) }
            var text = Self.write([header] + rows, separator: separator, lineEnd: dialect < 3 ? "\r\n" : "\n")
            if dialect.isMultiple(of: 2) { text = "\u{FEFF}" + text }
            let table = try CSV.parse(Array(text.utf8), file: "p.csv")
            #expect(table.header == header)
            #expect(table.separator == separator)
            #expect(table.records.map { $0.fields + Array(repeating: "", count: 3 - $0.count) } == rows)
        }
    }

    /// Any bytes at all end in a table or a `FileError`: never a crash or another error.
    @Test func anyBytesFailCleanly() async {
        await propertyCheck(count: 300, input: Gen<UInt8>.uint8(in: 0...255).array(of: 0...2_000)) { bytes in
            do { _ = try CSV.parse(bytes, file: "x.csv") } catch is FileError {}
        }
        let quoted = Gen<Character?>.element(of: Array("\"\";\n\ra") as [Character]).map { $0! }.string(of: 0...400)
        await propertyCheck(count: 300, input: quoted) { text in
            do { _ = try CSV.parse(Array(text.utf8), file: "x.csv") } catch is FileError {}
        }
    }

    /// A number as French people write it — sign, groups of thousands separated by a space, a no-break space or
    /// a narrow no-break space, a decimal comma (or point) — reads as the number written the C way.
    @Test func frenchNumbersReadAsWritten() async {
        let groups = Gen<Int>.int(in: 0...999).array(of: 1...5)
        let decimals = Gen<Character>.number.string(of: 0...6)
        let style = Gen<Int>.int(in: 0...11)
        await propertyCheck(count: 1_000, input: groups, decimals, style) { groups, decimals, style in
            let digits = String(groups[0]) + groups.dropFirst().map { String(format: "%03d", $0) }.joined()
            let separator = [" ", "\u{00A0}", "\u{202F}", ""][style % 4]
            let grouped = String(groups[0]) + groups.dropFirst().map { separator + String(format: "%03d", $0) }.joined()
            let sign = style >= 8 ? "-" : ""
            let mark = style % 2 == 0 ? "," : "."
            let french = sign + grouped + (decimals.isEmpty ? "" : mark + decimals)
            let expected = Double(sign + digits + (decimals.isEmpty ? "" : "." + decimals))
            #expect(FrenchNumber.parse(french) == expected, "\(french)")
        }
    }
}
