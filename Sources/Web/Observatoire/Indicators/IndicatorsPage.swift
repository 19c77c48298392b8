import Observatoire

/// The catalogue of indicators (`/observatoire/indicateurs`), with definitions and sources.
struct IndicatorsPage {
    static let template = "observatoire-indicateurs"

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
