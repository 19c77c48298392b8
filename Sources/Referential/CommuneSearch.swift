import Foundation

/// Finding a commune the way people type it: without accents, case, hyphens or apostrophes, by the start of
/// its words, with "st"/"ste" for Saint/Sainte, or by its INSEE code. Former communes (déléguées, associées)
/// and arrondissements are found too and lead to the commune they belong to.
public struct CommuneSearch: Sendable {
    public struct Hit: Sendable, Equatable {
        public let commune: Commune
        /// Set when the query matched an arrondissement or a commune déléguée/associée rather than the commune.
        public let matchedSubCommune: SubCommune?
    }

    private struct Entry: Sendable {
        let communeIndex: Int
        let subCommune: SubCommune?
        let normalized: String
        let tokens: [Substring]
    }

    private let communes: [Commune]
    private let entries: [Entry]
    private let byCode: [String: (Int, SubCommune?)]

    public init(communes: [Commune], departements: [Departement]) {
        self.communes = communes
        var entries: [Entry] = []
        var byCode: [String: (Int, SubCommune?)] = [:]
        for (index, commune) in communes.enumerated() {
            entries.append(Self.entry(index, nil, commune.name))
            byCode[commune.code] = (index, nil)
            for sub in commune.subCommunes where sub.name != commune.name {
                entries.append(Self.entry(index, sub, sub.name))
                if byCode[sub.code] == nil { byCode[sub.code] = (index, sub) }
            }
        }
        self.entries = entries
        self.byCode = byCode
    }

    private static func entry(_ index: Int, _ sub: SubCommune?, _ name: String) -> Entry {
        let normalized = SearchText.normalize(name)
        return Entry(communeIndex: index, subCommune: sub, normalized: normalized,
                     tokens: normalized.split(separator: " "))
    }

    /// Results best first: exact name, then names starting with the query, then names whose words start with
    /// the query's words in order, then in any order; communes before their former parts; larger first.
    public func find(_ query: String, limit: Int = 20) -> [Hit] {
        let trimmed = query.trimmingCharacters(in: .whitespaces).uppercased()
        if InseeCode.isCommuneCode(trimmed) {
            guard let (index, sub) = byCode[trimmed] else { return [] }
            return [Hit(commune: communes[index], matchedSubCommune: sub)]
        }
        let normalized = SearchText.normalize(query)
        let queryTokens = normalized.split(separator: " ")
        guard !queryTokens.isEmpty else { return [] }

        var scored: [(rank: Int, entry: Int)] = []
        for (position, entry) in entries.enumerated() {
            guard let rank = Self.rank(entry, normalized, queryTokens) else { continue }
            scored.append((rank * 2 + (entry.subCommune == nil ? 0 : 1), position))
        }
        scored.sort { a, b in
            if a.rank != b.rank { return a.rank < b.rank }
            let ca = communes[entries[a.entry].communeIndex], cb = communes[entries[b.entry].communeIndex]
            if ca.population != cb.population { return ca.population > cb.population }
            return ca.code < cb.code
        }
        var seen = Set<Int>()
        var hits: [Hit] = []
        for (_, position) in scored {
            let entry = entries[position]
            guard seen.insert(entry.communeIndex).inserted else { continue }
            hits.append(Hit(commune: communes[entry.communeIndex], matchedSubCommune: entry.subCommune))
            if hits.count == limit { break }
        }
        return hits
    }

    private static func rank(_ entry: Entry, _ query: String, _ queryTokens: [Substring]) -> Int? {
        if entry.normalized == query { return 0 }
        if entry.normalized.hasPrefix(query) { return 1 }
        // Words of the query as prefixes of distinct words of the name, in order first.
        var next = 0
        var inOrder = true
        for token in queryTokens {
            if let found = entry.tokens[next...].firstIndex(where: { $0.hasPrefix(token) }) {
                next = found + 1
            } else {
                inOrder = false
                break
            }
        }
        if inOrder { return 2 }
        var used = Set<Int>()
        for token in queryTokens {
            guard let found = entry.tokens.indices.first(where: { !used.contains($0) && entry.tokens[$0].hasPrefix(token) }) else {
                return nil
            }
            used.insert(found)
        }
        return 3
    }
}

/// The folding shared by names and queries.
public enum SearchText {
    /// Lower case, no diacritics, ligatures spelt out, anything but letters and digits as a single space,
    /// and the usual abbreviations of Saint spelt out.
    public static func normalize(_ text: String) -> String {
        var words: [String] = []
        var current = ""
        func flush() {
            guard !current.isEmpty else { return }
            words.append(abbreviations[current] ?? current)
            current = ""
        }
        for scalar in text.unicodeScalars {
            if let folded = fold(scalar) {
                current += folded
            } else {
                flush()
            }
        }
        flush()
        return words.joined(separator: " ")
    }

    private static let abbreviations = ["st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"]

    /// The ASCII spelling of a letter or digit, nil for a separator.
    private static func fold(_ scalar: Unicode.Scalar) -> String? {
        switch scalar {
        case "a"..."z", "0"..."9": return String(scalar)
        case "A"..."Z": return String(scalar).lowercased()
        default: break
        }
        switch scalar {
        case "à", "á", "â", "ã", "ä", "å", "À", "Á", "Â", "Ã", "Ä", "Å": return "a"
        case "ç", "Ç": return "c"
        case "è", "é", "ê", "ë", "È", "É", "Ê", "Ë": return "e"
        case "ì", "í", "î", "ï", "Ì", "Í", "Î", "Ï": return "i"
        case "ñ", "Ñ": return "n"
        case "ò", "ó", "ô", "õ", "ö", "Ò", "Ó", "Ô", "Õ", "Ö": return "o"
        case "ù", "ú", "û", "ü", "Ù", "Ú", "Û", "Ü": return "u"
        case "ý", "ÿ", "Ý", "Ÿ": return "y"
        case "œ", "Œ": return "oe"
        case "æ", "Æ": return "ae"
        default: break
        }
        // Combining accents (text typed in decomposed form) vanish like the precomposed ones.
        if scalar.properties.generalCategory == .nonspacingMark { return "" }
        // Other letters (rare in French names): keep them lower-cased rather than dropping them.
        if scalar.properties.isAlphabetic { return String(scalar).lowercased() }
        return nil
    }
}
