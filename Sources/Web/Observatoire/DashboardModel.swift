import Cartography
import Observatoire
import Referential

extension Format {
    /// An indicator's value with its unit, or why there is none.
    static func indicator(_ value: Value, _ indicator: Indicator) -> String {
        switch value {
        case .value(let v): number(v, indicator)
        case .secret: "secret statistique"
        case .unavailable: "non disponible"
        }
    }

    static func number(_ v: Double, _ indicator: Indicator) -> String {
        let text = decimal(v, decimals: indicator.decimals)
        let symbol = indicator.unit.symbol
        return symbol.isEmpty ? text : "\(text) \(symbol)"
    }

    static func percentile(_ p: Double?) -> String {
        guard let p else { return "—" }
        return "\(Int(p.rounded())) %"
    }
}

/// Everything the dashboard shows for a commune, computed once and rendered as HTML, CSV or JSON.
struct Dashboard {
    struct Comparison {
        let label: String
        let value: Value
    }

    struct Line {
        let indicator: Indicator
        let commune: Value
        let comparisons: [Comparison]
        let pvdMedian: Double?
        let percentilePVD: Double?
        let percentileAll: Double?
    }

    let commune: Commune
    let epci: EPCI?
    let departement: Departement?
    let region: Region?
    let lines: [Line]

    init(_ commune: Commune, observatory: Observatory) {
        let referential = observatory.referential
        self.commune = commune
        epci = commune.epciSiren.flatMap(referential.epci)
        departement = referential.departement(commune.departementCode)
        region = referential.region(commune.regionCode)
        var levels: [(String, Level)] = []
        if let epci { levels.append((epci.name, .epci(epci.siren))) }
        if let departement { levels.append((departement.name, .departement(departement.code))) }
        if let region { levels.append((region.name, .region(region.code))) }
        levels.append(("France", .france))
        lines = observatory.indicators.map { indicator in
            let value = observatory.value(indicator.id, commune: commune.code)
            return Line(
                indicator: indicator, commune: value,
                comparisons: levels.map { Comparison(label: $0.0, value: observatory.value(indicator.id, level: $0.1)) },
                pvdMedian: observatory.pvdMedian(indicator.id),
                percentilePVD: value.number.flatMap { observatory.percentile(indicator.id, of: $0, among: .pvd) },
                percentileAll: value.number.flatMap { observatory.percentile(indicator.id, of: $0, among: .all) })
        }
    }

    /// The comparison bars of one line, as a standalone SVG chart.
    func chart(_ line: Line) -> String {
        var bars = [Charts.Bar(label: commune.name, value: line.commune.number, text: Format.indicator(line.commune, line.indicator), highlighted: true)]
        bars += line.comparisons.map { Charts.Bar(label: $0.label, value: $0.value.number, text: Format.indicator($0.value, line.indicator)) }
        bars.append(Charts.Bar(label: "Médiane des PVD", value: line.pvdMedian,
                               text: line.pvdMedian.map { Format.number($0, line.indicator) } ?? "—"))
        return Charts.bars(bars, title: "\(line.indicator.label) : \(commune.name) comparée (\(line.indicator.vintage))",
                           id: "g-\(line.indicator.id)")
    }

    /// Time series of the commune for indicators sharing a series id, when two dates or more have a value.
    func series() -> [(id: String, title: String, theme: Theme, svg: String)] {
        var result: [(String, String, Theme, String)] = []
        var seen = Set<String>()
        for line in lines {
            guard let series = line.indicator.series, seen.insert(series).inserted else { continue }
            let points = lines.filter { $0.indicator.series == series }
                .compactMap { l in l.commune.number.map { (l.indicator.vintage, $0, l.indicator) } }
                .sorted { $0.0 < $1.0 }
            guard points.count >= 2 else { continue }
            let title = "\(line.indicator.label.replacingOccurrences(of: " \(line.indicator.vintage)", with: "")) : évolution"
            let svg = Charts.series(points.map { Charts.Point(label: $0.0, value: $0.1, text: Format.decimal($0.1, decimals: $0.2.decimals)) },
                                    title: "\(title) à \(commune.name)", id: "s-\(series)")
            result.append((series, title, line.indicator.theme, svg))
        }
        return result
    }
}
