import Foundation

/// A figure a collectivité keeps itself (vacant shops in the centre, footfall, housing starts…), shown on its
/// dashboard beside the official ones as « donnée de la collectivité », with its own source and date.
/// Private to the collectivité until it publishes it.
public struct OwnSeries: Sendable, Equatable, Identifiable {
    public let id: Int64
    /// The collectivité that owns it (`Owner.description`: "commune:29103", "epci:242900801").
    public let owner: String
    /// The shared catalogue entry it follows, when it is one of them: then collectivités can be compared.
    public var catalogueKey: String?
    public var label: String
    public var definition: String
    public var unit: String
    /// Where the figures come from, as the collectivité says it (« comptage des services, juin 2024 »).
    public var source: String
    public var isPublic: Bool
    public var points: [OwnPoint]
    public var updatedAt: Double
    public var updatedBy: String

    public init(id: Int64 = 0, owner: String, catalogueKey: String? = nil, label: String, definition: String, unit: String,
                source: String, isPublic: Bool = false, points: [OwnPoint], updatedAt: Double = 0, updatedBy: String = "") {
        self.id = id
        self.owner = owner
        self.catalogueKey = catalogueKey
        self.label = label
        self.definition = definition
        self.unit = unit
        self.source = source
        self.isPublic = isPublic
        self.points = points
        self.updatedAt = updatedAt
        self.updatedBy = updatedBy
    }

    /// The sub-areas the series covers ("" is the whole territory), in the order they first appear.
    public var areas: [String] {
        var seen: [String] = []
        for p in points where !seen.contains(p.area) { seen.append(p.area) }
        return seen
    }

    /// The latest figure of the whole territory (or of the first sub-area when there is no whole figure).
    public var latest: OwnPoint? {
        let area = areas.contains("") ? "" : areas.first
        return points.filter { $0.area == area }.max { $0.period < $1.period }
    }
}

/// One value of a series: for a period and a sub-area ("" for the whole territory).
public struct OwnPoint: Sendable, Equatable, Hashable {
    public let period: OwnPeriod
    public let area: String
    public let value: Double

    public init(period: OwnPeriod, area: String = "", value: Double) {
        self.period = period
        self.area = area
        self.value = value
    }
}

/// A period as collectivités count them: a year (« 2024 »), a half-year (« 2024-S1 »), a quarter
/// (« 2024-T2 ») or a month (« 2024-03 »). Periods sort by their start, then the longer first.
public struct OwnPeriod: Sendable, Hashable, Comparable, CustomStringConvertible {
    public enum Kind: Int, Sendable { case year = 0, half = 1, quarter = 2, month = 3 }

    public let year: Int
    public let kind: Kind
    /// 1 for a year; 1-2 for a half-year; 1-4 for a quarter; 1-12 for a month.
    public let number: Int

    /// Reads « 2024 », « 2024-S1 », « 2024-T3 », « 2024-03 » (also « 2024-Q3 » and « 03/2024 »); nil otherwise.
    public init?(_ text: String) {
        let t = text.trimmingCharacters(in: .whitespaces).uppercased()
        func year(_ s: Substring) -> Int? { s.count == 4 ? Int(s).flatMap { (1900...2100).contains($0) ? $0 : nil } : nil }
        if let y = year(Substring(t)) {
            (self.year, kind, number) = (y, .year, 1)
            return
        }
        let parts = t.split(separator: t.contains("/") ? "/" : "-", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return nil }
        let (first, second) = t.contains("/") ? (parts[1], parts[0]) : (parts[0], parts[1])
        guard let y = year(first) else { return nil }
        if let n = Int(second), second.count == 2, (1...12).contains(n) {
            (self.year, kind, number) = (y, .month, n)
        } else if second.count == 2, let n = Int(second.dropFirst()), ["S"].contains(second.first), (1...2).contains(n) {
            (self.year, kind, number) = (y, .half, n)
        } else if second.count == 2, let n = Int(second.dropFirst()), ["T", "Q"].contains(second.first), (1...4).contains(n) {
            (self.year, kind, number) = (y, .quarter, n)
        } else {
            return nil
        }
    }

    /// The month the period starts (1-12).
    var startMonth: Int {
        switch kind {
        case .year: 1
        case .half: (number - 1) * 6 + 1
        case .quarter: (number - 1) * 3 + 1
        case .month: number
        }
    }

    public static func < (a: OwnPeriod, b: OwnPeriod) -> Bool {
        (a.year, a.startMonth, a.kind.rawValue) < (b.year, b.startMonth, b.kind.rawValue)
    }

    /// The canonical spelling, as stored and exported.
    public var description: String {
        switch kind {
        case .year: "\(year)"
        case .half: "\(year)-S\(number)"
        case .quarter: "\(year)-T\(number)"
        case .month: "\(year)-" + (number < 10 ? "0\(number)" : "\(number)")
        }
    }

    /// As a person reads it: « 2024 », « 1er semestre 2024 », « 3e trimestre 2024 », « mars 2024 ».
    public var label: String {
        let months = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"]
        let ordinal = number == 1 ? "1er" : "\(number)e"
        return switch kind {
        case .year: "\(year)"
        case .half: "\(ordinal) semestre \(year)"
        case .quarter: "\(ordinal) trimestre \(year)"
        case .month: "\(months[number - 1]) \(year)"
        }
    }
}

/// The shared indicators collectivités of the programme keep in the same way, so that their figures compare:
/// the programme view compares a key once enough collectivités publish it.
public enum OwnCatalogue {
    public struct Entry: Sendable, Equatable {
        public let key: String
        public let label: String
        public let definition: String
        public let unit: String
    }

    /// Collectivités publishing the same key before the programme view compares them: fewer would single
    /// out each one rather than describe the programme.
    public static let comparisonThreshold = 5

    public static let entries: [Entry] = [
        Entry(key: "vacance_commerciale_centre", label: "Taux de vacance commerciale du centre-ville",
              definition: "Locaux commerciaux vides depuis plus de trois mois ÷ locaux commerciaux du périmètre du centre-ville (celui de l'ORT s'il existe), à la date du relevé.",
              unit: "%"),
        Entry(key: "commerces_actifs_centre", label: "Commerces actifs en centre-ville",
              definition: "Nombre de locaux commerciaux occupés par une activité ouverte au public dans le périmètre du centre-ville.",
              unit: "commerces"),
        Entry(key: "frequentation_centre", label: "Fréquentation du centre-ville",
              definition: "Passages comptés par les capteurs piétons du centre-ville sur la période (moyenne par jour).",
              unit: "passages par jour"),
        Entry(key: "logements_commences", label: "Logements commencés",
              definition: "Logements dont les travaux ont commencé sur la période (déclarations d'ouverture de chantier).",
              unit: "logements"),
        Entry(key: "logements_vacants_remis_marche", label: "Logements vacants remis sur le marché",
              definition: "Logements vacants depuis plus de deux ans réoccupés ou remis en location ou en vente sur la période.",
              unit: "logements"),
        Entry(key: "permis_construire", label: "Permis de construire déposés",
              definition: "Demandes de permis de construire déposées en mairie sur la période.",
              unit: "permis"),
    ]

    public static func entry(_ key: String) -> Entry? { entries.first { $0.key == key } }
}

public enum OwnSeriesError: Error, Equatable, CustomStringConvertible {
    case unknown(id: Int64)

    public var description: String {
        switch self {
        case .unknown(let id): "Aucun indicateur n° \(id) dans les données de votre collectivité."
        }
    }
}

/// Where the collectivités' own series are kept. Every call that reads or changes a series names its owner:
/// another collectivité's series is never found (the web layer answers 404).
public protocol OwnSeriesStore: Sendable {
    /// The owner's series, private and public, by label.
    func ownSeries(owner: String) async throws -> [OwnSeries]
    func ownSeries(id: Int64, owner: String) async throws -> OwnSeries?
    /// Creates (id 0) or replaces each series and all its points, every series of the call in one transaction
    /// (a file's series are all saved or none); the stored series are returned in the same order.
    func saveOwnSeries(_ series: [OwnSeries], actor: String) async throws -> [OwnSeries]
    func deleteOwnSeries(id: Int64, owner: String, actor: String) async throws
    /// Published series following a catalogue entry, every owner: for the programme's comparison.
    func publishedOwnSeries(catalogueKey: String) async throws -> [OwnSeries]
}

extension OwnSeriesStore {
    /// One series, created or replaced at once.
    public func saveOwnSeries(_ series: OwnSeries, actor: String) async throws -> OwnSeries {
        try await saveOwnSeries([series], actor: actor)[0]
    }
}
