import Cartography
import Foundation
import Tabular

/// The subset of GeoJSON the bundled outlines use: features with scalar properties and (Multi)Polygon geometry.
struct GeoJSON: Decodable {
    struct Feature: Decodable {
        let properties: [String: String]
        let shape: Shape

        enum CodingKeys: String, CodingKey { case properties, geometry }
        enum GeometryKeys: String, CodingKey { case type, coordinates }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            properties = try container.decode([String: Scalar].self, forKey: .properties).compactMapValues(\.text)
            let geometry = try container.nestedContainer(keyedBy: GeometryKeys.self, forKey: .geometry)
            let toPoint = { (pair: [Double]) in GeoPoint(longitude: pair[0], latitude: pair[1]) }
            switch try geometry.decode(String.self, forKey: .type) {
            case "Polygon":
                let rings = try geometry.decode([[[Double]]].self, forKey: .coordinates)
                shape = Shape(polygons: [rings.map { $0.map(toPoint) }])
            case "MultiPolygon":
                let polygons = try geometry.decode([[[[Double]]]].self, forKey: .coordinates)
                shape = Shape(polygons: polygons.map { $0.map { $0.map(toPoint) } })
            case let other:
                throw DecodingError.dataCorruptedError(forKey: .type, in: geometry, debugDescription: "géométrie \(other) non gérée")
            }
        }
    }

    /// A property value: string, number, boolean or null, kept as text.
    struct Scalar: Decodable {
        let text: String?
        init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            if c.decodeNil() { text = nil }
            else if let s = try? c.decode(String.self) { text = s }
            else if let i = try? c.decode(Int.self) { text = String(i) }
            else if let d = try? c.decode(Double.self) { text = String(d) }
            else if let b = try? c.decode(Bool.self) { text = String(b) }
            else { text = nil }
        }
    }

    let features: [Feature]

    static func read(contentsOf url: URL) throws -> GeoJSON {
        let bytes = try Gzip.decompress(contentsOf: url)
        do {
            return try JSONDecoder().decode(GeoJSON.self, from: Data(bytes))
        } catch {
            throw FileError(file: url.lastPathComponent, message: "GeoJSON illisible : \(error)")
        }
    }
}
