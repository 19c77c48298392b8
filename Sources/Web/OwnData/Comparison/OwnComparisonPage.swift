import Accounts
import Observatoire
import Referential

/// `/observatoire/donnees-collectivites/{cle}`: the latest published values of one catalogue entry, side by side,
/// once `OwnCatalogue.comparisonThreshold` collectivités publish it; below that, how many do.
struct OwnComparisonPage {
    static let template = "donnees-collectivites"

    struct Row {
        let name: String
        let href: String?
        let period: String
        let value: String
        let source: String
    }

    let label: String
    let definition: String
    let unit: String
    let publishers: Int
    let threshold = OwnCatalogue.comparisonThreshold
    let isOpen: Bool
    let rows: [Row]
    let others: [Option]

    init(_ entry: OwnCatalogue.Entry, published: [OwnSeries], referential: Referential) {
        label = entry.label
        definition = entry.definition
        unit = entry.unit
        // A collectivité counts once, with its most recent figure, whatever the number of its series on the key.
        var latest: [String: OwnSeries] = [:]
        for s in published {
            guard let point = s.latest else { continue }
            if let kept = latest[s.owner]?.latest, kept.period >= point.period { continue }
            latest[s.owner] = s
        }
        publishers = latest.count
        isOpen = publishers >= OwnCatalogue.comparisonThreshold
        rows = isOpen ? latest.values.compactMap { s -> (Double, Row)? in
            guard let point = s.latest, let owner = Owner(s.owner) else { return nil }
            let name = OwnerLabel(owner, in: referential)
            let href: String? = if case .commune(let code) = owner { "/observatoire/\(code)" } else { name.href }
            return (point.value, Row(name: name.label, href: href, period: point.period.label + (point.area.isEmpty ? "" : " (\(point.area))"),
                                     value: "\(Format.own(point.value)) \(s.unit)", source: s.source))
        }.sorted { ($0.0, $0.1.name) > ($1.0, $1.1.name) }.map(\.1) : []
        others = OwnCatalogue.entries.map { Option(value: "/observatoire/donnees-collectivites/\($0.key)", label: $0.label, selected: $0.key == entry.key) }
    }
}
