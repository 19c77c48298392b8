import Foundation

/// The model's errors on a set of DPEs: what `territoires evaluate` prints.
public struct Evaluation: Sendable {
    public let rows: Int
    public let meanAbsoluteError: Double
    public let medianAbsoluteError: Double
    /// Share of DPEs whose predicted label (on the scale of their category) is the actual one.
    public let exactLabel: Double
    public let withinOneLabel: Double
    /// Share whose actual value lies in the 80 % interval.
    public let intervalCoverage: Double

    public init(actual: [Double], predicted: [Double], groups: [String], intervals: [(Double, Double)]) {
        rows = actual.count
        let errors = zip(actual, predicted).map { abs($0 - $1) }.sorted()
        meanAbsoluteError = errors.reduce(0, +) / Double(max(1, errors.count))
        medianAbsoluteError = errors.isEmpty ? 0 : errors[errors.count / 2]
        var exact = 0, within = 0, covered = 0
        for i in actual.indices {
            let scale = (Usage(rawValue: groups[i]) ?? .autre).scale
            let a = LabelScale.letters.firstIndex(of: scale.label(kWhEPPerM2: actual[i]))!
            let p = LabelScale.letters.firstIndex(of: scale.label(kWhEPPerM2: predicted[i]))!
            if a == p { exact += 1 }
            if abs(a - p) <= 1 { within += 1 }
            if intervals[i].0 <= actual[i] && actual[i] <= intervals[i].1 { covered += 1 }
        }
        let n = Double(max(1, rows))
        exactLabel = Double(exact) / n
        withinOneLabel = Double(within) / n
        intervalCoverage = Double(covered) / n
    }

    public static func of(_ model: IntensityModel, on samples: [(ModelInput, Double)], climate: ClimateTable) -> Evaluation {
        let predicted = samples.map { model.predict($0.0, climate: climate) }
        return Evaluation(actual: samples.map(\.1), predicted: predicted, groups: samples.map(\.0.group),
                          intervals: predicted.map { ($0 * exp(model.logResidualLow), $0 * exp(model.logResidualHigh)) })
    }
}
