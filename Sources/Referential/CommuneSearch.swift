import Foundation

/// Finding a commune the way people type it: without accents, case, hyphens or apostrophes, by the start of
/// its words, with "st"/"ste" for Saint/Sainte, or by its INSEE code. Former communes (déléguées, associées)
/// and arrondissements are found too and lead to the commune they belong to.
///
/// Every name is folded once into one flat byte buffer; a query compares bytes only, which keeps a search
/// over the ~37,500 names well under a millisecond.
public struct CommuneSearch: Sendable {
    public struct Hit: Sendable, Equatable {
        public let commune: Commune
        /// Set when the query matched an arrondissement or a commune déléguée/associée rather than the commune.
        public let matchedSubCommune: SubCommune?
    }

    private struct Entry: Sendable {
        let communeIndex: Int32
        /// Index in `subCommunes` of the commune, or -1 for the commune's own name.
        let subIndex: Int32
        let start: Int32
        let end: Int32
        let firstToken: Int32
        let tokenEnd: Int32
    }

    private let communes: [Commune]
    private let entries: [Entry]
    /// All folded names, one after the other (a contiguous array, read through its span).
    private let text: ContiguousArray<UInt8>
    /// Start offsets (into `text`) of each word of each name; a name's words are `firstToken..<tokenEnd`.
    private let tokenStarts: [Int32]
    private let byCode: [String: (Int, SubCommune?)]

    public init(communes: [Commune]) {
        self.communes = communes
        var entries: [Entry] = []
        var text = ContiguousArray<UInt8>()
        var tokenStarts: [Int32] = []
        var byCode: [String: (Int, SubCommune?)] = [:]
        func add(_ communeIndex: Int, _ subIndex: Int, _ name: String) {
            let folded = SearchText.fold(name)
            let start = text.count
            let firstToken = tokenStarts.count
            for (i, byte) in folded.enumerated() where byte != 0x20 && (i == 0 || folded[i - 1] == 0x20) {
                tokenStarts.append(Int32(start + i))
            }
            text.append(contentsOf: folded)
            entries.append(Entry(communeIndex: Int32(communeIndex), subIndex: Int32(subIndex), start: Int32(start),
                                 end: Int32(text.count), firstToken: Int32(firstToken), tokenEnd: Int32(tokenStarts.count)))
        }
        for (index, commune) in communes.enumerated() {
            add(index, -1, commune.name)
            byCode[commune.code] = (index, nil)
            for (subIndex, sub) in commune.subCommunes.enumerated() where sub.name != commune.name {
                add(index, subIndex, sub.name)
                if byCode[sub.code] == nil { byCode[sub.code] = (index, sub) }
            }
        }
        self.entries = entries
        self.text = text
        self.tokenStarts = tokenStarts
        self.byCode = byCode
    }

    /// Results best first: exact name, then names starting with the query, then names whose words start with
    /// the query's words in order, then in any order; communes before their former parts; larger first.
    public func find(_ query: String, limit: Int = 20) -> [Hit] {
        let trimmed = query.trimmingCharacters(in: .whitespaces).uppercased()
        if InseeCode.isCommuneCode(trimmed) {
            guard let (index, sub) = byCode[trimmed] else { return [] }
            return [Hit(commune: communes[index], matchedSubCommune: sub)]
        }
        let folded = SearchText.fold(query)
        guard !folded.isEmpty else { return [] }
        var queryTokens: [Range<Int>] = []
        var tokenStart = 0
        for i in 0...folded.count where i == folded.count || folded[i] == 0x20 {
            queryTokens.append(tokenStart..<i)
            tokenStart = i + 1
        }

        var scored: [(key: Int, entry: Int32)] = []
        let query = ContiguousArray(folded)
        let text = self.text.span, q = query.span
        for (position, entry) in entries.enumerated() {
            guard let rank = rank(entry, text, q, queryTokens) else { continue }
            let tier = rank * 2 + (entry.subIndex < 0 ? 0 : 1)
            // Tier first, then larger population first: one integer key sorts both.
            let population = communes[Int(entry.communeIndex)].population
            scored.append((tier * 100_000_000 - population, Int32(position)))
        }
        scored.sort { $0.key != $1.key ? $0.key < $1.key : $0.entry < $1.entry }
        var seen = Set<Int32>()
        var hits: [Hit] = []
        for (_, position) in scored {
            let entry = entries[Int(position)]
            guard seen.insert(entry.communeIndex).inserted else { continue }
            let commune = communes[Int(entry.communeIndex)]
            hits.append(Hit(commune: commune, matchedSubCommune: entry.subIndex < 0 ? nil : commune.subCommunes[Int(entry.subIndex)]))
            if hits.count == limit { break }
        }
        return hits
    }

    @inline(__always)
    private func startsWith(_ text: Span<UInt8>, at offset: Int, end: Int, _ q: Span<UInt8>, _ token: Range<Int>) -> Bool {
        guard end - offset >= token.count else { return false }
        var i = offset
        for j in token {
            if text[i] != q[j] { return false }
            i += 1
        }
        return true
    }

    private func rank(_ entry: Entry, _ text: Span<UInt8>, _ q: Span<UInt8>, _ queryTokens: [Range<Int>]) -> Int? {
        let start = Int(entry.start), end = Int(entry.end)
        let whole = 0..<q.count
        if startsWith(text, at: start, end: end, q, whole) {
            return end - start == q.count ? 0 : 1
        }
        // Words of the query as prefixes of distinct words of the name, in order first.
        let firstToken = Int(entry.firstToken), tokenEnd = Int(entry.tokenEnd)
        var next = firstToken
        var inOrder = true
        for token in queryTokens {
            var found = false
            while next < tokenEnd {
                defer { next += 1 }
                if startsWith(text, at: Int(tokenStarts[next]), end: end, q, token) {
                    found = true
                    break
                }
            }
            if !found {
                inOrder = false
                break
            }
        }
        if inOrder { return 2 }
        var used: UInt64 = 0
        for token in queryTokens {
            var found = false
            for t in firstToken..<min(tokenEnd, firstToken + 64) where used & (1 << UInt64(t - firstToken)) == 0 {
                if startsWith(text, at: Int(tokenStarts[t]), end: end, q, token) {
                    used |= 1 << UInt64(t - firstToken)
                    found = true
                    break
                }
            }
            if !found { return nil }
        }
        return 3
    }
}

/// The folding shared by names and queries.
public enum SearchText {
    /// Lower case, no diacritics, ligatures spelt out, anything but letters and digits as a single space,
    /// and the usual abbreviations of Saint spelt out.
    public static func normalize(_ text: String) -> String {
        String(decoding: fold(text), as: UTF8.self)
    }

    /// `normalize` as UTF-8 bytes, built without intermediate strings: it runs on every name at start-up.
    static func fold(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var wordStart = 0
        func endWord() {
            guard out.count > wordStart else { return }
            if let expansion = abbreviations[out[wordStart...]] {
                out.replaceSubrange(wordStart..., with: expansion)
            }
            out.append(0x20)
            wordStart = out.count
        }
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if (0x61...0x7A).contains(v) || (0x30...0x39).contains(v) {
                out.append(UInt8(v))
            } else if (0x41...0x5A).contains(v) {
                out.append(UInt8(v + 0x20))
            } else if v < 0x80 {
                endWord()
            } else if let folded = accented[scalar] {
                out.append(contentsOf: folded)
            } else if scalar.properties.generalCategory == .nonspacingMark {
                // Combining accents (text typed in decomposed form) vanish like the precomposed ones.
                continue
            } else if scalar.properties.isAlphabetic {
                // Other letters (rare in French names): keep them lower-cased rather than dropping them.
                out.append(contentsOf: Array(String(scalar).lowercased().utf8))
            } else {
                endWord()
            }
        }
        endWord()
        if out.last == 0x20 { out.removeLast() }
        return out
    }

    private static let abbreviations: [ArraySlice<UInt8>: [UInt8]] = [
        ArraySlice("st".utf8): Array("saint".utf8), ArraySlice("ste".utf8): Array("sainte".utf8),
        ArraySlice("sts".utf8): Array("saints".utf8), ArraySlice("stes".utf8): Array("saintes".utf8),
    ]

    private static let accented: [Unicode.Scalar: [UInt8]] = {
        var table: [Unicode.Scalar: [UInt8]] = [:]
        let groups: [(String, String)] = [
            ("àáâãäåÀÁÂÃÄÅ", "a"), ("çÇ", "c"), ("èéêëÈÉÊË", "e"), ("ìíîïÌÍÎÏ", "i"), ("ñÑ", "n"),
            ("òóôõöÒÓÔÕÖ", "o"), ("ùúûüÙÚÛÜ", "u"), ("ýÿÝŸ", "y"), ("œŒ", "oe"), ("æÆ", "ae"),
        ]
        for (letters, ascii) in groups {
            for scalar in letters.unicodeScalars { table[scalar] = Array(ascii.utf8) }
        }
        return table
    }()
}
