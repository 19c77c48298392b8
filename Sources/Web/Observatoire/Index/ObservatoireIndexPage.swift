import Observatoire
import Referential

/// The observatoire's home (`/observatoire`): what it covers, and the map of vacancy by département.
struct ObservatoireIndexPage {
    static let template = "observatoire-index"

    let pvd: String
    let indicators: Int
    let map: String?
    let legend: [Choropleth.LegendClass]

    static func load(_ observatory: Observatory, vacancy: Indicator, maps: Maps) async throws -> Self {
        let map = try await maps.choropleth(.france, indicator: vacancy, observatory: observatory)
        return Self(pvd: Format.integer(observatory.referential.communes(in: .petitesVillesDeDemain).count),
                    indicators: observatory.indicators.count, map: map?.svg, legend: map?.legend ?? [])
    }
}
