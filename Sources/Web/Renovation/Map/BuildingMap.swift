import Cartography
import Renovation
import Tabular

/// The inventory page's map: each listed building a dot coloured by its label (the ten first larger), on the
/// communes of its département or, across départements, on the mainland's départements; and a note of the
/// buildings placed at their commune's centre or left out.
struct BuildingMap {
    let svg: String?
    let note: String?

    static func draw(_ shown: [RankedBuilding], base: String, rawQuery: String, maps: Maps) async throws -> BuildingMap {
        guard !shown.isEmpty else { return BuildingMap(svg: nil, note: nil) }
        let departements = Set(shown.map(\.building.departement))
        let layer: Maps.Layer?
        if departements.count == 1, let d = departements.first { layer = try await maps.communeShapes(ofDepartement: d) } else { layer = try await maps.mainlandDepartements() }
        guard let layer else { return BuildingMap(svg: nil, note: nil) }
        var approximate = 0, outside = 0
        var dots = ""
        for r in shown.reversed() {
            var point: GeoPoint?
            if let lat = r.building.latitude, let lon = r.building.longitude { point = GeoPoint(longitude: lon, latitude: lat) }
            else if let c = try await maps.communeCentre(r.building.communeCode) { point = c; approximate += 1 }
            guard let point else { outside += 1; continue }
            let (x, y) = layer.projection.project(point)
            guard x >= 0, y >= 0, x <= layer.projection.width, y <= layer.projection.height else { outside += 1; continue }
            let href = "\(base)/batiments/\(RenovationController.pathComponent(r.building.id))\(rawQuery)"
            dots += "<a href=\"\(XML.escape(href))\"><circle class=\"batiment etiquette-\(r.assessment.label)\" cx=\"\(x)\" cy=\"\(y)\" r=\"\(r.rank <= 10 ? 6 : 4)\">"
            dots += "<title>\(XML.escape("\(r.rank). \(r.building.name) — étiquette \(r.assessment.label), \(RenovationFormat.int(r.assessment.primaryPerM2)) kWhEP/m²/an"))</title></circle></a>"
        }
        let svg = SVGMap.document(layers: ["<g class=\"fond\">", layer.paths, "</g><g>", dots, "</g>"], projection: layer.projection,
                                  title: "Carte des bâtiments", description: "Chaque point est un bâtiment, coloré selon son étiquette énergie ; les dix premiers du classement sont plus gros.",
                                  id: "carte-batiments")
        var notes: [String] = []
        if approximate > 0 { notes.append("\(approximate) bâtiment(s) sans coordonnées placé(s) au centre de leur commune") }
        if outside > 0 { notes.append("\(outside) bâtiment(s) hors du cadre de la carte (outre-mer) ou sans position") }
        return BuildingMap(svg: svg, note: notes.isEmpty ? nil : notes.joined(separator: " ; ") + ".")
    }
}

/// The inventory as GeoJSON (`batiments.geojson`): the export's columns as properties, numbers as JSON numbers,
/// a building without coordinates at its commune's centre (said in `position`).
struct GeoCollection: Encodable {
    var type = "FeatureCollection"
    let features: [GeoFeature]

    static func export(_ shown: [RankedBuilding], maps: Maps) async throws -> GeoCollection {
        var features: [GeoFeature] = []
        for r in shown {
            var point: GeoPoint?, position: String?
            if let lat = r.building.latitude, let lon = r.building.longitude {
                (point, position) = (GeoPoint(longitude: lon, latitude: lat), "coordonnées du bâtiment")
            } else {
                point = try await maps.communeCentre(r.building.communeCode)
                position = point == nil ? nil : "centre de la commune"
            }
            // GIS tools read numbers as JSON numbers, not French text ("191,1").
            var properties = Dictionary(uniqueKeysWithValues: zip(InventoryExport.header, InventoryExport.row(r).map { cell -> GeoFeature.Value in
                if let number = cell.number { return .number(number) }
                return cell.value.isEmpty ? .none : .text(cell.value)
            }))
            properties["position"] = position.map(GeoFeature.Value.text) ?? GeoFeature.Value.none
            features.append(GeoFeature(geometry: point.map { .init(coordinates: [$0.longitude, $0.latitude]) }, properties: properties))
        }
        return GeoCollection(features: features)
    }
}

struct GeoFeature: Encodable {
    struct Point: Encodable { var type = "Point"; let coordinates: [Double] }
    /// A property: a number, a text, or null when the building has no such value.
    enum Value: Encodable {
        case number(Double), text(String), none

        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .number(let n): try container.encode(n)
            case .text(let t): try container.encode(t)
            case .none: try container.encodeNil()
            }
        }
    }
    var type = "Feature"
    let geometry: Point?
    let properties: [String: Value]
}
