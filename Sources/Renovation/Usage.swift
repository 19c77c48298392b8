import Foundation

/// What a public building is used for, in the words of its owner; each maps to the tertiary DPE's activity
/// sectors (ERP types) and to one of the DPE 2006 tertiary label scales.
public enum Usage: String, CaseIterable, Codable, Sendable {
    case ecole, administration, gymnase, piscine, culture, sallePolyvalente = "salle_polyvalente", santeSocial = "sante_social", autre

    public var label: String {
        switch self {
        case .ecole: "École, enseignement"
        case .administration: "Mairie, administration"
        case .gymnase: "Gymnase, sport couvert"
        case .piscine: "Piscine"
        case .culture: "Culture, bibliothèque, musée"
        case .sallePolyvalente: "Salle polyvalente"
        case .santeSocial: "Santé, social"
        case .autre: "Autre"
        }
    }

    /// The DPE activity sectors (ERP type letters) that correspond.
    public var dpeSectors: String {
        switch self {
        case .ecole: "R (enseignement)"
        case .administration: "W (administrations, bureaux)"
        case .gymnase, .piscine: "X (établissements sportifs couverts)"
        case .culture: "S (bibliothèques), Y (musées)"
        case .sallePolyvalente: "L (salles de réunion, de spectacle, à usage multiple)"
        case .santeSocial: "U (soins), J (accueil de personnes âgées ou handicapées)"
        case .autre: "autres secteurs"
        }
    }

    public var scale: LabelScale {
        switch self {
        case .ecole, .administration: .bureauxEnseignement
        case .santeSocial: .occupationContinue
        default: .autres
        }
    }

    /// Words users write in their inventories, as they write them (shown when a usage is read from a name),
    /// matched after folding (lower case, no accents).
    static let synonyms: [(String, Usage)] = [
        ("école", .ecole), ("groupe scolaire", .ecole), ("maternelle", .ecole), ("élémentaire", .ecole), ("collège", .ecole),
        ("lycée", .ecole), ("crèche", .ecole), ("enseignement", .ecole), ("scolaire", .ecole), ("cantine", .ecole),
        ("restaurant scolaire", .ecole), ("multi-accueil", .ecole), ("halte-garderie", .ecole), ("accueil de loisirs", .ecole),
        ("périscolaire", .ecole), ("ALSH", .ecole),
        ("mairie", .administration), ("hôtel de ville", .administration), ("administration", .administration), ("bureau", .administration),
        ("bureaux", .administration), ("services techniques", .administration), ("siège", .administration), ("mairie annexe", .administration),
        ("centre technique municipal", .administration), ("CTM", .administration), ("hôtel communautaire", .administration),
        ("piscine", .piscine), ("centre aquatique", .piscine),
        ("gymnase", .gymnase), ("salle de sport", .gymnase), ("salle des sports", .gymnase), ("sport", .gymnase), ("sports", .gymnase),
        ("dojo", .gymnase), ("tennis couvert", .gymnase), ("complexe sportif", .gymnase), ("salle omnisports", .gymnase),
        ("halle des sports", .gymnase), ("boulodrome", .gymnase),
        ("bibliothèque", .culture), ("médiathèque", .culture), ("musée", .culture), ("culture", .culture), ("école de musique", .culture),
        ("cinéma", .culture), ("théâtre", .culture), ("conservatoire", .culture), ("centre culturel", .culture), ("espace culturel", .culture),
        ("ludothèque", .culture), ("archives", .culture),
        ("salle polyvalente", .sallePolyvalente), ("salle des fêtes", .sallePolyvalente), ("foyer", .sallePolyvalente),
        ("salle communale", .sallePolyvalente), ("salle des associations", .sallePolyvalente), ("maison des associations", .sallePolyvalente), ("local associatif", .sallePolyvalente),
        ("salle municipale", .sallePolyvalente), ("espace associatif", .sallePolyvalente), ("maison pour tous", .sallePolyvalente),
        ("EHPAD", .santeSocial), ("santé", .santeSocial), ("social", .santeSocial), ("CCAS", .santeSocial), ("maison de santé", .santeSocial),
        ("residence autonomie", .santeSocial), ("soins", .santeSocial), ("centre social", .santeSocial), ("maison de retraite", .santeSocial),
        ("foyer logement", .santeSocial), ("centre médico-social", .santeSocial),
    ]

    /// The synonyms folded as texts are, once.
    private static let foldedSynonyms: [(folded: String, word: String, usage: Usage)] = synonyms.map { (Folding.fold($0.0), $0.0, $0.1) }

    /// Reads a usage from free text or a code: "école élémentaire", "Gymnase", "salle_polyvalente".
    public init?(text: String) {
        let folded = Folding.fold(text)
        if folded.isEmpty { return nil }
        if let exact = Usage(rawValue: folded.replacingOccurrences(of: " ", with: "_")) { self = exact; return }
        guard let (_, usage) = Self.match(text) else { return nil }
        self = usage
    }

    /// The usage a text names and the word that says it: the longest word found whole, or in the plural ("ecole de
    /// musique" is culture, not école; "sport" is not read in "transport").
    static func match(_ text: String) -> (word: String, usage: Usage)? {
        let folded = " " + Folding.fold(text) + " "
        var best: (length: Int, word: String, usage: Usage)?
        for (key, word, usage) in foldedSynonyms where key.count > (best?.length ?? 0) && (folded.contains(" \(key) ") || folded.contains(" \(key)s ")) {
            best = (key.count, word, usage)
        }
        return best.map { ($0.word, $0.usage) }
    }

    /// The usage of a DPE activity sector ("R : Établissements d’éveil…"), nil for sectors with no public
    /// counterpart (shops, hotels, restaurants, private offices…).
    public init?(dpeSector: String) {
        let code = dpeSector.split(separator: ":").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        switch code {
        case "R", "GHR": self = .ecole
        case "W", "GHW": self = .administration
        case "X": self = .gymnase
        case "S", "Y": self = .culture
        case "L": self = .sallePolyvalente
        case "U", "J", "GHU": self = .santeSocial
        default: return nil
        }
    }
}

/// The DPE 2006 tertiary label scales (arrêté du 7 décembre 2007), kWhEP/m²/an: a value up to the bound
/// gets the letter.
public enum LabelScale: String, Codable, Sendable, CaseIterable {
    case bureauxEnseignement, occupationContinue, autres

    public var label: String {
        switch self {
        case .bureauxEnseignement: "bureaux, administration, enseignement"
        case .occupationContinue: "bâtiments à occupation continue"
        case .autres: "autres bâtiments (sport, culture, salles)"
        }
    }

    public var upperBounds: [Double] {
        switch self {
        case .bureauxEnseignement: [50, 110, 210, 350, 540, 750]
        case .occupationContinue: [100, 210, 370, 580, 830, 1130]
        case .autres: [30, 90, 170, 270, 380, 510]
        }
    }

    public static let letters = ["A", "B", "C", "D", "E", "F", "G"]

    public func label(kWhEPPerM2 value: Double) -> String {
        Self.letters[upperBounds.firstIndex { value <= $0 } ?? 6]
    }

    /// The climate (GHG) scale is published for bureaux/enseignement only.
    public func ghgLabel(kgCO2PerM2 value: Double) -> String? {
        guard self == .bureauxEnseignement else { return nil }
        return Self.letters[[5.0, 15, 30, 60, 100, 145].firstIndex { value <= $0 } ?? 6]
    }
}

enum Folding {
    /// Lower case, accents removed, punctuation as spaces, single spaces.
    static func fold(_ text: String) -> String {
        let plain = text.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil).lowercased()
        let spaced = String(plain.map { $0.isLetter || $0.isNumber ? $0 : " " })
        return spaced.split(separator: " ").joined(separator: " ")
    }
}
