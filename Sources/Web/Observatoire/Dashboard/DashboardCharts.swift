import Cartography
import Observatoire

/// The dashboard's SVG charts: a line's comparison bars, the commune's time series.
extension Dashboard {
    /// The comparison bars of one line, as a standalone SVG chart.
    func chart(_ line: Line) -> String {
        var bars = [Charts.Bar(label: commune.name, value: line.commune.number, text: Format.indicator(line.commune, line.indicator), highlighted: true)]
        bars += line.comparisons.map { Charts.Bar(label: $0.label, value: $0.value.number, text: Format.indicator($0.value, line.indicator)) }
        bars.append(Charts.Bar(label: "Médiane des PVD", value: line.pvdMedian,
                               text: line.pvdMedian.map { Format.number($0, line.indicator) } ?? "—"))
        return Charts.bars(bars, title: "\(line.indicator.label) : \(commune.name) comparée (\(line.indicator.vintage))",
                           id: "g-\(line.indicator.id)")
    }

    /// A series' title, without the vintage its first indicator's label carries.
    static func title(of series: Series) -> String {
        "\(series.indicator.label.replacingOccurrences(of: " \(series.indicator.vintage)", with: "")) : évolution"
    }

    /// A series as an SVG line chart.
    func chart(_ series: Series) -> String {
        Charts.series(series.points.map { Charts.Point(label: $0.vintage, value: $0.value, text: Format.decimal($0.value, decimals: $0.decimals)) },
                      title: "\(Self.title(of: series)) à \(commune.name)", id: "s-\(series.id)")
    }
}
