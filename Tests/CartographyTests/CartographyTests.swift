import Cartography
import Testing

@Suite struct CartographyTests {
    func square(_ x: Double, _ y: Double, _ size: Double = 1) -> Shape {
        Shape(polygons: [[[
            GeoPoint(longitude: x, latitude: y), GeoPoint(longitude: x + size, latitude: y),
            GeoPoint(longitude: x + size, latitude: y + size), GeoPoint(longitude: x, latitude: y + size),
        ]]])
    }

    @Test func codecRoundTripsAtSourcePrecision() throws {
        let shape = Shape(polygons: [
            [[GeoPoint(longitude: -4.50207, latitude: 48.40031), GeoPoint(longitude: 55.53012, latitude: -21.11542),
              GeoPoint(longitude: 0, latitude: 0)]],
            [[GeoPoint(longitude: 9.56, latitude: 42.00001)], []],
        ])
        let decoded = try ShapeCodec.decode(ShapeCodec.encode(shape))
        #expect(decoded.polygons.count == 2)
        #expect(decoded.polygons[1][1].isEmpty)
        for (a, b) in zip(shape.polygons.flatMap { $0.flatMap { $0 } }, decoded.polygons.flatMap { $0.flatMap { $0 } }) {
            #expect(abs(a.longitude - b.longitude) < 1e-9 && abs(a.latitude - b.latitude) < 1e-9)
        }
        #expect(throws: ShapeCodec.DecodingError.self) { try ShapeCodec.decode([0x81]) }
    }

    @Test func neighboursShareOrNearlyShareVertices() {
        let nearlyTouching = Shape(polygons: [[[
            GeoPoint(longitude: 2.0005, latitude: 0), GeoPoint(longitude: 3, latitude: 0), GeoPoint(longitude: 3, latitude: 1),
        ]]])
        let result = Adjacency.neighbours(of: ["A": square(0, 0), "B": square(1, 0), "C": nearlyTouching, "D": square(10, 10)])
        #expect(result["A"] == ["B"])
        #expect(result["B"] == ["A", "C"])
        #expect(result["C"] == ["B"])
        #expect(result["D"] == nil)
    }

    @Test func projectsNorthUpWithinTheFrame() {
        let box = BoundingBox(minLongitude: 0, minLatitude: 45, maxLongitude: 2, maxLatitude: 46)
        let projection = Projection(fitting: box, width: 200, maxHeight: 200, padding: 10)
        let southWest = projection.project(GeoPoint(longitude: 0, latitude: 45))
        let northEast = projection.project(GeoPoint(longitude: 2, latitude: 46))
        #expect(southWest.x == 10)
        #expect(northEast.x == 190)
        #expect(northEast.y == 10)
        #expect(southWest.y > northEast.y)
        // One degree of longitude at 45.5° N is cos(45.5°) ≈ 0.70 of a degree of latitude.
        let ratio = (northEast.x - southWest.x) / 2 / (southWest.y - northEast.y)
        #expect(abs(ratio - 0.7009) < 0.01)
    }

    @Test func writesPathsAndEscapesLabels() {
        let box = BoundingBox(minLongitude: 0, minLatitude: 0, maxLongitude: 1, maxLatitude: 1)
        let projection = Projection(fitting: box, width: 100, maxHeight: 100, padding: 0)
        #expect(SVGMap.pathData(square(0, 0), projection) == "M0 100L100 100L100 0L0 0Z")
        let svg = SVGMap.paths([MapFeature(shape: square(0, 0), cssClass: "commune", label: "L'Île <&>", href: "/communes/1?a=1&b=2")], projection)
        #expect(svg.contains("<title>L&#39;Île &lt;&amp;&gt;</title>"))
        #expect(svg.contains("href=\"/communes/1?a=1&amp;b=2\""))
    }
}
