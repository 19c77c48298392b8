import Foundation
import Tabular

/// Charts over calendar years for the multi-year plans: lines (a trajectory against its targets) and columns
/// (spending against a budget). Axis values are written by the caller (`tick`), so units stay the page's.
extension Charts {
    public struct YearLine: Sendable {
        public let label: String
        public let colour: String
        public let dashed: Bool
        public let values: [(year: Int, value: Double)]

        public init(label: String, colour: String, dashed: Bool = false, values: [(year: Int, value: Double)]) {
            self.label = label
            self.colour = colour
            self.dashed = dashed
            self.values = values
        }
    }

    /// Colours of the plan charts, readable on white and told apart without colour by the dash and the legend.
    public static let planColours = (trajectory: main, target: "#b34000", other: "#18753c", budget: "#b34000")

    /// Lines over years, with a legend above (each line's label beside its sample) and four labelled ticks.
    public static func yearLines(_ lines: [YearLine], title: String, id: String, tick: (Double) -> String, width: Int = 640, height: Int = 260) -> String {
        let legendHeight = 20 * lines.count + 6
        let left = 78.0, right = Double(width) - 16, top = Double(legendHeight) + 10, bottom = Double(height) - 26
        let years = lines.flatMap { $0.values.map(\.year) }
        let values = lines.flatMap { $0.values.map(\.value) }
        guard let y0 = years.min(), let y1 = years.max(), let vMax = values.max() else { return "" }
        let low = 0.0, high = vMax > 0 ? vMax * 1.05 : 1
        func x(_ year: Int) -> Double { y1 > y0 ? left + (right - left) * Double(year - y0) / Double(y1 - y0) : (left + right) / 2 }
        func y(_ v: Double) -> Double { bottom - (bottom - top) * (v - low) / (high - low) }
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"graphique\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\" role=\"img\" aria-labelledby=\"\(id)-t\">"
        out += "<title id=\"\(id)-t\">\(XML.escape(title))</title>"
        for (i, line) in lines.enumerated() {
            let ly = 14 + 20 * i
            out += "<line x1=\"8\" x2=\"36\" y1=\"\(ly - 4)\" y2=\"\(ly - 4)\" stroke=\"\(line.colour)\" stroke-width=\"3\"\(line.dashed ? " stroke-dasharray=\"6 4\"" : "")/>"
            out += "<text x=\"44\" y=\"\(ly)\" font-size=\"12\" fill=\"\(ink)\">\(XML.escape(line.label))</text>"
        }
        for k in 0...4 {
            let v = low + (high - low) * Double(k) / 4
            out += "<line x1=\"\(format(left))\" x2=\"\(format(right))\" y1=\"\(format(y(v)))\" y2=\"\(format(y(v)))\" stroke=\"#e5e5e5\"/>"
            out += "<text x=\"\(format(left - 6))\" y=\"\(format(y(v) + 4))\" text-anchor=\"end\" font-size=\"11\" fill=\"\(muted)\">\(XML.escape(tick(v)))</text>"
        }
        let step = max(1, (y1 - y0 + 5) / 6)
        for year in stride(from: y0, through: y1, by: step) {
            out += "<text x=\"\(format(x(year)))\" y=\"\(height - 8)\" text-anchor=\"middle\" font-size=\"11\" fill=\"\(muted)\">\(year)</text>"
        }
        out += "<line x1=\"\(format(left))\" x2=\"\(format(right))\" y1=\"\(format(bottom))\" y2=\"\(format(bottom))\" stroke=\"\(axis)\"/>"
        for line in lines where !line.values.isEmpty {
            let path = line.values.enumerated().map { "\($0.offset == 0 ? "M" : "L")\(format(x($0.element.year))) \(format(y($0.element.value)))" }.joined()
            out += "<path d=\"\(path)\" fill=\"none\" stroke=\"\(line.colour)\" stroke-width=\"2.5\"\(line.dashed ? " stroke-dasharray=\"6 4\"" : "")/>"
        }
        return out + "</svg>"
    }

    /// One column per year with its value, and the budget as a dashed line when given.
    public static func yearColumns(_ columns: [(year: Int, value: Double)], budget: Double?, title: String, id: String, tick: (Double) -> String,
                                   width: Int = 640, height: Int = 230) -> String {
        let left = 78.0, right = Double(width) - 16, top = 30.0, bottom = Double(height) - 26
        guard !columns.isEmpty else { return "" }
        let high = max(columns.map(\.value).max() ?? 0, budget ?? 0) * 1.08
        let span = high > 0 ? high : 1
        func y(_ v: Double) -> Double { bottom - (bottom - top) * v / span }
        let slot = (right - left) / Double(columns.count)
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"graphique\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\" role=\"img\" aria-labelledby=\"\(id)-t\">"
        out += "<title id=\"\(id)-t\">\(XML.escape(title))</title>"
        out += "<rect x=\"8\" y=\"6\" width=\"14\" height=\"12\" fill=\"\(main)\"/><text x=\"28\" y=\"16\" font-size=\"12\" fill=\"\(ink)\">Dépenses de travaux de l'année</text>"
        if budget != nil {
            out += "<line x1=\"240\" x2=\"268\" y1=\"12\" y2=\"12\" stroke=\"\(planColours.budget)\" stroke-width=\"2.5\" stroke-dasharray=\"6 4\"/><text x=\"276\" y=\"16\" font-size=\"12\" fill=\"\(ink)\">Budget annuel</text>"
        }
        for k in 0...4 {
            let v = span * Double(k) / 4
            out += "<line x1=\"\(format(left))\" x2=\"\(format(right))\" y1=\"\(format(y(v)))\" y2=\"\(format(y(v)))\" stroke=\"#e5e5e5\"/>"
            out += "<text x=\"\(format(left - 6))\" y=\"\(format(y(v) + 4))\" text-anchor=\"end\" font-size=\"11\" fill=\"\(muted)\">\(XML.escape(tick(v)))</text>"
        }
        let labelEvery = max(1, columns.count / 8)
        for (i, c) in columns.enumerated() {
            let x = left + slot * Double(i) + slot * 0.15
            out += "<rect x=\"\(format(x))\" y=\"\(format(y(c.value)))\" width=\"\(format(slot * 0.7))\" height=\"\(format(bottom - y(c.value)))\" fill=\"\(main)\"><title>\(c.year) : \(XML.escape(tick(c.value)))</title></rect>"
            if i % labelEvery == 0 {
                out += "<text x=\"\(format(x + slot * 0.35))\" y=\"\(height - 8)\" text-anchor=\"middle\" font-size=\"11\" fill=\"\(muted)\">\(c.year)</text>"
            }
        }
        if let budget {
            out += "<line x1=\"\(format(left))\" x2=\"\(format(right))\" y1=\"\(format(y(budget)))\" y2=\"\(format(y(budget)))\" stroke=\"\(planColours.budget)\" stroke-width=\"2.5\" stroke-dasharray=\"6 4\"/>"
        }
        out += "<line x1=\"\(format(left))\" x2=\"\(format(right))\" y1=\"\(format(bottom))\" y2=\"\(format(bottom))\" stroke=\"\(axis)\"/>"
        return out + "</svg>"
    }
}
