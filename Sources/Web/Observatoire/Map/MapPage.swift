import Observatoire
import Referential

/// A choropleth map of one indicator (`/observatoire/cartes`), with the lists to choose another.
struct MapPage {
    static let template = "observatoire-carte"

    let title: String
    let svg: String
    let legend: [Choropleth.LegendClass]
    let indicators: [Option]
    let territories: [Option]
    let definition: String
    let source: String
    let svgHref: String
    let csvHref: String

    static func load(_ indicator: Indicator, territory: Choropleth.Territory, observatory: Observatory, maps: Maps) async throws -> Self {
        guard let map = try await maps.choropleth(territory, indicator: indicator, observatory: observatory) else {
            throw WebError.notFound("Pas de contours pour ce territoire.")
        }
        let territories = [Option(value: "france", label: "France, par département", selected: territory.key == "france"),
                           Option(value: "pvd", label: "Petites Villes de Demain (métropole)", selected: territory.key == "pvd")]
            + Option.list(observatory.referential.departements, current: territory.key, value: \.code) { "\($0.code) — \($0.name), par commune" }
        return Self(
            title: map.title, svg: map.svg, legend: map.legend,
            indicators: Option.indicators(observatory.indicators, current: indicator.id),
            territories: territories, definition: indicator.definition, source: indicator.source.citation,
            svgHref: "/observatoire/cartes/carte.svg?indicateur=\(indicator.id)&territoire=\(territory.key)",
            csvHref: "/observatoire/indicateurs/\(indicator.id)/communes.csv")
    }
}
