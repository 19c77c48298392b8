import Accounts
import Foundation
import Parcours
import Referential
import Tabular

/// `/operateur/ingenierie`: the operator's desk over every ingénierie request, filtered and sorted by a GET form,
/// with the totals of the requests shown (overall, by région and by maturity level) and their CSV export.
struct OperatorEngineeringPage {
    static let template = "operateur-ingenierie"

    struct TotalRow { let label: String, requests: Int, granted: String, consumed: String, amount: String }

    let rows: [EngineeringRow]
    let hasRows: Bool
    let count: Int
    let total: TotalRow
    let byRegion: [TotalRow]
    let byLevel: [TotalRow]
    let states: [Option], kinds: [Option], regions: [Option], levels: [Option], assignees: [Option], sorts: [Option]
    let from: String, until: String
    let csvHref: String

    init(query: DeskQuery, shown: [EngineeringRequest], all: [EngineeringRequest], contexts: [String: EngineeringDesk.Context],
         referential: Referential, operators: [String]) {
        rows = shown.map { Self.row($0, contexts[$0.owner], referential: referential) }
        hasRows = !shown.isEmpty
        count = shown.count
        let totals = EngineeringDesk.totals(shown) { contexts[$0] }
        total = Self.totalRow("Ensemble", totals.all)
        byRegion = totals.byRegion.map { (referential.region($0.key)?.name ?? "Région inconnue", $0.value) }.sorted { $0.0 < $1.0 }.map(Self.totalRow)
        byLevel = DeskQuery.levels.compactMap { level in totals.byLevel[level.rawValue].map { Self.totalRow(level.label, $0) } }
            + (totals.byLevel[""].map { [Self.totalRow("Sans diagnostic complet", $0)] } ?? [])
        let f = query.filter
        states = [Option(value: "", label: "Tous")] + Option.list(EngineeringRequest.State.allCases, current: f.states.first?.rawValue, value: \.rawValue, label: \.label)
        kinds = [Option(value: "", label: "Tous")] + Option.list(EngineeringRequest.Kind.allCases, current: f.kind?.rawValue, value: \.rawValue, label: \.label)
        // The régions of the requests' collectivités: the list stays short and never offers an empty answer.
        let codes = Set(all.compactMap { contexts[$0.owner]?.regionCode })
        regions = [Option(value: "", label: "Toutes")] + Option.list(referential.regions.filter { codes.contains($0.code) }, current: f.regionCode, value: \.code, label: \.name)
        levels = [Option(value: "", label: "Tous")] + Option.list(DeskQuery.levels, current: f.level?.rawValue, value: \.rawValue, label: \.label)
        assignees = [Option(value: "", label: "Tous")] + Option.list(operators, current: f.assignee, value: { $0 }, label: { $0 })
        sorts = Option.list(DeskQuery.Sort.allCases, current: query.sort.rawValue, value: \.rawValue, label: \.label)
        (from, until) = (query.fromText, query.untilText)
        csvHref = "/operateur/ingenierie.csv" + (query.raw.isEmpty ? "" : "?" + query.raw)
    }

    static func row(_ r: EngineeringRequest, _ context: EngineeringDesk.Context?, referential: Referential) -> EngineeringRow {
        var row = EngineeringRow(r, href: "/operateur/ingenierie/\(r.id)")
        row.territory = Owner(r.owner).map(referential.ownerLabel) ?? r.owner
        row.region = context.flatMap { referential.region($0.regionCode)?.name } ?? "—"
        row.level = context?.level?.label ?? "—"
        row.hasLevel = context?.level != nil
        row.assignee = r.assignee ?? "—"
        row.granted = r.grant?.days.map(EngineeringFormat.days) ?? "—"
        row.consumed = r.grant?.days == nil ? "—" : EngineeringFormat.days(r.daysConsumed)
        row.amount = r.grant?.amount.map(EngineeringFormat.euros) ?? "—"
        return row
    }

    static func totalRow(_ label: String, _ t: EngineeringDesk.Totals) -> TotalRow {
        TotalRow(label: label, requests: t.requests, granted: EngineeringFormat.days(t.daysGranted), consumed: EngineeringFormat.days(t.daysConsumed),
                 amount: EngineeringFormat.euros(t.amountCommitted))
    }

    static let header = ["numero", "collectivite", "code_collectivite", "region", "niveau", "type", "sujet", "etat", "cree_le", "suivi_par",
                         "jours_accordes", "taux_cofinancement_pct", "montant_engage_eur", "consultant", "jours_consommes"]

    /// The filtered list, one request a line, in the French Excel CSV of the other exports.
    static func csv(_ shown: [EngineeringRequest], contexts: [String: EngineeringDesk.Context], referential: Referential) -> String {
        FrenchCSV.document(header: header, rows: shown.map { r in
            let c = contexts[r.owner]
            let optional: (Double?, Int) -> FrenchCSV.Cell = { value, decimals in value.map { .number($0, decimals: decimals) } ?? .empty }
            return [.integer(Int(r.id)), .text(Owner(r.owner).map(referential.ownerLabel) ?? r.owner), .text(r.owner),
                    .text(c.flatMap { referential.region($0.regionCode)?.name } ?? ""), .text(c?.level?.label ?? ""), .text(r.kind.label),
                    .text(r.topic.label), .text(r.state.label), .text(FrenchDay.format(r.createdAt)), .text(r.assignee ?? ""),
                    optional(r.grant?.days, 1), optional(r.grant?.rate.map { $0 * 100 }, 1), optional(r.grant?.amount, 2), .text(r.grant?.consultant ?? ""),
                    .number(r.daysConsumed, decimals: 1)]
        })
    }
}

/// The desk's GET form read back: the filter, the sort, and the raw query to carry over to the CSV link.
struct DeskQuery {
    enum Sort: String, CaseIterable {
        case date, etat, region

        var label: String {
            switch self {
            case .date: "date (récentes d'abord)"
            case .etat: "état"
            case .region: "région"
            }
        }
    }

    static let levels: [MaturityLevel] = [.debutant, .intermediaire, .pionnier]

    var filter = EngineeringDesk.Filter()
    var sort = Sort.date
    var fromText = "", untilText = ""
    var raw = ""

    init(_ query: Query) throws {
        func choice<T>(_ key: String, _ parse: (String) -> T?) throws -> T? {
            guard let text = query[key], !text.isEmpty else { return nil }
            guard let value = parse(text) else { throw WebError.badRequest("Valeur inconnue pour « \(key) » : « \(text.prefix(30)) ».") }
            return value
        }
        if let state = try choice("etat", EngineeringRequest.State.init(rawValue:)) { filter.states = [state] }
        filter.kind = try choice("type", EngineeringRequest.Kind.init(rawValue:))
        filter.regionCode = try choice("region") { $0.count <= 3 && $0.allSatisfy(\.isNumber) ? $0 : nil }
        filter.level = try choice("niveau", MaturityLevel.init(rawValue:))
        filter.assignee = try choice("suivi_par") { Logins.isValid($0) ? $0 : nil }
        sort = try choice("tri", Sort.init(rawValue:)) ?? .date
        filter.from = try choice("du", Self.parisMidnight)
        // "au" is inclusive: up to the next midnight.
        filter.until = try choice("au", Self.parisMidnight).map { $0 + 86_400 }
        (fromText, untilText) = (query["du"] ?? "", query["au"] ?? "")
        var kept: [String] = []
        for key in ["etat", "type", "region", "niveau", "suivi_par", "du", "au", "tri"] {
            if let value = query[key], !value.isEmpty,
               let encoded = value.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._"))) {
                kept.append("\(key)=\(encoded)")
            }
        }
        raw = kept.joined(separator: "&")
    }

    /// Midnight in Paris of a day typed AAAA-MM-JJ (the day a collectivité sees on its requests).
    static func parisMidnight(_ text: String) -> Double? {
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, text.count == 10 else { return nil }
        var components = DateComponents(calendar: Calendar(identifier: .gregorian), timeZone: Format.paris, year: parts[0], month: parts[1], day: parts[2])
        components.hour = 0
        guard components.isValidDate, let date = components.date else { return nil }
        return date.timeIntervalSince1970
    }

    /// The filtered requests in the order asked: newest first, or by state (in the order of the process) or by
    /// région name, newest first within each.
    func sorted(_ requests: [EngineeringRequest], contexts: [String: EngineeringDesk.Context], referential: Referential) -> [EngineeringRequest] {
        let newest = requests.sorted { ($0.createdAt, $0.id) > ($1.createdAt, $1.id) }
        switch sort {
        case .date: return newest
        case .etat:
            let order = Dictionary(uniqueKeysWithValues: EngineeringRequest.State.allCases.enumerated().map { ($1, $0) })
            return newest.enumerated().sorted { (order[$0.element.state]!, $0.offset) < (order[$1.element.state]!, $1.offset) }.map(\.element)
        case .region:
            let name: (EngineeringRequest) -> String = { contexts[$0.owner].flatMap { referential.region($0.regionCode)?.name } ?? "\u{10FFFF}" }
            return newest.enumerated().sorted { (name($0.element), $0.offset) < (name($1.element), $1.offset) }.map(\.element)
        }
    }
}

/// Where each collectivité sits for the desk: its région from the referential (an EPCI's through its
/// département) and the level of its complete diagnostic.
struct EngineeringOwners {
    let referential: Referential
    let levels: [String: MaturityLevel]

    func context(_ owner: String) -> EngineeringDesk.Context? {
        let region: String? = switch Owner(owner) {
        case .commune(let code): referential.commune(code)?.regionCode
        case .epci(let siren): referential.epci(siren).flatMap { referential.departement($0.departementCode)?.regionCode }
        case .operateur, nil: nil
        }
        return region.map { EngineeringDesk.Context(regionCode: $0, level: levels[owner]) }
    }

    func contexts(_ requests: [EngineeringRequest]) -> [String: EngineeringDesk.Context] {
        var result: [String: EngineeringDesk.Context] = [:]
        for owner in Set(requests.map(\.owner)) { result[owner] = context(owner) }
        return result
    }
}
