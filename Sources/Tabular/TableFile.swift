/// A table a person uploads: an Excel workbook or a CSV text in any of the dialects French software writes.
/// What is neither (a PDF, an image, an old .xls, an OpenDocument sheet, a binary) is named as such, so the
/// person is told what to send instead of a list of missing columns.
public enum TableFile {
    public static func read(_ bytes: [UInt8], file: String, header rule: CSV.HeaderRule = .first) throws -> CSVTable {
        func refuse(_ message: String) -> FileError { FileError(file: file, message: message) }
        guard !bytes.isEmpty else { throw refuse("le fichier est vide") }
        if XLSX.isWorkbook(bytes) { return try XLSX.read(bytes, file: file, header: rule) }
        if let kind = binaryKind(bytes) { throw refuse(kind) }
        if !looksLikeText(bytes) {
            throw refuse("ce fichier n'est ni un CSV ni un classeur Excel (.xlsx) : son contenu n'est pas du texte")
        }
        return try CSV.parse(bytes, file: file, header: rule, unnamedColumns: true)
    }

    /// The formats people send by mistake, recognised by their first bytes, with what to do.
    static func binaryKind(_ bytes: [UInt8]) -> String? {
        let signatures: [([UInt8], String)] = [
            ([0xD0, 0xCF, 0x11, 0xE0], "ce fichier est un classeur Excel 97-2003 (.xls) : ouvrez-le et enregistrez-le au format .xlsx ou CSV"),
            (Array("%PDF".utf8), "ce fichier est un PDF, pas un tableau : exportez le tableau au format CSV ou Excel (.xlsx)"),
            ([0x89, 0x50, 0x4E, 0x47], "ce fichier est une image (PNG), pas un tableau : envoyez un fichier CSV ou Excel (.xlsx)"),
            ([0xFF, 0xD8, 0xFF], "ce fichier est une image (JPEG), pas un tableau : envoyez un fichier CSV ou Excel (.xlsx)"),
            (Array("GIF8".utf8), "ce fichier est une image (GIF), pas un tableau : envoyez un fichier CSV ou Excel (.xlsx)"),
            ([0x1F, 0x8B], "ce fichier est compressé (gzip) : décompressez-le et envoyez le CSV qu'il contient"),
            ([0x50, 0x4B], "ce fichier ZIP n'est pas un classeur Excel (.xlsx) : envoyez un fichier CSV ou .xlsx"),
        ]
        return signatures.first { bytes.starts(with: $0.0) }?.1
    }

    /// Text has no NUL byte and few control characters once decoded (UTF-16 text is decoded first), and is
    /// mostly plain ASCII, as a French table is (accented letters are a few in a hundred): any byte sequence
    /// decodes as Windows-1252, so that decoding alone proves nothing.
    static func looksLikeText(_ bytes: [UInt8]) -> Bool {
        let sample = TextDecoding.utf8(Array(bytes.prefix(65_536))).bytes
        var controls = 0, ascii = 0, characters = 0
        for b in sample {
            if b < 0x20 && b != 0x09 && b != 0x0A && b != 0x0D {
                if b == 0 { return false }
                controls += 1
            }
            if b < 0x80 { ascii += 1 }
            // Continuation bytes of UTF-8 are not characters.
            if b & 0xC0 != 0x80 { characters += 1 }
        }
        return controls * 100 <= sample.count && ascii * 2 >= characters
    }
}
