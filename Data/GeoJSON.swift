import Cartography
import Foundation
import Tabular

/// The subset of GeoJSON the bundled outlines use: features with scalar properties and (Multi)Polygon geometry.
struct GeoJSON {
    struct Feature {
        let properties: [String: String]
        let shape: Shape
    }

    let features: [Feature]

    static func read(contentsOf url: URL) throws -> GeoJSON {
        let file = url.lastPathComponent
        let document: JSONValue
        do {
            document = try JSONValue.parse(try Gzip.decompress(contentsOf: url))
        } catch {
            throw FileError(file: file, message: "\(error)")
        }
        guard let features = document["features"]?.array else {
            throw FileError(file: file, message: "pas de collection « features » : ce n'est pas un GeoJSON FeatureCollection")
        }
        return GeoJSON(features: try features.enumerated().map { index, feature in
            func fail(_ message: String) -> FileError { FileError(file: file, message: "objet n° \(index + 1) : \(message)") }
            guard case .object(let members)? = feature["properties"] else { throw fail("propriétés absentes") }
            let properties = members.compactMapValues(\.text)
            guard let type = feature["geometry"]?["type"]?.string, let coordinates = feature["geometry"]?["coordinates"] else {
                throw fail("géométrie absente")
            }
            func ring(_ value: JSONValue) throws -> [GeoPoint] {
                try (value.array ?? []).map { pair in
                    guard let p = pair.array, p.count >= 2, let x = p[0].number, let y = p[1].number else { throw fail("coordonnées invalides") }
                    return GeoPoint(longitude: x, latitude: y)
                }
            }
            func polygon(_ value: JSONValue) throws -> [[GeoPoint]] { try (value.array ?? []).map(ring) }
            switch type {
            case "Polygon": return Feature(properties: properties, shape: Shape(polygons: [try polygon(coordinates)]))
            case "MultiPolygon": return Feature(properties: properties, shape: Shape(polygons: try (coordinates.array ?? []).map(polygon)))
            default: throw fail("géométrie \(type) non gérée (Polygon ou MultiPolygon attendu)")
            }
        })
    }
}
