import Foundation

/// A point in WGS84 degrees.
public struct GeoPoint: Sendable, Equatable {
    public var longitude: Double
    public var latitude: Double

    public init(longitude: Double, latitude: Double) {
        self.longitude = longitude
        self.latitude = latitude
    }
}

public struct BoundingBox: Sendable, Equatable {
    public var minLongitude: Double
    public var minLatitude: Double
    public var maxLongitude: Double
    public var maxLatitude: Double

    public init(minLongitude: Double, minLatitude: Double, maxLongitude: Double, maxLatitude: Double) {
        self.minLongitude = minLongitude
        self.minLatitude = minLatitude
        self.maxLongitude = maxLongitude
        self.maxLatitude = maxLatitude
    }

    public func union(_ other: BoundingBox) -> BoundingBox {
        BoundingBox(minLongitude: min(minLongitude, other.minLongitude), minLatitude: min(minLatitude, other.minLatitude),
                    maxLongitude: max(maxLongitude, other.maxLongitude), maxLatitude: max(maxLatitude, other.maxLatitude))
    }

    public var center: GeoPoint {
        GeoPoint(longitude: (minLongitude + maxLongitude) / 2, latitude: (minLatitude + maxLatitude) / 2)
    }
}

/// A (multi)polygon: polygons made of rings, the first ring of each the outer one.
public struct Shape: Sendable, Equatable {
    public var polygons: [[[GeoPoint]]]

    public init(polygons: [[[GeoPoint]]]) { self.polygons = polygons }

    public var boundingBox: BoundingBox? {
        var box: BoundingBox?
        for polygon in polygons {
            for ring in polygon {
                for p in ring {
                    if box == nil {
                        box = BoundingBox(minLongitude: p.longitude, minLatitude: p.latitude, maxLongitude: p.longitude, maxLatitude: p.latitude)
                    } else {
                        box!.minLongitude = min(box!.minLongitude, p.longitude)
                        box!.maxLongitude = max(box!.maxLongitude, p.longitude)
                        box!.minLatitude = min(box!.minLatitude, p.latitude)
                        box!.maxLatitude = max(box!.maxLatitude, p.latitude)
                    }
                }
            }
        }
        return box
    }

    public var pointCount: Int { polygons.reduce(0) { $0 + $1.reduce(0) { $0 + $1.count } } }

    public static func boundingBox(of shapes: some Sequence<Shape>) -> BoundingBox? {
        shapes.compactMap(\.boundingBox).reduce(nil) { $0?.union($1) ?? $1 }
    }
}

/// The kinds of outline the product draws.
public enum ShapeKind: String, Sendable, CaseIterable {
    case commune, epci, departement, region
}

/// Where the outlines are kept (SQLite now). Implementations live in the storage layer.
public protocol ShapeStore: Sendable {
    func shapes(_ kind: ShapeKind, codes: [String]) async throws -> [String: Shape]
}
