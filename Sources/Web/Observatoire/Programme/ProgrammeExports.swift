import Observatoire
import Tabular

/// The programme view's table as a French Excel CSV (`/observatoire/programme.csv`, the same filters and order)
/// and as JSON (`/api/v1/observatoire/programme`).
extension ProgrammeTable {
    var csv: String {
        let i = indicator
        let header = ["code_insee", "commune", "departement", "region", "population", "\(i.id) (\(i.unit.symbol.isEmpty ? "nombre" : i.unit.symbol))",
                      "rang_centile_pvd", "source", "millesime"]
        let rows = rows.map { row -> [FrenchCSV.Cell] in
            let c = row.commune
            return [.text(c.code), .text(c.name), .text(c.departementCode), .text(c.regionCode), .integer(c.population),
                    .number(row.value, decimals: i.decimals), .number(row.pvdPercentile, decimals: 0), .text(i.source.citation), .text(i.vintage)]
        }
        return FrenchCSV.document(header: header, rows: rows)
    }
}

struct ProgrammeDTO: Encodable {
    struct Row: Encodable { let code: String, name: String, departement: String, region: String, population: Int, value: Double, percentilePVD: Double }
    struct Missing: Encodable { let code: String, name: String }
    struct Bin: Encodable { let lower: Double, upper: Double, count: Int }

    let indicator: IndicatorDTO
    let count: Int
    let median: API.Nullable<Double>
    let bins: [Bin]
    let communes: [Row]
    let withoutValue: [Missing]
    let page: String, csv: String, sources: [API.SourceRef]

    init(_ table: ProgrammeTable, query: ProgrammeQuery) {
        indicator = IndicatorDTO(table.indicator)
        count = table.rows.count
        median = API.Nullable(table.median)
        bins = table.bins.map { Bin(lower: $0.lower, upper: $0.upper, count: $0.count) }
        communes = table.rows.map {
            Row(code: $0.commune.code, name: $0.commune.name, departement: $0.commune.departementCode, region: $0.commune.regionCode,
                population: $0.commune.population, value: $0.value, percentilePVD: $0.pvdPercentile)
        }
        withoutValue = table.withoutValue.map { Missing(code: $0.code, name: $0.name) }
        page = ProgrammePage.address("/observatoire/programme", query)
        csv = ProgrammePage.address("/observatoire/programme.csv", query)
        sources = ObservatoireSources.cited.map(API.SourceRef.init)
    }
}
