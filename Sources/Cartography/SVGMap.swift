import Foundation
import Tabular

/// Fits a bounding box into a drawing of a given width. An equirectangular projection with the longitude
/// scaled by cos(latitude) at the centre: exact enough at the scale of a département or a région, and cheap.
public struct Projection: Sendable {
    public let width: Double
    public let height: Double
    private let box: BoundingBox
    private let xScale: Double
    private let yScale: Double
    private let padding: Double

    public init(fitting box: BoundingBox, width: Double = 640, maxHeight: Double = 640, padding: Double = 8) {
        let kx = cos(box.center.latitude * .pi / 180)
        let spanX = max((box.maxLongitude - box.minLongitude) * kx, 1e-6)
        let spanY = max(box.maxLatitude - box.minLatitude, 1e-6)
        let scale = min((width - 2 * padding) / spanX, (maxHeight - 2 * padding) / spanY)
        self.box = box
        self.padding = padding
        xScale = scale * kx
        yScale = scale
        self.width = (spanX * scale + 2 * padding).rounded(.up)
        self.height = (spanY * scale + 2 * padding).rounded(.up)
    }

    /// Drawing coordinates in tenths of a unit, rounded: the path writer prints them with one decimal.
    @inline(__always)
    func tenths(_ p: GeoPoint) -> (Int, Int) {
        (Int((((p.longitude - box.minLongitude) * xScale + padding) * 10).rounded()),
         Int((((box.maxLatitude - p.latitude) * yScale + padding) * 10).rounded()))
    }

    public func project(_ p: GeoPoint) -> (x: Double, y: Double) {
        let (x, y) = tenths(p)
        return (Double(x) / 10, Double(y) / 10)
    }
}

/// One shape on a map: its class says how it is painted (the stylesheet decides colours), its label is the
/// tooltip and accessible name, and a link makes it clickable.
public struct MapFeature: Sendable {
    public let shape: Shape
    public let cssClass: String
    public let label: String
    public let href: String?
    /// A fill colour given as an attribute (choropleths), over the class's.
    public let fill: String?

    public init(shape: Shape, cssClass: String, label: String, href: String? = nil, fill: String? = nil) {
        self.shape = shape
        self.cssClass = cssClass
        self.label = label
        self.href = href
        self.fill = fill
    }
}

public enum SVGMap {
    /// The `d` attribute of a path drawing `shape`. Points that round to the same place as the previous
    /// one are skipped: at map scale most of a commune's vertices do.
    public static func pathData(_ shape: Shape, _ projection: Projection) -> String {
        var out = ""
        out.reserveCapacity(shape.pointCount * 12)
        for polygon in shape.polygons {
            for ring in polygon where ring.count >= 3 {
                var last: (Int, Int)? = nil
                var written = 0
                for point in ring {
                    let t = projection.tenths(point)
                    if let last, last == t { continue }
                    out += written == 0 ? "M" : "L"
                    appendTenths(t.0, &out)
                    out += " "
                    appendTenths(t.1, &out)
                    last = t
                    written += 1
                }
                if written > 0 { out += "Z" }
            }
        }
        return out
    }

    /// The `<path>` elements of features, each wrapped in a link when it has one.
    public static func paths(_ features: [MapFeature], _ projection: Projection) -> String {
        var out = ""
        for feature in features {
            let d = pathData(feature.shape, projection)
            guard !d.isEmpty else { continue }
            let fill = feature.fill.map { " fill=\"\(XML.escape($0))\"" } ?? ""
            let path = "<path class=\"\(XML.escape(feature.cssClass))\"\(fill) d=\"\(d)\"><title>\(XML.escape(feature.label))</title></path>"
            if let href = feature.href {
                out += "<a href=\"\(XML.escape(href))\">\(path)</a>"
            } else {
                out += path
            }
            out += "\n"
        }
        return out
    }

    /// A complete SVG document, inline in HTML (styled by the page's stylesheet) or standalone, where
    /// `style` carries the rules it needs since no stylesheet reaches an SVG opened alone.
    public static func document(layers: [String], projection: Projection, title: String, description: String, id: String,
                                style: String? = nil) -> String {
        let w = Int(projection.width), h = Int(projection.height)
        return """
        <svg xmlns="http://www.w3.org/2000/svg" class="carte" viewBox="0 0 \(w) \(h)" width="\(w)" height="\(h)" \
        role="img" aria-labelledby="\(id)-titre \(id)-desc">
        <title id="\(id)-titre">\(XML.escape(title))</title>
        <desc id="\(id)-desc">\(XML.escape(description))</desc>
        \(style.map { "<style>\($0)</style>" } ?? "")\(layers.joined())</svg>
        """
    }

    /// The map rules of the site's stylesheet, for standalone SVG documents.
    public static let standaloneStyle = """
        path{stroke:#fff;stroke-width:.6;stroke-linejoin:round}.commune,.departement{fill:#eee;stroke:#c8c8c8}\
        .departement{fill:#dfe3f0;stroke:#fff}.commune.pvd{fill:#6a6af4}.commune.voisine{fill:#a8c5e8;stroke:#fff}\
        .commune.choisie{fill:#000091;stroke:#fff;stroke-width:1}.choro{stroke:#fff;stroke-width:.4}
        """

    private static func appendTenths(_ value: Int, _ out: inout String) {
        if value < 0 { out += "-" }
        let magnitude = abs(value)
        out += String(magnitude / 10)
        let decimal = magnitude % 10
        if decimal != 0 {
            out += "."
            out += String(decimal)
        }
    }
}
