import Observatoire
import Referential

/// An intercommunalité's dashboard (`/observatoire/epci/{siren}`): every indicator for the EPCI as a whole with
/// its comparisons, then the member communes for one indicator (`?indicateur=`), sorted, with their map.
struct EPCIDashboardPage {
    static let template = "observatoire-epci"

    struct Row {
        let id: String
        let label: String
        let definition: String
        let value: String
        let isMissing: Bool
        /// "18 communes sur 22", when the value leaves members out.
        let coverage: String?
        let comparisons: [String]
        let peerMedian: String
        let percentile: String
        let membersHref: String
        let source: String
        let vintage: String
    }

    struct ThemeBlock {
        let id: String
        let label: String
        let rows: [Row]
    }

    struct MemberRow {
        let rank: String
        let name: String
        let href: String
        let population: String
        let value: String
        let isMissing: Bool
        let isPVD: Bool
    }

    let name: String
    let siren: String
    let nature: String
    let population: String
    let memberCount: Int
    let departement: String?
    let sizeClass: String
    let levels: [String]
    let themes: [ThemeBlock]
    let indicators: [Option]
    let indicatorLabel: String
    let indicatorDefinition: String
    let indicatorSource: String
    let epciValue: String
    let members: [MemberRow]
    let map: String?
    let legend: [Choropleth.LegendClass]
    /// The intercommunalité's own series the viewer may see (public ones; private ones for its own accounts).
    let own: [DashboardPage.OwnBlock]
    let cardHref: String
    let csvHref: String
    let jsonHref: String

    static func load(_ dashboard: EPCIDashboard, indicator: Indicator, own: [OwnSeries], observatory: Observatory, maps: Maps) async throws -> Self {
        let epci = dashboard.epci
        let base = "/observatoire/epci/\(epci.siren)"
        let themes = Theme.allCases.map { theme in
            ThemeBlock(id: theme.rawValue, label: theme.label, rows: dashboard.lines.filter { $0.indicator.theme == theme }.map { line in
                let i = line.indicator
                return Row(id: i.id, label: i.label, definition: i.definition, value: Format.indicator(line.value, i),
                           isMissing: line.value.number == nil,
                           coverage: line.coverage.map { "\($0.used) commune\($0.used > 1 ? "s" : "") sur \($0.total)" },
                           comparisons: line.comparisons.map { Format.indicator($0.value, i) },
                           peerMedian: line.standing?.peerMedian.map { Format.number($0, i) } ?? "—",
                           percentile: Format.percentile(line.standing?.percentile),
                           membersHref: "\(base)?indicateur=\(i.id)#membres", source: i.source.producer, vintage: i.vintage)
            })
        }
        let line = dashboard.line(indicator.id)
        // Highest value first, communes without one last, ties and the missing in the referential's order.
        let ranked = zip(dashboard.members, line?.members ?? []).enumerated()
            .sorted { a, b in
                switch (a.element.1.number, b.element.1.number) {
                case let (x?, y?): x != y ? x > y : a.offset < b.offset
                case (.some, nil): true
                case (nil, .some): false
                case (nil, nil): a.offset < b.offset
                }
            }
            .map(\.element)
        var rank = 0
        let members = ranked.map { commune, value in
            if value.number != nil { rank += 1 }
            return MemberRow(rank: value.number != nil ? "\(rank)" : "—", name: commune.name, href: "/observatoire/\(commune.code)",
                             population: Format.integer(commune.population), value: Format.indicator(value, indicator),
                             isMissing: value.number == nil, isPVD: commune.isPVD)
        }
        let map = try await maps.choropleth(.epci(epci), indicator: indicator, observatory: observatory)
        return Self(
            name: epci.name, siren: epci.siren, nature: epci.nature.label, population: Format.integer(epci.population),
            memberCount: dashboard.members.count,
            departement: dashboard.departement.map { Format.departement($0.name, $0.code) },
            sizeClass: dashboard.sizeClass.label, levels: dashboard.lines.first?.comparisons.map(\.label) ?? [], themes: themes,
            indicators: Option.indicators(observatory.indicators, current: indicator.id),
            indicatorLabel: Format.title(indicator), indicatorDefinition: indicator.definition,
            indicatorSource: indicator.source.citation, epciValue: line.map { Format.indicator($0.value, indicator) } ?? "—",
            members: members, map: map?.svg, legend: map?.legend ?? [], own: own.map(DashboardPage.OwnBlock.init),
            cardHref: "/epci/\(epci.siren)", csvHref: "\(base)/donnees.csv", jsonHref: "/api/v1/observatoire/epci/\(epci.siren)")
    }
}
