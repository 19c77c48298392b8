/// `PlanProblem` compiled for the solvers: each building's obligations and lock turned into the options and years it
/// may take (its "domain") and whether it must take one, the milestones and area targets into covering constraints
/// over year indices, the budgets into an array. What no budget can fix is found here.
struct PlanModel: Sendable {
    /// An option a building may take, in the years `years` (indices from `firstYear`).
    struct UnitOption: Sendable {
        var option: Int
        var cost: Double
        var saved: Double
        /// m² counted for the area targets.
        var area: Double
        var years: ClosedRange<Int>
    }

    struct Unit: Sendable {
        var candidate: Int
        var options: [UnitOption]
        /// An obligation or a fixed lock: "no works" is not allowed.
        var mandatory: Bool
    }

    /// A unit's choice: `option` indexes `Unit.options`, `year` is a year index.
    struct Pick: Sendable, Hashable {
        var option: Int
        var year: Int
    }

    enum Kind: Sendable { case saving, area }

    /// Σ contribution of the works of year indices ≤ `last` ≥ `requirement`.
    struct Cover: Sendable {
        var kind: Kind
        var last: Int
        var requirement: Double
        var source: PlanInfeasibility.Requirement
    }

    var units: [Unit]
    /// € per year index; `.infinity` is no limit.
    var budget: [Double]
    /// Sorted by `last`, milestones before area targets of the same year.
    var covers: [Cover]
    var firstYear: Int

    var yearCount: Int { budget.count }

    /// Requirements met within this margin count as met: sums of many non-integral savings carry rounding.
    static func slack(_ value: Double) -> Double { 1e-9 * max(1, abs(value)) }

    func contribution(_ o: UnitOption, year: Int, to k: Int) -> Double {
        year <= covers[k].last ? (covers[k].kind == .saving ? o.saved : o.area) : 0
    }

    /// The most a unit can bring to cover `k`, budgets aside, in its earliest allowed year.
    func maxContribution(_ unit: Unit, to k: Int) -> Double {
        unit.options.reduce(0) { max($0, contribution($1, year: $1.years.lowerBound, to: k)) }
    }

    /// The largest cost a plan can have: every unit's dearest option.
    var maximumCost: Double {
        units.reduce(0) { $0 + ($1.options.map(\.cost).max() ?? 0) }
    }

    /// Why a building cannot be given works that meet its own obligations, whatever the budget.
    struct UnitFailure: Error, Sendable {
        /// Nil when a fixed lock names an option or a year the problem does not have.
        var requirement: PlanInfeasibility.Requirement?
        var remedy: PlanInfeasibility.Remedy
    }

    /// The model of `problem` with the requirements `keeping` accepts only, and `uniformBudget` € every year instead
    /// of the problem's budgets when given.
    init(_ problem: PlanProblem, uniformBudget: Double? = nil, keeping: (PlanInfeasibility.Requirement) -> Bool = { _ in true }) throws(UnitFailure) {
        firstYear = problem.firstYear
        let count = max(0, problem.lastYear - problem.firstYear + 1)
        budget = (0..<count).map { uniformBudget ?? problem.budget[problem.firstYear + $0] ?? 0 }
        /// The last year index whose works count for a requirement of `year`.
        func last(_ year: Int) -> Int { min(year - 1 - problem.firstYear, count - 1) }

        units = []
        for (c, candidate) in problem.candidates.enumerated() {
            let obligations = candidate.obligations.filter {
                $0.minSavedKWh > 0 && keeping(.obligation(candidate: candidate.id, year: $0.year, minSavedKWh: $0.minSavedKWh))
            }.sorted { $0.year < $1.year }
            var options: [UnitOption] = []
            for (i, option) in candidate.options.enumerated() where count > 0 {
                var years = 0...(count - 1)
                switch candidate.lock {
                case .excluded: continue
                case .fixed(let id, let year):
                    guard id == option.id, (0..<count).contains(year - problem.firstYear) else { continue }
                    years = (year - problem.firstYear)...(year - problem.firstYear)
                case nil: break
                }
                if let deadline = obligations.map({ last($0.year) }).min() {
                    guard obligations.allSatisfy({ option.savedKWh >= $0.minSavedKWh - Self.slack($0.minSavedKWh) }), deadline >= years.lowerBound else { continue }
                    years = years.lowerBound...min(years.upperBound, deadline)
                }
                options.append(UnitOption(option: i, cost: option.cost, saved: option.savedKWh,
                                          area: option.highPerformance ? candidate.area : 0, years: years))
            }
            let fixed: Bool = if case .fixed = candidate.lock { true } else { false }
            let mandatory = fixed || !obligations.isEmpty
            if mandatory && options.isEmpty {
                // The earliest obligation that no option meets in time, whatever the lock, says how much is missing;
                // when every obligation could be met, the lock is what forbids it (or names an option or a year the
                // plan does not have).
                let unmeetable = obligations.first { o in
                    last(o.year) < 0 || !candidate.options.contains { $0.savedKWh >= o.minSavedKWh - Self.slack(o.minSavedKWh) }
                }
                if let o = unmeetable {
                    let best = last(o.year) >= 0 ? candidate.options.map(\.savedKWh).max() ?? 0 : 0
                    throw UnitFailure(requirement: .obligation(candidate: candidate.id, year: o.year, minSavedKWh: o.minSavedKWh),
                                      remedy: .savingsInsufficient(shortfall: o.minSavedKWh - best))
                }
                throw UnitFailure(requirement: obligations.first.map { .obligation(candidate: candidate.id, year: $0.year, minSavedKWh: $0.minSavedKWh) },
                                  remedy: .lock(candidate: candidate.id))
            }
            units.append(Unit(candidate: c, options: options, mandatory: mandatory))
        }

        let baseline = problem.baselineKWh
        var covers: [Cover] = []
        for m in problem.milestones where baseline - m.maxTotalKWh > 0 && keeping(.milestone(year: m.year, maxTotalKWh: m.maxTotalKWh)) {
            covers.append(Cover(kind: .saving, last: last(m.year), requirement: baseline - m.maxTotalKWh, source: .milestone(year: m.year, maxTotalKWh: m.maxTotalKWh)))
        }
        for t in problem.areaTargets where t.minHighPerformanceArea > 0 && keeping(.areaTarget(year: t.year, minHighPerformanceArea: t.minHighPerformanceArea)) {
            covers.append(Cover(kind: .area, last: last(t.year), requirement: t.minHighPerformanceArea, source: .areaTarget(year: t.year, minHighPerformanceArea: t.minHighPerformanceArea)))
        }
        // Stable: by year, then milestones before area targets, then as given.
        let indexed = Array(covers.enumerated())
        self.covers = indexed.sorted { a, b in
            if a.element.last != b.element.last { return a.element.last < b.element.last }
            let (ka, kb) = (a.element.kind == .saving ? 0 : 1, b.element.kind == .saving ? 0 : 1)
            return ka != kb ? ka < kb : a.offset < b.offset
        }.map(\.element)
    }

    /// Cost, spending per year and coverage of an assignment (one pick or none per unit).
    func evaluate(_ picks: [Pick?]) -> (cost: Double, used: [Double], covered: [Double]) {
        var cost = 0.0
        var used = [Double](repeating: 0, count: yearCount)
        var covered = [Double](repeating: 0, count: covers.count)
        for (u, pick) in picks.enumerated() {
            guard let pick else { continue }
            let o = units[u].options[pick.option]
            cost += o.cost
            used[pick.year] += o.cost
            for k in covers.indices { covered[k] += contribution(o, year: pick.year, to: k) }
        }
        return (cost, used, covered)
    }

    /// The largest yearly spending of an assignment.
    func peakSpending(_ picks: [Pick?]) -> Double { evaluate(picks).used.max() ?? 0 }
}
