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

    /// An indicator's label with its vintage, said once: most labels already end with it.
    static func title(_ indicator: Indicator) -> String {
        indicator.label.contains(indicator.vintage) ? indicator.label : "\(indicator.label) (\(indicator.vintage))"
    }

    static func percentile(_ p: Double?) -> String {
        guard let p else { return "—" }
        return "\(Int(p.rounded())) %"
    }
}

extension Option {
    /// The catalogue as a list to choose an indicator from, each named with its theme and vintage.
    static func indicators(_ indicators: [Indicator], current: String) -> [Option] {
        list(indicators, current: current, value: \.id) { "\($0.theme.label) — \($0.label) (\($0.vintage))" }
    }
}
