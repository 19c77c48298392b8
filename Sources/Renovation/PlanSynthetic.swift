import Foundation
import Tabular

extension PlanProblem {
    /// A generated stock, NOT a real one, for the benchmark and the tests: `buildings` buildings of 150 to 3,000 m²
    /// consuming 80 to 250 kWh/m²·year, each with three options (quick wins: 15 to 30 €/m², −10 to −20 %;
    /// « −40 % »: 150 to 250 €/m², −40 to −45 %; deep renovation to the high-performance level: 350 to 500 €/m²,
    /// −60 to −65 %), an obligation of −40 % by `obligationYear` for the buildings of 1,000 m² or more (the décret
    /// tertiaire's first step, deferred: works starting in 2027 cannot bring 37 % of such a stock to −40 % by
    /// 2030 with any budget of this scale), yearly milestones of the stock at −1.9 % a year against its consumption
    /// of `firstYear` (standing for 2021's) counted from `firstYear + 3`, and yearly area targets of 3 % a year of the
    /// area of the buildings over 250 m². The yearly budget is `budgetShare` of what deep renovation of the whole
    /// stock would cost, spread evenly over the years.
    public static func synthetic(buildings: Int, seed: UInt64, firstYear: Int = 2027, lastYear: Int = 2050,
                                 obligationYear: Int = 2035, budgetShare: Double = 2) -> PlanProblem {
        var random = SplitMix(seed: seed)
        func uniform(_ range: ClosedRange<Double>) -> Double {
            range.lowerBound + Double(random.next() >> 11) / Double(1 << 53) * (range.upperBound - range.lowerBound)
        }
        var candidates: [Candidate] = []
        var deep = 0.0
        for i in 0..<buildings {
            // Areas spread log-uniformly: many small buildings, a few large ones.
            let area = (150 * pow(20, uniform(0...1))).rounded()
            let baseline = (area * uniform(80...250)).rounded()
            let options = [
                Option(id: "petits-travaux", cost: (area * uniform(15...30)).rounded(), savedKWh: (baseline * uniform(0.10...0.20)).rounded(), highPerformance: false),
                Option(id: "moins-40", cost: (area * uniform(150...250)).rounded(), savedKWh: (baseline * uniform(0.40...0.45)).rounded(), highPerformance: false),
                Option(id: "renovation-globale", cost: (area * uniform(350...500)).rounded(), savedKWh: (baseline * uniform(0.60...0.65)).rounded(), highPerformance: true),
            ]
            deep += options[2].cost
            let obligations = DecretTertiaire.applies(toArea: area) ? [Obligation(year: obligationYear, minSavedKWh: (baseline * 0.4).rounded())] : []
            candidates.append(Candidate(id: "B\(i)", area: area, baselineKWh: baseline, options: options, obligations: obligations))
        }
        let baseline = candidates.reduce(0) { $0 + $1.baselineKWh }
        let large = candidates.filter { $0.area > 250 }.reduce(0) { $0 + $1.area }
        let years = firstYear + 3...lastYear + 1
        var problem = PlanProblem(candidates: candidates, firstYear: firstYear, lastYear: lastYear, budget: [:],
                                  milestones: years.map { Milestone(year: $0, maxTotalKWh: (baseline * (1 - 0.019 * Double($0 - firstYear))).rounded()) },
                                  areaTargets: years.map { AreaTarget(year: $0, minHighPerformanceArea: (large * 0.03 * Double($0 - firstYear - 2)).rounded()) })
        problem = problem.withUniformBudget((deep * budgetShare / Double(lastYear - firstYear + 1)).rounded())
        return problem
    }
}
