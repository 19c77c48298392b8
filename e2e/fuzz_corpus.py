"""A corpus of malformed files, generated here (none is real data), for the probe of the import and the validator:
random and bit-flipped bytes, truncated and mutated workbooks, references past Excel's grid, XML bombs and
external entities, deep nesting, zip bombs, NUL bytes, invalid UTF-8, UTF-16, 50,000 columns, a million quotes.

`corpus()` returns (name, bytes) pairs; the same seed gives the same files."""
import io
import random
import zlib
import zipfile

HEADER = ["identifiant", "nom", "code_insee", "usage", "surface_m2", "energie", "consommation_kwh", "annee_consommation"]


def inventory_rows(n, rng):
    usages = ["école", "mairie", "gymnase", "salle des fêtes", "médiathèque", "crèche"]
    for i in range(n):
        usage = rng.choice(usages)
        yield [f"B{i:05d}", f"{usage.capitalize()} n° {i}", "29103", usage, str(rng.randint(8, 500) * 10), "électricité",
               str(rng.randint(500, 90000) * 10), "2023"]


def csv_bytes(rows, sep=";", encoding="utf-8"):
    return ("\r\n".join(sep.join(r) for r in rows) + "\r\n").encode(encoding)


def col(c):
    """The letters of the zero-based column `c` (0 → A, 26 → AA)."""
    s = ""
    c += 1
    while c:
        c, m = divmod(c - 1, 26)
        s = chr(65 + m) + s
    return s


SHEET = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet '
         'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{}</sheetData></worksheet>')


def sheet_xml(rows, cell=None):
    """The sheet XML of rows of inline strings; `cell(r, c, value)` may write a cell otherwise."""
    out = []
    for r, row in enumerate(rows, start=1):
        cells = []
        for c, v in enumerate(row):
            written = cell(r, c, v) if cell else None
            if written is None:
                v = v.replace("&", "&amp;").replace("<", "&lt;")
                written = f'<c r="{col(c)}{r}" t="inlineStr"><is><t>{v}</t></is></c>'
            cells.append(written)
        out.append(f'<row r="{r}">{"".join(cells)}</row>')
    return SHEET.format("".join(out))


WORKBOOK = ('<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
            '<sheet name="Bâtiments" sheetId="1" r:id="rId1"/></sheets></workbook>')
RELS = ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')


def xlsx(sheet, shared=None, method=zipfile.ZIP_DEFLATED, extra=(), level=None):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method, compresslevel=level) as z:
        z.writestr("xl/workbook.xml", WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", RELS)
        if shared is not None:
            z.writestr("xl/sharedStrings.xml", shared)
        z.writestr("xl/worksheets/sheet1.xml", sheet)
        for name, data in extra:
            z.writestr(name, data)
    return buffer.getvalue()


def raw_deflate_zip(name_data):
    """A zip whose single sheet is given already deflated: (inflated size, deflated bytes). Built by hand so that a
    sheet of hundreds of megabytes need not be held inflated here."""
    out = io.BytesIO()
    entries = []
    for name, (size, data, crc) in name_data:
        offset = out.tell()
        n = name.encode()
        out.write(b"PK\x03\x04" + (20).to_bytes(2, "little") + b"\0\0" + (8).to_bytes(2, "little") + b"\0\0\0\0"
                  + crc.to_bytes(4, "little") + len(data).to_bytes(4, "little") + (size & 0xFFFFFFFF).to_bytes(4, "little")
                  + len(n).to_bytes(2, "little") + b"\0\0" + n + data)
        entries.append((n, offset, size, data, crc))
    start = out.tell()
    for n, offset, size, data, crc in entries:
        out.write(b"PK\x01\x02" + (20).to_bytes(2, "little") * 2 + b"\0\0" + (8).to_bytes(2, "little") + b"\0\0\0\0"
                  + crc.to_bytes(4, "little") + len(data).to_bytes(4, "little") + (size & 0xFFFFFFFF).to_bytes(4, "little")
                  + len(n).to_bytes(2, "little") + b"\0\0" * 4 + b"\0\0\0\0" + offset.to_bytes(4, "little") + n)
    length = out.tell() - start
    out.write(b"PK\x05\x06" + b"\0\0\0\0" + len(entries).to_bytes(2, "little") * 2 + length.to_bytes(4, "little")
              + start.to_bytes(4, "little") + b"\0\0")
    return out.getvalue()


def deflated_repetition(unit, total):
    """`unit` repeated to `total` bytes, raw-deflated as zip stores it, without building it whole."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = unit * max(1, (1 << 20) // len(unit))
    parts, crc, written = [], 0, 0
    while written < total:
        piece = chunk[: total - written]
        parts.append(compressor.compress(piece))
        crc = zlib.crc32(piece, crc)
        written += len(piece)
    parts.append(compressor.flush())
    return total, b"".join(parts), crc


def flip(data, rng, count):
    data = bytearray(data)
    for _ in range(count):
        data[rng.randrange(len(data))] ^= rng.randrange(1, 256)
    return bytes(data)


def corpus(seed=2026):
    rng = random.Random(seed)
    files = []
    rows = [HEADER] + list(inventory_rows(60, rng))
    base_csv = csv_bytes(rows)
    base_xlsx = xlsx(sheet_xml(rows))

    # Random bytes of many sizes, and random printable text.
    for i in range(20):
        files.append((f"aleatoire-{i}.bin", bytes(rng.randrange(256) for _ in range(rng.choice([0, 1, 7, 100, 5000, 60000])))))
    for i in range(5):
        files.append((f"texte-{i}.csv", "".join(rng.choice(";,\"\n\r\t aé0123456789") for _ in range(20000)).encode()))
    # Bit-flipped CSV and workbooks; truncated workbooks.
    for i in range(25):
        files.append((f"csv-abime-{i}.csv", flip(base_csv, rng, rng.randint(1, 50))))
    for i in range(35):
        files.append((f"xlsx-abime-{i}.xlsx", flip(base_xlsx, rng, rng.randint(1, 20))))
    for i in range(20):
        files.append((f"xlsx-tronque-{i}.xlsx", base_xlsx[: rng.randrange(4, len(base_xlsx))]))
    # Cell and row references past the grid, negative or absurd; shared strings that do not exist.
    for i, ref in enumerate(["ZZZZZZZZZZZZZZ1", "ZZZZZZZZ99999999999", "XFE1", "A1048577", "A-1", "-A1", "A0", "A99999999999999999999999",
                             "XFD1048576", "", "ÀB1", "A1A1"]):
        sheet = sheet_xml(rows[:5], lambda r, c, v: f'<c r="{ref}"><v>1</v></c>' if (r, c) == (3, 2) else None)
        files.append((f"reference-{i}.xlsx", xlsx(sheet)))
    for i, row in enumerate(["1048577", "-5", "0", "99999999999999999999999999", "abc"]):
        files.append((f"ligne-{i}.xlsx", xlsx(sheet_xml(rows[:3]).replace('<row r="2">', f'<row r="{row}">'))))
    for i, index in enumerate(["5", "-1", "99999999999999999999999999", "", "1e9"]):
        sheet = sheet_xml(rows[:4], lambda r, c, v: f'<c r="B{r}" t="s"><v>{index}</v></c>' if (r, c) == (2, 1) else None)
        files.append((f"chaine-partagee-{i}.xlsx", xlsx(sheet, shared='<sst><si><t>a</t></si></sst>' if i % 2 else None)))
    # XML bombs (entity expansion) and external entities: no entity is expanded, nothing outside is read.
    lol = '<!DOCTYPE lolz [<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{k} "{("&lol" + (str(k - 1) if k > 1 else "") + ";") * 10}">' for k in range(1, 10)) + "]>"
    for i in range(4):
        files.append((f"bombe-xml-{i}.xlsx", xlsx(sheet_xml(rows[:3]).replace("<worksheet", lol + "<worksheet", 1).replace("Bâtiment", "&lol9;"),
                                                  shared=lol + "<sst><si><t>&lol9;</t></si></sst>")))
    for i, target in enumerate(["file:///etc/passwd", "file:///proc/self/environ", "http://127.0.0.1:1/"]):
        doctype = f'<!DOCTYPE x [<!ENTITY xxe SYSTEM "{target}">]>'
        sheet = sheet_xml(rows[:3], lambda r, c, v: '<c t="inlineStr"><is><t>&xxe;</t></is></c>' if (r, c) == (2, 1) else None)
        files.append((f"entite-externe-{i}.xlsx", xlsx(doctype + sheet)))
    # Deep nesting and unclosed markup.
    for i, depth in enumerate([10_000, 200_000]):
        files.append((f"imbrication-{i}.xlsx", xlsx(sheet_xml(rows[:2]).replace("<sheetData>", "<sheetData>" + "<row><c><is>" * depth))))
    files.append(("balises-ouvertes.xlsx", xlsx("<worksheet><sheetData><row r=\"1\"><c r=\"A1\"><v>1" + "<v>" * 100_000)))
    files.append(("chevrons.xlsx", xlsx("<" * 500_000)))
    # Zip bombs: gigabytes of XML in kilobytes, with true, small and huge declared sizes.
    for i, (total, lie) in enumerate([(1_500_000_000, None), (600_000_000, 100), (300_000_000, 0xFFFFFFFF)]):
        size, data, crc = deflated_repetition(b'<row><c><v>1</v></c></row>', total)
        files.append((f"bombe-zip-{i}.xlsx", raw_deflate_zip([("xl/worksheets/sheet1.xml", (lie or size, data, crc))])))
    size, data, crc = deflated_repetition(b"<si><t>" + b"x" * 4000 + b"</t></si>", 200_000_000)
    files.append(("bombe-chaines.xlsx", raw_deflate_zip([("xl/sharedStrings.xml", (size, data, crc)),
                                                          ("xl/worksheets/sheet1.xml", deflated_repetition(b'<row><c t="s"><v>0</v></c></row>', 2_000_000))])))
    # Found by review: a cell left open across rows; one row repeating a long shared string or a long inline text
    # followed by many shared cells; millions of empty shared strings.
    files.append(("cellule-ouverte.xlsx", xlsx('<worksheet><sheetData><row><c><v>1</v></c><c t="s"><v>0</v></row><row></c></row>'
                                              '</sheetData></worksheet>', shared="<sst><si><t>a</t></si></sst>")))
    files.append(("chaine-longue-repetee.xlsx", xlsx('<worksheet><sheetData><row r="1">' + '<c t="s"><v>0</v></c>' * 16_384 + "</row></sheetData></worksheet>",
                                                     shared="<sst><si><t>" + "x" * (1 << 20) + "</t></si></sst>")))
    files.append(("texte-long-puis-chaines.xlsx", xlsx('<worksheet><sheetData><row r="1"><c t="inlineStr"><is><t>' + "x" * (20 << 20) + "</t></is></c>"
                                                       + '<c r="B1" t="s"><v>0</v></c>' * 20_000 + "</row></sheetData></worksheet>",
                                                       shared="<sst><si><t>a</t></si></sst>")))
    size, data, crc = deflated_repetition(b"<si/>", 150_000_000)
    files.append(("chaines-vides.xlsx", raw_deflate_zip([("xl/sharedStrings.xml", (size, data, crc)),
                                                         ("xl/worksheets/sheet1.xml", deflated_repetition(b'<row><c t="s"><v>0</v></c></row>', 1000))])))
    # A workbook whose archive has thousands of parts, one stored, one with an unknown compression method.
    files.append(("parties-nombreuses.xlsx", xlsx(sheet_xml(rows[:3]), extra=[(f"xl/media/{k}.bin", b"x") for k in range(5000)])))
    files.append(("stocke.xlsx", xlsx(sheet_xml(rows), method=zipfile.ZIP_STORED)))
    unknown = bytearray(xlsx(sheet_xml(rows[:3])))
    for k in range(len(unknown) - 4):
        if unknown[k:k + 4] in (b"PK\x03\x04", b"PK\x01\x02"):
            unknown[k + (8 if unknown[k + 2] == 3 else 10)] = 99
    files.append(("compression-inconnue.xlsx", bytes(unknown)))
    # Encodings: NUL bytes, invalid UTF-8, UTF-16 with and without BOM, Windows-1252.
    for i in range(5):
        data = bytearray(base_csv)
        for _ in range(20):
            data.insert(rng.randrange(len(data)), 0)
        files.append((f"nul-{i}.csv", bytes(data)))
    for i in range(5):
        data = bytearray(base_csv)
        for _ in range(10):
            data[rng.randrange(len(data))] = rng.choice([0x80, 0xC3, 0xE2, 0xF0, 0xFF])
        files.append((f"utf8-invalide-{i}.csv", bytes(data)))
    files.append(("utf16le-bom.csv", b"\xff\xfe" + csv_bytes(rows, sep="\t", encoding="utf-16-le")))
    files.append(("utf16be-bom.csv", b"\xfe\xff" + csv_bytes(rows, sep="\t", encoding="utf-16-be")))
    files.append(("utf16le.csv", csv_bytes(rows, sep="\t", encoding="utf-16-le")))
    files.append(("windows-1252.csv", csv_bytes(rows, encoding="cp1252")))
    # Shapes: 50,000 columns, a field of a million quotes, one 7 MB line, only line breaks, an unclosed quote.
    files.append(("colonnes-50000.csv", csv_bytes([[f"c{k}" for k in range(50_000)], [str(k) for k in range(50_000)]])))
    files.append(("colonnes-50000-donnees.csv", csv_bytes([HEADER, rows[1] + ["x"] * 50_000])))
    files.append(("guillemets-1M.csv", csv_bytes([HEADER, ['"' + '""' * 1_000_000 + '"'] + rows[1][1:]])))
    files.append(("guillemets-ouverts.csv", csv_bytes(rows[:3]) + b'"' + b"a" * 1_000_000))
    files.append(("ligne-7Mo.csv", b"a;" * 3_500_000))
    files.append(("sauts-de-ligne.csv", b"\n" * 8_000_000))
    files.append(("separateurs.csv", b";" * 8_000_000))
    files.append(("vide.csv", b""))
    files.append(("bom-seul.csv", b"\xef\xbb\xbf"))
    files.append(("entete-seul.csv", csv_bytes([HEADER])))
    # Values: huge and odd numbers, formulas, Excel errors, control characters.
    odd = ["1e308", "-1e308", "1e999", "NaN", "inf", "-0", "0x10", "1" * 400, "=1+1", "#DIV/0!", "#N/A", "\x07", "12,5,3", " ", "١٢٣"]
    for i in range(10):
        data_rows = [HEADER] + [[rng.choice(odd) if rng.random() < 0.5 else v for v in row] for row in rows[1:20]]
        files.append((f"valeurs-{i}.csv", csv_bytes(data_rows)))
        files.append((f"valeurs-{i}.xlsx", xlsx(sheet_xml(data_rows))))
    # Random markup soup inside a workbook.
    pieces = ["<row>", "</row>", "<c>", "</c>", "<v>", "</v>", '<c r="', '"', "&", "&#", ";", "<![CDATA[", "]]>", "<!--", "-->", "<?", "<is><t>", "t=\"s\""]
    for i in range(20):
        files.append((f"soupe-{i}.xlsx", xlsx("".join(rng.choice(pieces) + rng.choice(["", "1", "A1", "x"]) for _ in range(20_000)))))
    return files


def large_workbook(n, seed=7):
    """A well-formed inventory of `n` buildings written as Excel writes it (texts in the shared strings, numbers
    inline, compressed at level 9): 200,000 rows fit under the 8 MiB upload limit."""
    rng = random.Random(seed)
    strings, index = [], {}

    def shared(text):
        if text not in index:
            index[text] = len(strings)
            strings.append(text)
        return index[text]

    rows = ['<row r="1">' + "".join(f'<c r="{col(c)}1" t="s"><v>{shared(h)}</v></c>' for c, h in enumerate(HEADER)) + "</row>"]
    usages = ["école", "mairie", "gymnase", "salle des fêtes", "médiathèque", "crèche"]
    for r in range(2, n + 2):
        usage = rng.choice(usages)
        values = [("s", f"B{r - 1:06d}"), ("s", f"{usage.capitalize()} n° {r % 3000}"), ("s", "29103"), ("s", usage),
                  ("n", str(rng.randint(8, 500) * 10)), ("s", "électricité"), ("n", str(rng.randint(500, 90000) * 10)), ("n", "2023")]
        rows.append(f'<row r="{r}">' + "".join(
            f'<c r="{col(c)}{r}" t="s"><v>{shared(v)}</v></c>' if kind == "s" else f'<c r="{col(c)}{r}"><v>{v}</v></c>'
            for c, (kind, v) in enumerate(values)) + "</row>")
    sst = ('<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
           + "".join(f"<si><t>{s}</t></si>" for s in strings) + "</sst>")
    return xlsx(SHEET.format("".join(rows)), shared=sst, level=9)
