import Foundation
import Tabular

/// Small server-rendered charts: comparison bars and short time series. Colours are presentation
/// attributes, so the SVG looks the same inline, as an `<img>`, or printed.
public enum Charts {
    public struct Bar: Sendable {
        public let label: String
        public let value: Double?
        public let text: String
        public let highlighted: Bool

        public init(label: String, value: Double?, text: String, highlighted: Bool = false) {
            self.label = label
            self.value = value
            self.text = text
            self.highlighted = highlighted
        }
    }

    static let ink = "#161616", muted = "#595959", main = "#000091", other = "#8585f6", axis = "#929292"

    static let barRowHeight = 22

    /// The height of a bar chart of `count` bars, so pages can reserve its place.
    public static func barsHeight(count: Int) -> Int { count * barRowHeight + 8 }

    /// Horizontal bars, one per comparison level; negative values extend left of a zero line.
    public static func bars(_ bars: [Bar], title: String, id: String, width: Int = 420) -> String {
        let rowHeight = barRowHeight, labelWidth = 150, textWidth = 80
        let height = barsHeight(count: bars.count)
        let plot = Double(width - labelWidth - textWidth - 8)
        let values = bars.compactMap(\.value)
        let low = min(0, values.min() ?? 0), high = max(0, values.max() ?? 0)
        let span = high - low > 0 ? high - low : 1
        let zero = Double(labelWidth) + plot * (0 - low) / span
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"graphique\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\" role=\"img\" aria-labelledby=\"\(id)-t\">"
        out += "<title id=\"\(id)-t\">\(XML.escape(title))</title>"
        for (i, bar) in bars.enumerated() {
            let y = i * rowHeight + 4
            let weight = bar.highlighted ? " font-weight=\"bold\"" : ""
            out += "<text x=\"\(labelWidth - 6)\" y=\"\(y + 15)\" text-anchor=\"end\" font-size=\"12\" fill=\"\(ink)\"\(weight)>\(XML.escape(bar.label))</text>"
            if let value = bar.value {
                let end = Double(labelWidth) + plot * (value - low) / span
                let x = min(zero, end), w = max(abs(end - zero), 1)
                out += "<rect x=\"\(format(x))\" y=\"\(y + 3)\" width=\"\(format(w))\" height=\"15\" fill=\"\(bar.highlighted ? main : other)\"/>"
            }
            out += "<text x=\"\(width - textWidth)\" y=\"\(y + 15)\" font-size=\"12\" fill=\"\(bar.value == nil ? muted : ink)\"\(weight)>\(XML.escape(bar.text))</text>"
        }
        out += "<line x1=\"\(format(zero))\" x2=\"\(format(zero))\" y1=\"2\" y2=\"\(height - 2)\" stroke=\"\(axis)\"/></svg>"
        return out
    }

    /// One part of a 100 % bar: its legend and its colour, light enough for the dark figure written on it.
    public struct Part: Sendable {
        public let label: String
        public let colour: String

        public init(label: String, colour: String) {
            self.label = label
            self.colour = colour
        }
    }

    /// 100 % stacked bars, one per group (its label above it), the parts in the legend's order; a part's share is
    /// written in it when it is wide enough to hold the figure. The drawing is narrow and its labels and legend wrap
    /// on words (about 0.6 em a character), so it keeps legible type scaled down on a phone and no label is cut.
    public static func stacked(_ rows: [(label: String, shares: [Double])], parts: [Part], title: String, id: String, width: Int = 400) -> String {
        let lineHeight = 15, barHeight = 20, plot = Double(width - 4)
        let rowLines = rows.map { wrap($0.label, at: width / 8) }
        let legendLines = parts.map { wrap($0.label, at: (width - 24) / 8) }
        let barsHeight = rowLines.reduce(0) { $0 + $1.count * lineHeight + barHeight + 8 }
        let height = barsHeight + legendLines.reduce(0) { $0 + $1.count * lineHeight + 5 } + 8
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"graphique empile\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\" role=\"img\" aria-labelledby=\"\(id)-t\">"
        out += "<title id=\"\(id)-t\">\(XML.escape(title))</title>"
        var y = 0
        for (row, lines) in zip(rows, rowLines) {
            out += "<text x=\"2\" y=\"\(y + 12)\" font-size=\"13\" fill=\"\(ink)\">"
                + lines.enumerated().map { "<tspan x=\"2\" dy=\"\($0.offset == 0 ? 0 : lineHeight)\">\(XML.escape($0.element))</tspan>" }.joined() + "</text>"
            y += lines.count * lineHeight + 2
            var x = 2.0
            for (part, share) in zip(parts, row.shares) where share > 0 {
                let w = plot * share / 100
                out += "<rect x=\"\(format(x))\" y=\"\(y)\" width=\"\(format(w))\" height=\"\(barHeight)\" fill=\"\(part.colour)\" stroke=\"\(muted)\" stroke-width=\"0.5\"/>"
                if w >= 34 {
                    out += "<text x=\"\(format(x + w / 2))\" y=\"\(y + 14)\" text-anchor=\"middle\" font-size=\"11\" fill=\"\(ink)\">\(Int(share.rounded())) %</text>"
                }
                x += w
            }
            y += barHeight + 6
        }
        y += 4
        for (part, lines) in zip(parts, legendLines) {
            out += "<rect x=\"2\" y=\"\(y + 1)\" width=\"14\" height=\"14\" fill=\"\(part.colour)\" stroke=\"\(axis)\" stroke-width=\"0.5\"/>"
            out += "<text x=\"22\" y=\"\(y + 12)\" font-size=\"12\" fill=\"\(ink)\">"
                + lines.enumerated().map { "<tspan x=\"22\" dy=\"\($0.offset == 0 ? 0 : lineHeight)\">\(XML.escape($0.element))</tspan>" }.joined() + "</text>"
            y += lines.count * lineHeight + 5
        }
        return out + "</svg>"
    }

    public struct Point: Sendable {
        public let label: String
        public let value: Double
        public let text: String

        public init(label: String, value: Double, text: String) {
            self.label = label
            self.value = value
            self.text = text
        }
    }

    /// A short series (2 to 6 dates): a line with labelled points.
    public static func series(_ points: [Point], title: String, id: String, width: Int = 300, height: Int = 130) -> String {
        let left = 12.0, right = Double(width) - 12, top = 22.0, bottom = Double(height) - 24
        let values = points.map(\.value)
        let low = values.min() ?? 0, high = values.max() ?? 1
        let span = high - low > 0 ? high - low : 1
        func x(_ i: Int) -> Double { points.count > 1 ? left + 20 + (right - left - 40) * Double(i) / Double(points.count - 1) : (left + right) / 2 }
        func y(_ v: Double) -> Double { bottom - (bottom - top) * (v - low) / span }
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"graphique\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\" role=\"img\" aria-labelledby=\"\(id)-t\">"
        out += "<title id=\"\(id)-t\">\(XML.escape(title))</title>"
        out += "<line x1=\"\(left)\" x2=\"\(right)\" y1=\"\(bottom + 4)\" y2=\"\(bottom + 4)\" stroke=\"\(axis)\"/>"
        let path = points.indices.map { "\($0 == 0 ? "M" : "L")\(format(x($0))) \(format(y(points[$0].value)))" }.joined()
        out += "<path d=\"\(path)\" fill=\"none\" stroke=\"\(main)\" stroke-width=\"2\"/>"
        for (i, p) in points.enumerated() {
            out += "<circle cx=\"\(format(x(i)))\" cy=\"\(format(y(p.value)))\" r=\"3.5\" fill=\"\(main)\"/>"
            out += "<text x=\"\(format(x(i)))\" y=\"\(format(y(p.value) - 8))\" text-anchor=\"middle\" font-size=\"11\" fill=\"\(ink)\">\(XML.escape(p.text))</text>"
            out += "<text x=\"\(format(x(i)))\" y=\"\(height - 6)\" text-anchor=\"middle\" font-size=\"11\" fill=\"\(muted)\">\(XML.escape(p.label))</text>"
        }
        return out + "</svg>"
    }

    static func format(_ v: Double) -> String {
        let tenths = Int((v * 10).rounded())
        return tenths % 10 == 0 ? String(tenths / 10) : String(Double(tenths) / 10)
    }
}

/// Sequential, colour-blind-safe classes for choropleths (ColorBrewer YlGnBu), light to dark.
public enum Palette {
    public static let sequential5 = ["#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"]
    public static let noData = "#d9d9d9"

    /// The colours for `count` classes, spread over the palette.
    public static func colours(_ count: Int) -> [String] {
        guard count > 1 else { return [sequential5[2]] }
        return (0..<count).map { sequential5[$0 * (sequential5.count - 1) / (count - 1)] }
    }
}

extension Charts {
    /// Radar labels are at most this many characters a line (at most four lines for a dimension's name and
    /// "sans réponse"): short lines keep the drawing narrow, so its text stays legible scaled down on a phone.
    static let radarLineLength = 18

    /// A radar of scores from 0 to 100, one axis per label, with rings at 25, 50, 75 and 100. An axis without a
    /// value (nothing answered) gets no point: the outline breaks there and its label says "sans réponse". Labels
    /// wrap on words and the drawing is wider than tall, so every label fits inside the view box at 13 px (about
    /// 0.6 em a character) and none meets another.
    public static func radar(_ axes: [(label: String, value: Double?)], title: String, id: String, width: Int = 540, height: Int = 330) -> String {
        let cx = Double(width) / 2, cy = 167.0, radius = 105.0, fontSize = 13, lineHeight = 15.0
        func point(_ i: Int, _ v: Double) -> (Double, Double) {
            let angle = -Double.pi / 2 + 2 * Double.pi * Double(i) / Double(axes.count)
            return (cx + radius * v / 100 * cos(angle), cy + radius * v / 100 * sin(angle))
        }
        func coordinates(_ points: [(Double, Double)]) -> String { points.map { "\(format($0.0)),\(format($0.1))" }.joined(separator: " ") }
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"graphique radar\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\" role=\"img\" aria-labelledby=\"\(id)-t\">"
        out += "<title id=\"\(id)-t\">\(XML.escape(title))</title>"
        for ring in [25.0, 50, 75, 100] {
            out += "<polygon points=\"\(coordinates(axes.indices.map { point($0, ring) }))\" fill=\"none\" stroke=\"#dddddd\"/>"
        }
        for (i, axis) in axes.enumerated() {
            let (x, y) = point(i, 100)
            out += "<line x1=\"\(format(cx))\" y1=\"\(format(cy))\" x2=\"\(format(x))\" y2=\"\(format(y))\" stroke=\"#dddddd\"/>"
            // A no-break space keeps "sans réponse" on one line.
            let lines = wrap("\(axis.label) (\(axis.value.map { String(Int($0.rounded())) } ?? "sans\u{00A0}réponse"))", at: radarLineLength)
            let (lx, ly) = point(i, 112)
            let anchor = abs(lx - cx) < 10 ? "middle" : (lx > cx ? "start" : "end")
            // Above the chart the lines grow upwards, below it downwards, on the sides they centre on the axis.
            let block = Double(lines.count - 1) * lineHeight
            let first = abs(lx - cx) < 10 ? (ly < cy ? ly - block : ly + 10) : (ly > cy + radius * 0.8 ? ly + 10 : ly + 4 - block / 2)
            let shift = anchor == "start" ? 4.0 : anchor == "end" ? -4.0 : 0
            out += "<text x=\"\(format(lx + shift))\" y=\"\(format(first))\" text-anchor=\"\(anchor)\" font-size=\"\(fontSize)\" fill=\"\(axis.value == nil ? muted : ink)\">"
            for (n, line) in lines.enumerated() {
                out += "<tspan x=\"\(format(lx + shift))\" dy=\"\(n == 0 ? 0 : Int(lineHeight))\">\(XML.escape(line))</tspan>"
            }
            out += "</text>"
        }
        if axes.allSatisfy({ $0.value != nil }) {
            out += "<polygon points=\"\(coordinates(axes.indices.map { point($0, axes[$0].value!) }))\" fill=\"\(other)\" fill-opacity=\"0.45\" stroke=\"\(main)\" stroke-width=\"2\"/>"
        } else {
            // The outline joins only neighbouring answered axes: an unanswered axis is a gap, never a point at 0.
            for i in axes.indices {
                guard let v = axes[i].value else { continue }
                let (x, y) = point(i, v)
                out += "<circle cx=\"\(format(x))\" cy=\"\(format(y))\" r=\"3\" fill=\"\(main)\"/>"
                let j = (i + 1) % axes.count
                if j != i, let w = axes[j].value {
                    let (x2, y2) = point(j, w)
                    out += "<line x1=\"\(format(x))\" y1=\"\(format(y))\" x2=\"\(format(x2))\" y2=\"\(format(y2))\" stroke=\"\(main)\" stroke-width=\"2\"/>"
                }
            }
        }
        return out + "</svg>"
    }

    /// Words on lines of at most `length` characters (a longer word stays whole on its own line).
    static func wrap(_ text: String, at length: Int) -> [String] {
        text.split(separator: " ").reduce(into: [String]()) { lines, word in
            if let last = lines.last, last.count + 1 + word.count <= length {
                lines[lines.count - 1] = last + " " + word
            } else {
                lines.append(String(word))
            }
        }
    }
}
