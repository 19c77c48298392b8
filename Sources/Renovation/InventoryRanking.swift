import Tabular

/// How a person asked to see an inventory: the weights of the ranking's criteria (`w_<criterion>`, each between
/// 0 and 1,000) and filters (`usage`, `etiquette`, `provenance`, `commune`), read from the fields of a query.
public struct InventoryQuery: Sendable, Equatable {
    public let weights: [Criterion: Double]
    /// The weights that were not used, and what was used instead.
    public let refused: [RefusedWeight]
    public let filter: InventoryFilter

    /// A weight that is not a number between 0 and 1,000 keeps its default, and all weights at zero (every
    /// building would score 0, the order would mean nothing) give the default weights; `lenient` (the inventory
    /// page, which says what it refused) accepts that, otherwise a refused weight is an error rather than a
    /// ranking silently made with another weight than the one asked for. All at zero is never an error: the
    /// API's document allows each and says the defaults then apply. An unknown filter value is an error.
    /// `isCommuneCode` says which texts are commune codes (the referential's rule).
    public init(_ field: (String) -> String?, lenient: Bool, isCommuneCode: (String) -> Bool) throws(InventoryQueryError) {
        (weights, refused) = Self.weights(field)
        let invalid = refused.filter { !$0.allZero }
        guard lenient || invalid.isEmpty else { throw .refusedWeights(invalid.map(\.problem)) }
        filter = try InventoryFilter(field, isCommuneCode: isCommuneCode)
    }

    static func weights(_ field: (String) -> String?) -> (weights: [Criterion: Double], refused: [RefusedWeight]) {
        var w = Criterion.defaultWeights, refused: [RefusedWeight] = []
        for c in Criterion.allCases {
            guard let text = field("w_\(c.rawValue)") else { continue }
            guard let v = FrenchNumber.parse(text), v >= 0, v <= 1000 else {
                refused.append(.init(problem: "Poids « \(c.label) » (w_\(c.rawValue)) refusé : « \(text.prefix(20)) » n'est pas un nombre entre 0 et 1\u{202F}000.",
                                     fallback: "Son poids par défaut (\(weightText(c.defaultWeight))) est appliqué."))
                continue
            }
            w[c] = v
        }
        if w.values.allSatisfy({ $0 == 0 }) {
            refused.append(.init(problem: "Tous les poids sont à zéro : chaque bâtiment aurait le score 0 et l'ordre ne voudrait rien dire.",
                                 fallback: "Les poids par défaut sont appliqués.", allZero: true))
            w = Criterion.defaultWeights
        }
        return (w, refused)
    }

    /// A weight as a number field and a query carry it ("1000", "2.5"): no thousands separator, a point.
    public static func weightText(_ v: Double) -> String { v == v.rounded() ? String(Int(v)) : String(v) }
}

/// A weight of the query that was not used, in French: what was wrong, and what is done instead.
/// `allZero`: each weight was valid, together they rank nothing.
public struct RefusedWeight: Sendable, Equatable {
    public let problem: String, fallback: String
    public var allZero = false
}

/// The buildings shown: an empty field is "all" (a form's first option).
public struct InventoryFilter: Sendable, Equatable {
    public var usage: Usage?, label: String?, provenance: Provenance?, commune: String?

    public init(usage: Usage? = nil, label: String? = nil, provenance: Provenance? = nil, commune: String? = nil) {
        (self.usage, self.label, self.provenance, self.commune) = (usage, label, provenance, commune)
    }

    init(_ field: (String) -> String?, isCommuneCode: (String) -> Bool) throws(InventoryQueryError) {
        func value<T>(_ key: String, _ parse: (String) -> T?, expected: String) throws(InventoryQueryError) -> T? {
            guard let text = field(key), !text.isEmpty else { return nil }
            guard let parsed = parse(text) else { throw .unknownValue(String(text.prefix(20)), key: key, expected: expected) }
            return parsed
        }
        usage = try value("usage", Usage.init(rawValue:), expected: Usage.allCases.map(\.rawValue).joined(separator: ", "))
        label = try value("etiquette", { LabelScale.letters.contains($0) ? $0 : nil }, expected: LabelScale.letters.joined(separator: ", "))
        provenance = try value("provenance", Provenance.init(rawValue:), expected: "mesure, dpe, estimation")
        commune = try value("commune", { isCommuneCode($0) ? $0 : nil }, expected: "un code INSEE de commune (5 caractères)")
    }

    public func keep(_ r: RankedBuilding) -> Bool {
        (usage == nil || r.building.usage == usage) && (label == nil || r.assessment.label == label)
            && (provenance == nil || r.assessment.provenance == provenance) && (commune == nil || r.building.communeCode == commune)
    }
}

public enum InventoryQueryError: Error, Equatable, CustomStringConvertible {
    case refusedWeights([String])
    case unknownValue(String, key: String, expected: String)

    public var description: String {
        switch self {
        case .refusedWeights(let problems): problems.joined(separator: " ")
        case .unknownValue(let value, let key, let expected): "Valeur inconnue « \(value) » pour « \(key) » ; valeurs possibles : \(expected)."
        }
    }
}

/// An inventory ranked with the query's weights, then filtered: the ranks are those of the whole inventory.
public struct InventoryRanking: Sendable {
    public let all: [RankedBuilding]
    public let shown: [RankedBuilding]

    /// `assessments`: already computed, in the buildings' order (the demo's, assessed once), else assessed now.
    public init(_ buildings: [Building], assessments: [Assessment]? = nil, query: InventoryQuery, setup: RenovationSetup) {
        all = assessments.map { Ranking.rank(buildings, $0, weights: query.weights, national: setup.national) }
            ?? setup.ranked(buildings, weights: query.weights)
        shown = all.filter(query.filter.keep)
    }

    /// How many buildings of the inventory have each provenance.
    public func count(_ provenance: Provenance) -> Int { all.filter { $0.assessment.provenance == provenance }.count }
}
