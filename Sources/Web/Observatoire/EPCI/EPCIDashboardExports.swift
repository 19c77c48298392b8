import Observatoire
import Tabular

/// The intercommunalité's dashboard as a French Excel CSV (`/observatoire/epci/{siren}/donnees.csv`: one row per
/// indicator, the members side by side after the comparisons) and as JSON (`/api/v1/observatoire/epci/{siren}`).
extension EPCIDashboard {
    /// `own`: the intercommunalité's series the caller may see, one row per value, marked as in the commune's CSV.
    func csv(own: [OwnSeries] = []) -> String {
        let header = ["theme", "indicateur", "libelle", "unite", "epci", "communes_prises_en_compte", "communes"]
            + (lines.first?.comparisons.map(\.label) ?? [])
            + ["mediane_epci_meme_taille", "rang_centile_epci_meme_taille", "source", "millesime"]
            + members.map { "\($0.name) (\($0.code))" }
        let rows = lines.map { line -> [FrenchCSV.Cell] in
            let i = line.indicator
            var row: [FrenchCSV.Cell] = [.text(i.theme.label), .text(i.id), .text(i.label), .text(i.unit.symbol), .indicator(line.value, i)]
            row += line.coverage.map { [.integer($0.used), .integer($0.total)] } ?? [.empty, .integer(members.count)]
            row += line.comparisons.map { .indicator($0.value, i) }
            row.append(line.standing?.peerMedian.map { .number($0, decimals: i.decimals) } ?? .empty)
            row.append(line.standing?.percentile.map { .number($0, decimals: 0) } ?? .empty)
            row += [.text(i.source.citation), .text(i.vintage)]
            row += line.members.map { .indicator($0, i) }
            return row
        }
        let source = header.firstIndex(of: "source")!
        return FrenchCSV.document(header: header, rows: rows + OwnSeries.csvRows(own, width: header.count, sourceColumn: source))
    }
}

struct EPCIDashboardDTO: Encodable {
    struct Member: Encodable { let code: String, name: String, pvd: Bool, population: Int }
    struct Coverage: Encodable { let used: Int, total: Int }
    struct Standing: Encodable { let label: String, peerCount: Int, peerMedian: Double?, percentile: Double? }
    struct Line: Encodable {
        let indicator: String, label: String, unit: String, vintage: String, value: ValueDTO
        /// null when every member entered the value.
        let coverage: API.Nullable<Coverage>
        let comparisons: [DashboardDTO.Comparison]
        let sizeClass: API.Nullable<Standing>
        /// In the order of the dashboard's `members`.
        let members: [ValueDTO]
    }

    let siren: String, name: String, population: Int, members: [Member], indicators: [Line]
    let page: String, csv: String, sources: [API.SourceRef]

    init(_ dashboard: EPCIDashboard) {
        let epci = dashboard.epci
        siren = epci.siren
        name = epci.name
        population = epci.population
        members = dashboard.members.map { Member(code: $0.code, name: $0.name, pvd: $0.isPVD, population: $0.population) }
        indicators = dashboard.lines.map { l in
            Line(indicator: l.indicator.id, label: l.indicator.label, unit: l.indicator.unit.symbol, vintage: l.indicator.vintage,
                 value: ValueDTO(l.value), coverage: API.Nullable(l.coverage.map { Coverage(used: $0.used, total: $0.total) }),
                 comparisons: l.comparisons.map { DashboardDTO.Comparison(level: $0.label, value: ValueDTO($0.value)) },
                 sizeClass: API.Nullable(l.standing.map { Standing(label: $0.sizeClass.label, peerCount: $0.peersWithValue, peerMedian: $0.peerMedian, percentile: $0.percentile) }),
                 members: l.members.map(ValueDTO.init))
        }
        page = "/observatoire/epci/\(epci.siren)"
        csv = "/observatoire/epci/\(epci.siren)/donnees.csv"
        sources = ObservatoireSources.cited.map(API.SourceRef.init)
    }
}
