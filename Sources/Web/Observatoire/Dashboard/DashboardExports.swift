import Observatoire
import Tabular

/// The dashboard as a French Excel CSV (`/observatoire/{code}/donnees.csv`) and as JSON
/// (`/api/v1/observatoire/communes/{code}`).
extension Dashboard {
    /// `own`: the collectivité's series the caller may see, one row per value, marked as its own (public or
    /// private) and not INSEE's.
    func csv(own: [OwnSeries] = []) -> String {
        let header = ["theme", "indicateur", "libelle", "unite", "commune"] + (lines.first?.comparisons.map(\.label) ?? [])
            + ["mediane_pvd", "rang_centile_pvd", "rang_centile_communes", "source", "millesime"]
        let rows = lines.map { line -> [FrenchCSV.Cell] in
            let i = line.indicator
            var row: [FrenchCSV.Cell] = [.text(i.theme.label), .text(i.id), .text(i.label), .text(i.unit.symbol), .indicator(line.commune, i)]
            row += line.comparisons.map { .indicator($0.value, i) }
            let median = line.pvdMedian.map { FrenchCSV.Cell.number($0, decimals: i.decimals) } ?? .empty
            let pvd = line.percentilePVD.map { FrenchCSV.Cell.number($0, decimals: 0) } ?? .empty
            let all = line.percentileAll.map { FrenchCSV.Cell.number($0, decimals: 0) } ?? .empty
            row += [median, pvd, all, .text(i.source.citation), .text(i.vintage)]
            return row
        }
        return FrenchCSV.document(header: header, rows: rows + OwnSeries.csvRows(own, width: header.count, sourceColumn: header.count - 2))
    }
}

extension OwnSeries {
    /// The rows a dashboard's CSV adds for the collectivité's series (the commune's and the intercommunalité's):
    /// one per value, marked as its own (public or private) and not INSEE's, in the dashboard's columns — theme,
    /// key, label, unit, value first, source and period at `sourceColumn`, the other columns empty.
    static func csvRows(_ own: [OwnSeries], width: Int, sourceColumn: Int) -> [[FrenchCSV.Cell]] {
        own.flatMap { series in
            series.points.map { p -> [FrenchCSV.Cell] in
                var row: [FrenchCSV.Cell] = [.text("Donnée de la collectivité (\(series.isPublic ? "publique" : "privée"))"),
                                             .text(series.catalogueKey ?? "collectivite_\(series.id)"),
                                             .text(series.label + (p.area.isEmpty ? "" : " — \(p.area)")), .text(series.unit), .number(p.value, decimals: 2)]
                row += [FrenchCSV.Cell](repeating: .empty, count: sourceColumn - row.count)
                row += [.text(series.source), .text(p.period.description)]
                return row + [FrenchCSV.Cell](repeating: .empty, count: width - row.count)
            }
        }
    }
}

struct DashboardDTO: Encodable {
    struct Comparison: Encodable { let level: String, value: ValueDTO }
    struct Line: Encodable {
        let indicator: String, label: String, unit: String, vintage: String, value: ValueDTO, comparisons: [Comparison]
        let pvdMedian: Double?, percentilePVD: Double?, percentileAll: Double?
    }
    struct Peer: Encodable { let code: String, name: String, distance: Double, alike: [String], unlike: String? }

    let code: String, name: String, pvd: Bool, indicators: [Line], peersPVD: [Peer], peersAll: [Peer]
    let page: String, csv: String, sources: [API.SourceRef]

    init(_ dashboard: Dashboard) {
        let commune = dashboard.commune
        code = commune.code
        name = commune.name
        pvd = commune.isPVD
        indicators = dashboard.lines.map { l in
            Line(indicator: l.indicator.id, label: l.indicator.label, unit: l.indicator.unit.symbol, vintage: l.indicator.vintage,
                 value: ValueDTO(l.commune), comparisons: l.comparisons.map { Comparison(level: $0.label, value: ValueDTO($0.value)) },
                 pvdMedian: l.pvdMedian, percentilePVD: l.percentilePVD, percentileAll: l.percentileAll)
        }
        func peers(_ peers: [Dashboard.Peer]) -> [Peer] {
            peers.map { Peer(code: $0.peer.commune.code, name: $0.peer.commune.name, distance: $0.peer.distance, alike: $0.peer.alike, unlike: $0.peer.unlike) }
        }
        peersPVD = peers(dashboard.peersPVD)
        peersAll = peers(dashboard.peersAll)
        page = "/observatoire/\(commune.code)"
        csv = "/observatoire/\(commune.code)/donnees.csv"
        sources = ObservatoireSources.cited.map(API.SourceRef.init)
    }
}
