import Cartography
import Observatoire
import Referential

/// Choropleth maps of an indicator: over the communes of a département, over the Petites Villes de Demain of
/// mainland France (all, or the programme view's selection), over the member communes of an EPCI, or over the départements. Quantile classes (equal counts) in a colour-blind-safe palette.
struct Choropleth {
    enum Territory {
        case departement(Departement)
        case pvd
        /// The programme view's selection: its PVD of mainland France, with or without a value.
        case programme(ProgrammeTable)
        case epci(EPCI)
        case france

        var key: String {
            switch self {
            case .departement(let d): d.code
            case .pvd: "pvd"
            case .programme: "programme"
            case .epci(let e): "epci-\(e.siren)"
            case .france: "france"
            }
        }

        var label: String {
            switch self {
            case .departement(let d): "communes du département \(d.name)"
            case .pvd: "Petites Villes de Demain de France métropolitaine"
            case .programme: "Petites Villes de Demain retenues, en France métropolitaine"
            case .epci(let e): "communes membres de \(e.name)"
            case .france: "départements"
            }
        }
    }

    struct LegendClass {
        let colour: String
        let label: String
        let count: Int
    }

    struct Area {
        let code: String
        let name: String
        let href: String
        let value: Value
    }

    let svg: String
    let legend: [LegendClass]
    let areas: [Area]
    let title: String

    static func classes(_ values: [Double], indicator: Indicator) -> (breaks: [Double], colours: [String], labels: [String]) {
        let breaks = Observatory.quantileBreaks(values, classes: 5)
        let colours = Palette.colours(breaks.count + 1)
        var labels: [String] = []
        for k in 0...breaks.count {
            if breaks.isEmpty { labels.append("toutes valeurs") }
            else if k == 0 { labels.append("moins de \(Format.number(breaks[0], indicator))") }
            else if k == breaks.count { labels.append("\(Format.number(breaks[k - 1], indicator)) et plus") }
            else { labels.append("de \(Format.number(breaks[k - 1], indicator)) à moins de \(Format.number(breaks[k], indicator))") }
        }
        return (breaks, colours, labels)
    }
}

extension Maps {
    /// The map of `indicator` over `territory`, its legend and areas. `drawn: false` skips writing the SVG (the
    /// programme page shows the PVD map as an image of its own address and needs only the legend: the drawing is
    /// over a megabyte and most of the time).
    func choropleth(_ territory: Choropleth.Territory, indicator: Indicator, observatory: Observatory, standalone: Bool = false,
                    drawn: Bool = true) async throws -> Choropleth? {
        let referential = observatory.referential
        let areas: [Choropleth.Area]
        let shapes: [String: Shape]
        let background: String
        let projection: Projection
        switch territory {
        case .departement(let d):
            guard let layer = try await communeShapes(ofDepartement: d.code) else { return nil }
            areas = referential.communes(inDepartement: d.code).map {
                Choropleth.Area(code: $0.code, name: $0.name, href: "/observatoire/\($0.code)", value: observatory.value(indicator.id, commune: $0.code))
            }
            (shapes, projection, background) = (layer.shapes, layer.projection, "")
        case .pvd:
            guard let layer = try await mainlandPVDShapes() else { return nil }
            areas = referential.communes(in: .petitesVillesDeDemain).filter { layer.shapes[$0.code] != nil }.map {
                Choropleth.Area(code: $0.code, name: $0.name, href: "/observatoire/\($0.code)", value: observatory.value(indicator.id, commune: $0.code))
            }
            (shapes, projection, background) = (layer.shapes, layer.projection, layer.paths)
        case .programme(let table):
            guard let layer = try await mainlandPVDShapes() else { return nil }
            areas = (table.rows.map(\.commune) + table.withoutValue).filter { layer.shapes[$0.code] != nil }.map {
                Choropleth.Area(code: $0.code, name: $0.name, href: "/observatoire/\($0.code)", value: observatory.value(indicator.id, commune: $0.code))
            }
            (shapes, projection, background) = (layer.shapes, layer.projection, layer.paths)
        case .epci(let e):
            guard let layer = try await communeShapes(ofEPCI: e) else { return nil }
            areas = referential.members(of: e).map {
                Choropleth.Area(code: $0.code, name: $0.name, href: "/observatoire/\($0.code)", value: observatory.value(indicator.id, commune: $0.code))
            }
            (shapes, projection, background) = (layer.shapes, layer.projection, "")
        case .france:
            guard let layer = try await departementShapes() else { return nil }
            areas = referential.departements.map {
                Choropleth.Area(code: $0.code, name: "\($0.name) (\($0.code))", href: "/observatoire/cartes?indicateur=\(indicator.id)&territoire=\($0.code)",
                                value: observatory.value(indicator.id, level: .departement($0.code)))
            }
            (shapes, projection, background) = (layer.shapes, layer.projection, "")
        }
        let (breaks, colours, labels) = Choropleth.classes(areas.compactMap(\.value.number), indicator: indicator)
        var counts = Array(repeating: 0, count: colours.count)
        var missing = 0
        let features = areas.compactMap { area -> MapFeature? in
            guard let shape = shapes[area.code] else { return nil }
            let fill: String
            if let v = area.value.number {
                let k = breaks.firstIndex { v < $0 } ?? breaks.count
                counts[k] += 1
                fill = colours[k]
            } else {
                missing += 1
                fill = Palette.noData
            }
            return MapFeature(shape: shape, cssClass: "choro", label: "\(area.name) : \(Format.indicator(area.value, indicator))",
                              href: area.href, fill: fill)
        }
        var legend = colours.indices.map { Choropleth.LegendClass(colour: colours[$0], label: labels[$0], count: counts[$0]) }
        if missing > 0 { legend.append(Choropleth.LegendClass(colour: Palette.noData, label: "secret statistique ou non disponible", count: missing)) }
        let title = "\(indicator.label) (\(indicator.vintage)) : \(territory.label)"
        let svg = !drawn ? "" : SVGMap.document(
            layers: [background, SVGMap.paths(features, projection)], projection: projection, title: title,
            description: "Carte en 5 classes d'effectifs égaux (quantiles) ; source : \(indicator.source.citation).",
            id: "choro-\(territory.key)", style: standalone ? SVGMap.standaloneStyle : nil)
        return Choropleth(svg: svg, legend: legend, areas: areas, title: title)
    }
}
