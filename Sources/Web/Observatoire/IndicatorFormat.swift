import Observatoire

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
