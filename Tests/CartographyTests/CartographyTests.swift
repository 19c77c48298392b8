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

/// The radar of the diagnostic: every label whole inside the drawing, none over another, at any score.
@Suite struct RadarTests {
    static let dimensions = ["Stratégie et portage", "Gouvernance, conformité et éthique", "Organisation et compétences", "Culture et acculturation",
                             "Patrimoine de données et qualité", "Outils, infrastructures et cybersécurité", "Usages et valeur"]

    struct Box {
        let left, top, right, bottom: Double
        func overlaps(_ o: Box) -> Bool { left < o.right && o.left < right && top < o.bottom && o.top < bottom }
    }

    static func number(_ name: String, in tag: Substring) -> Double? {
        guard let start = tag.range(of: " \(name)=\"") else { return nil }
        return Double(tag[start.upperBound...].prefix { $0 != "\"" })
    }

    /// Each `<text>`'s box as a browser would lay it out, estimated independently of the chart code: 0.62 em a
    /// character (DejaVu Sans, the fallback font, averages about 0.6 em on French text), ascent 0.8 em, descent
    /// 0.25 em, lines `dy` apart.
    static func labelBoxes(_ svg: String) throws -> (view: Box, labels: [(text: String, box: Box)]) {
        let viewBox = try #require(svg.firstMatch(of: /viewBox="0 0 (\d+) (\d+)"/))
        let view = Box(left: 0, top: 0, right: Double(viewBox.1)!, bottom: Double(viewBox.2)!)
        var labels: [(String, Box)] = []
        for match in svg.matches(of: /<text([^>]*)>(.*?)<\/text>/) {
            let attributes = match.1, body = String(match.2)
            let size = try #require(number("font-size", in: attributes))
            let x = try #require(number("x", in: attributes)), y = try #require(number("y", in: attributes))
            var lines = body.matches(of: /<tspan([^>]*)>([^<]*)<\/tspan>/).map { (dy: number("dy", in: $0.1) ?? 0, text: String($0.2)) }
            if lines.isEmpty { lines = [(0, body)] }
            let width = Double(lines.map(\.text.count).max() ?? 0) * 0.62 * size
            let height = lines.dropFirst().reduce(0) { $0 + $1.dy }
            let left = attributes.contains("text-anchor=\"end\"") ? x - width : attributes.contains("text-anchor=\"middle\"") ? x - width / 2 : x
            labels.append((lines.map(\.text).joined(separator: " "), Box(left: left, top: y - 0.8 * size, right: left + width, bottom: y + height + 0.25 * size)))
        }
        return (view, labels)
    }

    /// The longest labels: "(100)" everywhere, mixed scores, and "(sans réponse)" everywhere (four lines).
    @Test(arguments: [[100.0, 100, 100, 100, 100, 100, 100], [0.0, 33, 67, 100, 8, 45, 91], Array(repeating: nil, count: 7)] as [[Double?]])
    func everyLabelIsWholeInsideTheDrawing(values: [Double?]) throws {
        let svg = Charts.radar(zip(Self.dimensions, values).map { (label: $0.0, value: $0.1) }, title: "Scores", id: "radar")
        let (view, labels) = try Self.labelBoxes(svg)
        #expect(labels.count == 7)
        for (text, box) in labels {
            #expect(box.left >= view.left && box.right <= view.right && box.top >= view.top && box.bottom <= view.bottom, "\(text) sort du dessin")
        }
        for i in labels.indices { for j in labels.indices where i < j {
            #expect(!labels[i].box.overlaps(labels[j].box), "\(labels[i].text) chevauche \(labels[j].text)")
        } }
        // The whole name is written, not cut.
        let written = labels.map(\.text).joined(separator: " ")
        for name in Self.dimensions { #expect(written.contains(name)) }
    }

    @Test func anUnansweredAxisIsAGapNotAZero() throws {
        let values: [Double?] = [50, nil, 75, nil, nil, 20, 60]
        let svg = Charts.radar(zip(Self.dimensions, values).map { (label: $0.0, value: $0.1) }, title: "Scores", id: "radar")
        let (view, labels) = try Self.labelBoxes(svg)
        for (text, box) in labels {
            #expect(box.left >= view.left && box.right <= view.right && box.top >= view.top && box.bottom <= view.bottom, "\(text) sort du dessin")
        }
        #expect(labels.filter { $0.text.contains("(sans\u{00A0}réponse)") }.count == 3)
        // The four rings only: no closed shape through a 0 point; a point for each answered axis, joined only to
        // an answered neighbour (the 6th and 7th, then the 7th and the 1st).
        #expect(svg.matches(of: /<polygon/).count == 4)
        #expect(svg.matches(of: /<circle/).count == 4)
        #expect(svg.matches(of: /<line [^>]*stroke="#000091"/).count == 2)
    }
}
