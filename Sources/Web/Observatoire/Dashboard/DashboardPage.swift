import Cartography
import Foundation
import Observatoire
import Referential

/// A commune's dashboard (`/observatoire/{code}`), and its printable portrait (same model, another template).
struct DashboardPage {
    static let template = "observatoire"
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
    /// The collectivité's own series the viewer may see, never in a page kept by the `PageCache`.
    let own: [OwnBlock]
    /// The PVD peers in one line, for the portrait.
    let peerNames: String
    let cardHref: String
    let csvHref: String
    let jsonHref: String
    let portraitHref: String
    let mapHref: String
    /// The dashboard of the commune's intercommunalité, when it has one.
    let epciHref: String?

    /// A series the collectivité keeps itself: shown apart from the official figures, with its source and date.
    struct OwnBlock {
        let id: Int64
        let label: String
        let definition: String
        let visibility: String
        let latest: String
        let period: String
        let source: String
        let updated: String
        let svg: String

        /// The series of the latest figure's sub-area, charted; the commune's and the intercommunalité's
        /// dashboards show it alike.
        init(_ s: OwnSeries) {
            let area = s.latest?.area ?? ""
            let points = s.points.filter { $0.area == area }
            let title = s.label + (area.isEmpty ? "" : " (\(area))")
            id = s.id
            label = s.label
            definition = s.definition
            visibility = s.isPublic ? "publique" : "privée, visible des seuls comptes de la collectivité"
            latest = s.latest.map { "\(Format.own($0.value)) \(s.unit)" } ?? "—"
            period = s.latest.map { $0.period.label + ($0.area.isEmpty ? "" : ", \($0.area)") } ?? "—"
            source = s.source
            updated = Format.day(Date(timeIntervalSince1970: s.updatedAt))
            svg = Charts.series(points.map { Charts.Point(label: $0.period.description, value: $0.value, text: Format.own($0.value)) },
                                title: "\(title) : évolution (donnée de la collectivité)", id: "own-\(s.id)")
        }
    }

    init(_ dashboard: Dashboard, own: [OwnSeries] = []) {
        let commune = dashboard.commune
        self.own = own.map(OwnBlock.init)
        name = commune.name
        code = commune.code
        isPVD = commune.isPVD
        levels = dashboard.lines.first?.comparisons.map(\.label) ?? []
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
                series: dashboard.series.filter { $0.indicator.theme == theme }.map {
                    SeriesChart(title: Dashboard.title(of: $0), svg: dashboard.chart($0))
                })
        }
        features = dashboard.features.map(\.label)
        ownValues = zip(dashboard.features, dashboard.featureValues).map { Format.indicator($1, $0) }
        let missing = dashboard.missingFeatures
        peers = [(dashboard.peersPVD, "Parmi les Petites Villes de Demain"), (dashboard.peersAll, "Parmi toutes les communes")].map { peers, title in
            Peers(title: title, rows: peers.map { peer in
                PeerRow(name: peer.peer.commune.name, href: "/observatoire/\(peer.peer.commune.code)",
                        departement: peer.departement.map { Format.departement($0.name, $0.code) } ?? "",
                        values: zip(dashboard.features, peer.values).map { Format.indicator($1, $0) },
                        alike: peer.peer.alike.isEmpty ? "profil d'ensemble proche" : peer.peer.alike.joined(separator: ", "),
                        unlike: peer.peer.unlike)
            }, missing: missing.isEmpty ? nil : missing.joined(separator: ", "))
        }
        peerNames = peers.first?.rows.map { "\($0.name) (\($0.departement))" }.joined(separator: " ; ") ?? ""
        cardHref = "/communes/\(commune.code)"
        csvHref = "/observatoire/\(commune.code)/donnees.csv"
        jsonHref = "/api/v1/observatoire/communes/\(commune.code)"
        portraitHref = "/observatoire/\(commune.code)/portrait"
        mapHref = "/observatoire/cartes?indicateur=vacance_2018&territoire=\(commune.departementCode)"
        epciHref = dashboard.epci.map { "/observatoire/epci/\($0.siren)" }
    }

    /// The dashboard as the server sends it (the page the `PageCache` keeps, and the one `territoires bench` times).
    static func html(_ dashboard: Dashboard, own: [OwnSeries] = [], views: Views) -> String {
        views.render(template, DashboardPage(dashboard, own: own), title: "Observatoire : \(dashboard.commune.name) (\(dashboard.commune.code))",
                     breadcrumbs: [Link.home, Link.observatoire], sources: ObservatoireSources.cited)
    }
}

extension ObservatoireSources {
    /// The sources named under every observatoire page.
    static var cited: [DataSource] { all + [DataSources.cog, DataSources.programmes] }
}

extension Link {
    static let observatoire = Link(label: "Observatoire", href: "/observatoire")
}
