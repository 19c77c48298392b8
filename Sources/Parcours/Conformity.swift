import Foundation

/// One file a collectivité checked with the validator: evidence for the "patrimoine de données" dimension.
public struct ConformityRecord: Sendable, Equatable {
    /// The standard's short name (`subventions`), title and version.
    public let schema: String
    public let title: String
    public let version: String
    public let file: String
    public let rows: Int
    public let errors: Int
    public let login: String
    public let checkedAt: Double

    public init(schema: String, title: String, version: String, file: String, rows: Int, errors: Int, login: String, checkedAt: Double) {
        self.schema = schema
        self.title = title
        self.version = version
        self.file = file
        self.rows = rows
        self.errors = errors
        self.login = login
        self.checkedAt = checkedAt
    }

    /// The day of the check, as French readers write it (Paris time).
    public var checkedOn: String { FrenchDay.format(checkedAt) }

    /// A file with data rows and no error.
    public var conforms: Bool { errors == 0 && rows > 0 }
}

/// What the validator saw of a collectivité's files over the last twelve months: the latest check of each
/// standard (a file fixed since counts as fixed).
public struct ConformitySummary: Sendable, Equatable {
    public let latest: [ConformityRecord]

    public static let window: Double = 365 * 86_400

    public init(_ records: [ConformityRecord], now: Double) {
        var latest: [String: ConformityRecord] = [:]
        for record in records where now - record.checkedAt <= Self.window {
            if let known = latest[record.schema], known.checkedAt >= record.checkedAt { continue }
            latest[record.schema] = record
        }
        self.latest = latest.values.sorted { $0.checkedAt > $1.checkedAt }
    }

    public var conforming: [ConformityRecord] { latest.filter(\.conforms) }
    public var isEmpty: Bool { latest.isEmpty }
}

/// Where validator runs are kept, per collectivité (its `Owner` text, taken from the signed-in user).
public protocol ConformityStore: Sendable {
    func recordConformity(owner: String, _ record: ConformityRecord) async throws
    /// The collectivité's checks, newest first.
    func conformity(owner: String) async throws -> [ConformityRecord]
    /// Every collectivité's checks, newest first, by owner: one read for the operator's view and the barometer.
    func allConformity() async throws -> [String: [ConformityRecord]]
}

/// A day as French readers write it, in Paris time: 27/11/2026, or in words, 27 novembre 2026.
public enum FrenchDay {
    static let months = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"]

    static func components(_ time: Double) -> DateComponents {
        Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "Europe/Paris")!, from: Date(timeIntervalSince1970: time))
    }

    public static func format(_ time: Double) -> String {
        let c = components(time)
        return String(format: "%02d/%02d/%04d", c.day ?? 0, c.month ?? 0, c.year ?? 0)
    }

    /// The one way a day is written, 23/06/2020: from "2020-06-23" or from "23-06-2020" (as some sources publish
    /// it); other text is returned as is.
    public static func date(_ text: String) -> String {
        let parts = text.split(separator: "-")
        guard parts.count == 3, parts.allSatisfy({ $0.allSatisfy(\.isNumber) }) else { return text }
        if parts[0].count == 4 && parts[2].count == 2 { return "\(parts[2])/\(parts[1])/\(parts[0])" }
        if parts[2].count == 4 && parts[0].count == 2 { return "\(parts[0])/\(parts[1])/\(parts[2])" }
        return text
    }

    /// The long form, for a heading or a printed document: "1er décembre 2026", "30 novembre 2026".
    public static func long(_ time: Double) -> String {
        let c = components(time)
        let day = c.day ?? 0
        return "\(day == 1 ? "1er" : String(day)) \(months[(c.month ?? 1) - 1]) \(c.year ?? 0)"
    }
}
