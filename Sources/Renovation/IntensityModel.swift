import Foundation
import Synchronization

/// What every collectivité knows of a building, as the model sees it; also one cleaned DPE for training.
public struct ModelInput: Sendable, Equatable {
    /// A `Usage` raw value, or a sector group without public counterpart ("commerce", "hebergement"…).
    public var group: String
    public var area: Double
    public var constructionYear: Int?
    public var energy: EnergyCarrier?
    public var departement: String

    public init(group: String, area: Double, constructionYear: Int?, energy: EnergyCarrier?, departement: String) {
        self.group = group
        self.area = area
        self.constructionYear = constructionYear
        self.energy = energy
        self.departement = departement
    }

    public init(_ b: Building) { self = withUnsafePointer(to: b) { ModelInput($0) } }

    /// Field by field through the pointer: the batch of a national ranking reads its buildings this way, since
    /// passing an array element by value, or asking it a computed property, copies the whole building first.
    init(_ b: UnsafePointer<Building>) {
        self.init(group: b.pointee.usage.rawValue, area: b.pointee.area, constructionYear: b.pointee.constructionYear,
                  energy: b.pointee.heatingEnergy, departement: Building.departement(ofCommune: b.pointee.communeCode))
    }
}

/// kWhEP/m²/an expected for a building from its usage, area, age, heating energy and climate: gradient-boosted
/// trees on log intensity (robust loss), with an 80 % interval from cross-validated residuals.
public struct IntensityModel: Codable, Sendable, Equatable {
    public static let groups = Usage.allCases.map(\.rawValue) + ["commerce", "restauration", "hebergement", "bureaux_prives", "non_erp", "mixte"]

    public static let featureNames: [String] =
        ["surface", "annee_construction", "dju_reference", "dju_froid_reference", "zone_climatique"]
        + groups.map { "usage=\($0)" } + EnergyCarrier.allCases.map { "energie=\($0.rawValue)" }

    public let trees: GradientBoostedTrees
    /// Quantiles 10 % and 90 % of log(actual ÷ predicted) over 5-fold cross-validation.
    public let logResidualLow: Double
    public let logResidualHigh: Double
    /// How the training data were cleaned, in plain French, with counts.
    public let cleaning: [String]
    public let trainedRows: Int
    /// Mean absolute error (kWhEP/m²/an) of the out-of-fold predictions: how parameters are chosen, without
    /// looking at the held-out DPEs.
    public let crossValidatedMAE: Double

    static let groupColumn = Dictionary(uniqueKeysWithValues: groups.enumerated().map { ($1, 5 + $0) })
    /// The energies' one-hot columns follow the groups', in `EnergyCarrier.allCases` order.
    static let energyColumns = (5 + groups.count)..<(5 + groups.count + EnergyCarrier.allCases.count)

    public static func features(_ input: ModelInput, climate: ClimateTable) -> [Double] {
        var row = [Double](repeating: 0, count: featureNames.count)
        row.withUnsafeMutableBufferPointer { writeFeatures(input, climate: climate, into: $0) }
        return row
    }

    /// Writes the input's variables into `row` (`featureNames.count` values): the model's batch reads buildings
    /// this way, one row at a time, without a matrix of them all.
    static func writeFeatures(_ input: ModelInput, climate: ClimateTable, into row: UnsafeMutableBufferPointer<Double>) {
        let c = climate.modelVariables[input.departement] ?? SIMD4(repeating: .nan)
        row[0] = input.area > 0 ? log(input.area) : .nan
        row[1] = input.constructionYear.map(Double.init) ?? .nan
        row[2] = c[0]
        row[3] = c[1]
        row[4] = c[2]
        for k in 5..<row.count { row[k] = 0 }
        if let g = groupColumn[input.group] { row[g] = 1 }
        if let energy = input.energy { row[energyColumns.lowerBound + EnergyCarrier.allCases.firstIndex(of: energy)!] = 1 } else {
            for column in energyColumns { row[column] = .nan }
        }
    }

    public static func train(_ samples: [(ModelInput, Double)], climate: ClimateTable, cleaning: [String],
                             parameters: GradientBoostedTrees.Parameters = .init()) -> IntensityModel {
        let rows = samples.map { features($0.0, climate: climate) }
        let targets = samples.map { log($0.1) }
        // Out-of-fold residuals give an honest interval: each row is predicted by a model that did not see it. The
        // five fold models and the final one are independent: they are trained side by side on all cores, and
        // their results gathered in fold order (the same numbers as one after the other).
        let folds = 5
        let outOfFold = Mutex([(residuals: [Double], errors: [Double])](repeating: ([], []), count: folds))
        let final = Mutex<GradientBoostedTrees?>(nil)
        DispatchQueue.concurrentPerform(iterations: folds + 1) { k in
            guard k < folds else {
                let trees = GradientBoostedTrees.train(rows: rows, targets: targets, featureNames: featureNames, parameters: parameters)
                final.withLock { $0 = trees }
                return
            }
            let trainIdx = rows.indices.filter { $0 % folds != k }, testIdx = rows.indices.filter { $0 % folds == k }
            let m = GradientBoostedTrees.train(rows: trainIdx.map { rows[$0] }, targets: trainIdx.map { targets[$0] }, featureNames: featureNames, parameters: parameters)
            let predicted = m.predict(count: testIdx.count) { j, row in
                for f in row.indices { row[f] = rows[testIdx[j]][f] }
            }
            let fold = (residuals: zip(testIdx, predicted).map { targets[$0] - $1 }, errors: zip(testIdx, predicted).map { abs(exp(targets[$0]) - exp($1)) })
            outOfFold.withLock { $0[k] = fold }
        }
        let gathered = outOfFold.withLock { $0 }
        let residuals = gathered.flatMap(\.residuals).sorted(), errors = gathered.flatMap(\.errors)
        let trees = final.withLock { $0 }!
        return IntensityModel(trees: trees, logResidualLow: residuals[residuals.count / 10], logResidualHigh: residuals[residuals.count * 9 / 10],
                              cleaning: cleaning, trainedRows: samples.count, crossValidatedMAE: errors.reduce(0, +) / Double(errors.count))
    }

    /// Estimates without reasons for many buildings at once (the model's batch prediction).
    public func estimates(_ buildings: ArraySlice<Building>, climate: ClimateTable) -> [Estimate] {
        let low = Foundation.exp(logResidualLow), high = Foundation.exp(logResidualHigh)
        // Buildings read in place: a copy of each would retain and release every one of its strings.
        return buildings.withUnsafeBufferPointer { buildings in
            trees.predict(count: buildings.count) { i, row in
                Self.writeFeatures(ModelInput(buildings.baseAddress! + i), climate: climate, into: row)
            }
        }.map {
            let value = Foundation.exp($0)
            return Estimate(kWhEPPerM2: value, low: value * low, high: value * high, reasons: [])
        }
    }

    public func predict(_ input: ModelInput, climate: ClimateTable) -> Double {
        exp(trees.predict(Self.features(input, climate: climate)))
    }

    /// The estimate with its interval; with `explain`, also the reasons (each feature's effect), which cost
    /// more than the estimate itself and are only wanted for one building at a time.
    public func estimate(_ b: Building, climate: ClimateTable, explain: Bool = true) -> Estimate {
        let input = ModelInput(b)
        let row = Self.features(input, climate: climate)
        guard explain else {
            let value = Foundation.exp(trees.predict(row))
            return Estimate(kWhEPPerM2: value, low: value * Foundation.exp(logResidualLow), high: value * Foundation.exp(logResidualHigh), reasons: [])
        }
        let (base, per) = trees.contributions(row)
        let log = base + per.reduce(0, +)
        var grouped: [String: Double] = [:]
        for (name, c) in zip(Self.featureNames, per) { grouped[Self.reasonKey(name), default: 0] += c }
        let reasons = grouped.filter { abs($0.value) > 0.01 }.sorted { abs($0.value) > abs($1.value) }.map { name, c in
            Estimate.Reason(feature: name, factor: Foundation.exp(c), text: Self.explain(name, factor: Foundation.exp(c), input: input, climate: climate))
        }
        let value = Foundation.exp(log)
        return Estimate(kWhEPPerM2: value, low: value * Foundation.exp(logResidualLow), high: value * Foundation.exp(logResidualHigh), reasons: reasons)
    }

    /// One-hot columns are one feature for the reader, and the three climate columns are "the climate".
    static func reasonKey(_ name: String) -> String {
        if name.hasPrefix("dju") || name.hasPrefix("zone") { return "climat" }
        return String(name.prefix { $0 != "=" })
    }

    static func explain(_ feature: String, factor: Double, input: ModelInput, climate: ClimateTable) -> String {
        let pct = Int(((factor - 1) * 100).rounded())
        let effect = pct >= 0 ? "+\(pct) %" : "−\(-pct) %"
        let what: String = switch feature {
        case "surface": "surface de \(Figures.integer(input.area)) m²"
        case "annee_construction": input.constructionYear.map { "construit en \($0)" } ?? "année de construction inconnue"
        case "climat":
            "climat du département \(input.departement)" + (climate.departements[input.departement]?.zone.map { " (zone \($0))" } ?? "")
        case "usage": "usage « \(Usage(rawValue: input.group)?.label ?? input.group) »"
        case "energie": input.energy.map { "chauffage : \($0.label)" } ?? "énergie de chauffage inconnue"
        default: feature
        }
        return "\(what) : \(effect) par rapport au DPE tertiaire médian"
    }
}
