import Cartography
import Observatoire
import Referential

/// The page models of the Observatoire, built from a `Dashboard` or an `Observatory`.
struct DashboardPage {
    struct Row {
        let id: String
        let label: String
        let definition: String
        let value: String
        let isMissing: Bool
        let comparisons: [String]
        /// The last comparison, France, for the short tables of the portrait.
        let france: String
        let pvdMedian: String
        let percentilePVD: String
        let percentileAll: String
        let chartHref: String
        let chartHeight: Int
        let source: String
        let vintage: String
    }

    struct SeriesChart {
        let title: String
        let svg: String
    }

    struct ThemeBlock {
        let id: String
        let label: String
        let rows: [Row]
        let series: [SeriesChart]
    }

    struct PeerRow {
        let name: String
        let href: String
        let departement: String
        let values: [String]
        let alike: String
        let unlike: String?
    }

    struct Peers {
        let title: String
        let rows: [PeerRow]
        let missing: String?
    }

    let name: String
    let code: String
    let isPVD: Bool
    let levels: [String]
    let themes: [ThemeBlock]
    let features: [String]
    let ownValues: [String]
    let peers: [Peers]
    /// The PVD peers in one line, for the portrait.
    let peerNames: String
    let cardHref: String
    let csvHref: String
    let jsonHref: String
    let portraitHref: String
    let mapHref: String

    init(_ dashboard: Dashboard, observatory: Observatory) {
        let commune = dashboard.commune
        name = commune.name
        code = commune.code
        isPVD = commune.isPVD
        levels = dashboard.lines.first?.comparisons.map(\.label) ?? []
        let series = dashboard.series()
        themes = Theme.allCases.map { theme in
            ThemeBlock(
                id: theme.rawValue, label: theme.label,
                rows: dashboard.lines.filter { $0.indicator.theme == theme }.map { line in
                    Row(id: line.indicator.id, label: line.indicator.label, definition: line.indicator.definition,
                        value: Format.indicator(line.commune, line.indicator), isMissing: line.commune.number == nil,
                        comparisons: line.comparisons.map { Format.indicator($0.value, line.indicator) },
                        france: line.comparisons.last.map { Format.indicator($0.value, line.indicator) } ?? "—",
                        pvdMedian: line.pvdMedian.map { Format.number($0, line.indicator) } ?? "—",
                        percentilePVD: Format.percentile(line.percentilePVD), percentileAll: Format.percentile(line.percentileAll),
                        chartHref: "/observatoire/\(commune.code)/graphiques/\(line.indicator.id)",
                        chartHeight: Charts.barsHeight(count: line.comparisons.count + 2),
                        source: line.indicator.source.producer, vintage: line.indicator.vintage)
                },
                series: series.filter { $0.theme == theme }.map { SeriesChart(title: $0.title, svg: $0.svg) })
        }
        let featureIndicators = PeerIndex.features.compactMap { observatory.indicator($0.indicatorID) }
        features = featureIndicators.map(\.label)
        ownValues = featureIndicators.map { Format.indicator(observatory.value($0.id, commune: commune.code), $0) }
        let missing = observatory.peers.missingFeatures(of: commune.code)
        peers = [(PeerIndex.Population.pvd, "Parmi les Petites Villes de Demain"), (.all, "Parmi toutes les communes")].map { population, title in
            Peers(title: title, rows: observatory.peers.peers(of: commune.code, among: population).map { peer in
                PeerRow(name: peer.commune.name, href: "/observatoire/\(peer.commune.code)",
                        departement: observatory.referential.departement(peer.commune.departementCode).map { Format.departement($0.name, $0.code) } ?? "",
                        values: featureIndicators.map { Format.indicator(observatory.value($0.id, commune: peer.commune.code), $0) },
                        alike: peer.alike.isEmpty ? "profil d'ensemble proche" : peer.alike.joined(separator: ", "),
                        unlike: peer.unlike)
            }, missing: missing.isEmpty ? nil : missing.joined(separator: ", "))
        }
        peerNames = peers.first?.rows.map { "\($0.name) (\($0.departement))" }.joined(separator: " ; ") ?? ""
        cardHref = "/communes/\(commune.code)"
        csvHref = "/observatoire/\(commune.code)/donnees.csv"
        jsonHref = "/api/v1/observatoire/communes/\(commune.code)"
        portraitHref = "/observatoire/\(commune.code)/portrait"
        mapHref = "/observatoire/cartes?indicateur=vacance_2018&territoire=\(commune.departementCode)"
    }
}

/// The catalogue of indicators, with definitions and sources.
struct CataloguePage {
    struct Entry {
        let id: String
        let label: String
        let definition: String
        let unit: String
        let source: String
        let vintage: String
        let additive: Bool
        let mapHref: String
        let csvHref: String
    }

    struct Group {
        let label: String
        let entries: [Entry]
    }

    let themes: [Group]

    init(_ indicators: [Indicator]) {
        themes = Theme.allCases.map { theme in
            Group(label: theme.label, entries: indicators.filter { $0.theme == theme }.map {
                Entry(id: $0.id, label: $0.label, definition: $0.definition, unit: $0.unit.symbol.isEmpty ? "nombre" : $0.unit.symbol,
                      source: $0.source.citation, vintage: $0.vintage, additive: $0.formula.isAdditive,
                      mapHref: "/observatoire/cartes?indicateur=\($0.id)&territoire=france",
                      csvHref: "/observatoire/indicateurs/\($0.id)/communes.csv")
            })
        }
    }
}
