/// The multi-year renovation plan of a collectivité's stock, stated as an optimisation (issue 17, point 4).
///
/// Units: money in € HT, energy in kWh of final energy per year, areas in m², years as calendar years. Costs,
/// savings and areas are never negative.
///
/// Timing: works scheduled in year y count from year y + 1. A requirement of year Y (a building's obligation, a
/// stock milestone, an area target) therefore counts the works of the years ≤ Y − 1 only; a requirement of a year
/// ≤ `firstYear` counts no works at all.
///
/// Formulation. Decision x[b,o,y] ∈ {0, 1}: building b gets option o in year y, firstYear ≤ y ≤ lastYear.
///
///     minimise    Σ cost[b,o] · x[b,o,y]                                  (total investment, € HT)
///     subject to  Σ_{o,y} x[b,o,y] ≤ 1                                     for each building b (options exclude each other)
///                 Σ_{b,o} cost[b,o] · x[b,o,y] ≤ budget[y]                 for each year y (no carry-over; a year absent from
///                                                                           `budget` has 0 €)
///                 Σ_{o, y ≤ Y−1} saved[b,o] · x[b,o,y] ≥ minSaved           for each obligation (b, Y, minSaved)
///                 Σ_b baseline[b] − Σ_{b,o, y ≤ M−1} saved[b,o] · x[b,o,y]
///                                                      ≤ maxTotal          for each stock milestone (M, maxTotal)
///                 Σ_{b,o high-performance, y ≤ Y−1} area[b] · x[b,o,y]
///                                                      ≥ minArea           for each area target (Y, minArea), cumulative:
///                                                                           the area renovated to the high level by then
///                 x[b,·,·] = 0 for an excluded building; x[b,o,y] = 1 for a building fixed to (o, y)
///
/// Costs do not depend on the year (no price index, no discounting), so doing a work earlier never costs more: only
/// the yearly budgets keep works late. `PlanOptimiser` solves it exactly (branch and bound) on small stocks and, on
/// large ones, with a Lagrangian lower bound, a constructive heuristic and a local search, reporting the gap.
public struct PlanProblem: Sendable, Codable {
    public struct Option: Sendable, Codable {
        public var id: String
        /// € HT.
        public var cost: Double
        /// Final energy saved each year once the works are done, kWh/year.
        public var savedKWh: Double
        /// Reaches the DDADUE « haut niveau de performance »: the building's whole area then counts for the area targets.
        public var highPerformance: Bool

        public init(id: String, cost: Double, savedKWh: Double, highPerformance: Bool) {
            (self.id, self.cost, self.savedKWh, self.highPerformance) = (id, cost, savedKWh, highPerformance)
        }
    }

    /// A building's own requirement (décret tertiaire milestone): by `year`, its works save at least `minSavedKWh`.
    public struct Obligation: Sendable, Hashable, Codable {
        public var year: Int
        /// kWh/year below the building's baseline.
        public var minSavedKWh: Double

        public init(year: Int, minSavedKWh: Double) { (self.year, self.minSavedKWh) = (year, minSavedKWh) }
    }

    /// The user's decision on a building, which the plan keeps.
    public enum Lock: Sendable, Hashable, Codable {
        /// No works in this building.
        case excluded
        /// This option in this year, whatever it costs.
        case fixed(option: String, year: Int)
    }

    public struct Candidate: Sendable, Codable {
        public var id: String
        /// Floor area, m².
        public var area: Double
        /// Final energy consumed per year before any works, kWh/year.
        public var baselineKWh: Double
        /// Mutually exclusive: at most one is chosen.
        public var options: [Option]
        public var obligations: [Obligation]
        public var lock: Lock?

        public init(id: String, area: Double, baselineKWh: Double, options: [Option], obligations: [Obligation] = [], lock: Lock? = nil) {
            (self.id, self.area, self.baselineKWh, self.options, self.obligations, self.lock) = (id, area, baselineKWh, options, obligations, lock)
        }
    }

    /// The whole stock's final energy in `year` at most `maxTotalKWh` (DDADUE: −1.9 %/year against 2021).
    public struct Milestone: Sendable, Hashable, Codable {
        public var year: Int
        /// kWh/year consumed by the whole stock.
        public var maxTotalKWh: Double

        public init(year: Int, maxTotalKWh: Double) { (self.year, self.maxTotalKWh) = (year, maxTotalKWh) }
    }

    /// By `year`, at least `minHighPerformanceArea` m² renovated to the high-performance level, counted cumulatively
    /// (DDADUE: 3 % a year of the area of the buildings over 250 m²).
    public struct AreaTarget: Sendable, Hashable, Codable {
        public var year: Int
        /// m².
        public var minHighPerformanceArea: Double

        public init(year: Int, minHighPerformanceArea: Double) { (self.year, self.minHighPerformanceArea) = (year, minHighPerformanceArea) }
    }

    public var candidates: [Candidate]
    /// The first and last years in which works may be scheduled.
    public var firstYear: Int
    public var lastYear: Int
    /// € HT available each year, spent that year or lost (no carry-over). A year absent has 0 €; `.infinity` is no limit.
    public var budget: [Int: Double]
    public var milestones: [Milestone]
    public var areaTargets: [AreaTarget]

    public init(candidates: [Candidate], firstYear: Int, lastYear: Int, budget: [Int: Double], milestones: [Milestone] = [], areaTargets: [AreaTarget] = []) {
        (self.candidates, self.firstYear, self.lastYear, self.budget) = (candidates, firstYear, lastYear, budget)
        (self.milestones, self.areaTargets) = (milestones, areaTargets)
    }

    /// The same problem with `amount` € every year.
    public func withUniformBudget(_ amount: Double) -> PlanProblem {
        var copy = self
        copy.budget = Dictionary(uniqueKeysWithValues: (firstYear...max(firstYear, lastYear)).map { ($0, amount) })
        return copy
    }

    /// The whole stock's final energy before any works, kWh/year.
    public var baselineKWh: Double { candidates.reduce(0) { $0 + $1.baselineKWh } }
}

/// A plan: the works, year by year, and where the stock stands.
public struct PlanSolution: Sendable {
    public struct Work: Sendable, Hashable {
        public var candidate: String
        public var option: String
        public var year: Int
        /// € HT.
        public var cost: Double
        /// kWh/year, from `year + 1` on.
        public var savedKWh: Double
        /// m² counted for the area targets (the building's area when the option is high-performance, else 0).
        public var highPerformanceArea: Double
    }

    public struct Year: Sendable, Hashable {
        public var year: Int
        /// € HT available (nil: the year is after `lastYear`, no works).
        public var budget: Double?
        /// € HT spent on the works of this year.
        public var spent: Double
        /// The stock's final energy in this year, kWh/year: the baseline minus the works of the years before.
        public var totalKWh: Double
        /// m² renovated to the high-performance level by the works of the years before.
        public var highPerformanceArea: Double
    }

    public enum Method: String, Sendable { case exact, fast }

    /// Sorted by year, then candidate.
    public var works: [Work]
    /// From `firstYear` to `lastYear + 1`, the first year in which the last works count.
    public var years: [Year]
    /// € HT.
    public var totalCost: Double
    /// A proven lower bound on the optimum's cost, € HT (the cost itself when optimal).
    public var lowerBound: Double
    /// (totalCost − lowerBound) / lowerBound; 0 when optimal; nil when the bound is 0 and the plan costs something.
    public var gap: Double?
    /// Proven optimal: no plan meeting every requirement costs less.
    public var isOptimal: Bool
    public var method: Method
}

/// Why there is no plan, and what would give one. The pages say it in French.
public struct PlanInfeasibility: Sendable, Hashable {
    public enum Requirement: Sendable, Hashable {
        case obligation(candidate: String, year: Int, minSavedKWh: Double)
        case milestone(year: Int, maxTotalKWh: Double)
        case areaTarget(year: Int, minHighPerformanceArea: Double)

        public var year: Int {
            switch self {
            case .obligation(_, let year, _), .milestone(let year, _), .areaTarget(let year, _): year
            }
        }
    }

    public enum Remedy: Sendable, Hashable {
        /// The same yearly budget every year, € HT, would give a plan: the smallest such when `proven`, else one that suffices.
        case uniformBudget(Double, proven: Bool)
        /// No budget can: even with every option done in the first year, the requirement misses by `shortfall`
        /// (kWh/year for an obligation or a milestone, m² for an area target).
        case savingsInsufficient(shortfall: Double)
        /// No budget can: each requirement can be met alone, not all together (an option that saves most is not the
        /// high-performance one, say).
        case conflicting
        /// The user's lock on this candidate (excluded, or fixed to too small or too late works) forbids it.
        case lock(candidate: String)
    }

    /// The requirements of the earliest year that cannot be met (with those of the earlier years).
    public var failing: [Requirement]
    public var remedy: Remedy
    /// False when the fast method found no plan but could not prove there is none (large stock): the remedy's budget
    /// is then one with which it found a plan.
    public var proven: Bool

    public init(failing: [Requirement], remedy: Remedy, proven: Bool) { (self.failing, self.remedy, self.proven) = (failing, remedy, proven) }
}

public enum PlanOutcome: Sendable {
    case plan(PlanSolution)
    case infeasible(PlanInfeasibility)

    public var plan: PlanSolution? {
        if case .plan(let p) = self { p } else { nil }
    }

    public var infeasibility: PlanInfeasibility? {
        if case .infeasible(let i) = self { i } else { nil }
    }
}
