import Foundation

extension BuildingWorks {
    /// kWh the building must save from its latest year by a Décret tertiaire milestone: the trajectory's gap,
    /// or, without a 2010-2019 reference, the reduction applied to the latest year (stricter than the rule:
    /// consumption has fallen since; said on the page as provisional).
    public func requiredSaving(by year: Int) -> (kWh: Double, provisional: Bool)? {
        guard trajectory.subject, let latest = trajectory.latest else { return nil }
        if let m = trajectory.milestones.first(where: { $0.year == year }) { return (m.gap, false) }
        guard trajectory.reference == nil, let r = TertiaryTrajectory.reductions.first(where: { $0.year == year }) else { return nil }
        return (latest.raw * r.reduction, true)
    }
}

/// The stock-level use case: every building's works, the plan's requirements (Décret tertiaire per building,
/// DDADUE for the stock), the optimisation and what it means.
public struct StockPlanning: Sendable {
    public let engine: ScenarioEngine
    /// The current year (obligations already due are said, not planned).
    public let today: Int

    public init(engine: ScenarioEngine, today: Int) {
        self.engine = engine
        self.today = today
    }

    public func works(_ buildings: [Building], profiles: [String: WorksProfile], userScenarios: [String: [ScenarioSpec]]) -> [BuildingWorks] {
        buildings.map { b in
            BuildingWorks(b, profile: profiles[b.id] ?? .unknown, custom: userScenarios[b.id] ?? [], library: engine.library, climate: engine.climate,
                          settings: engine.settings, today: today)
        }
    }

    /// A requirement left out of the optimisation: no scenario with a complete cost reaches it, whatever the money.
    public struct Unreachable: Sendable, Equatable {
        public enum Kind: Sendable, Equatable {
            /// A building's Décret tertiaire milestone (kWh to save).
            case tertiary(building: String)
            /// The stock's DDADUE milestone (kWh to save).
            case stock
            /// The stock's DDADUE area target (m² to renovate to the high level).
            case area
        }
        public var kind: Kind
        public var year: Int
        public var required: Double
        /// The most the available scenarios give.
        public var best: Double
    }

    /// The DDADUE milestones the plan meets (every five years from 2030) and the Décret tertiaire milestones.
    public static let stockMilestoneYears = [2030, 2035, 2040, 2045, 2050]

    /// The optimisation problem of the stock. Options are the scenarios whose every action has a cost, at the
    /// middle of their range. A requirement no scenario can reach whatever the money (a building's Décret tertiaire
    /// milestone, a DDADUE milestone of the stock) is left out and listed, so that the plan meets all the others
    /// and the page says which cannot be met and why. The DDADUE base is `StockTrajectory`'s.
    public func problem(_ works: [BuildingWorks], settings: WorksSettings, budget: Double, areaTargets includeArea: Bool)
        -> (problem: PlanProblem, unreachable: [Unreachable], stock: StockTrajectory) {
        var candidates: [PlanProblem.Candidate] = [], unreachable: [Unreachable] = []
        let planned = works.filter { $0.uses != nil }
        let stock = StockTrajectory.of(planned.map(\.building))
        let years = (settings.firstYear + 1)...(settings.lastYear + 1)
        for w in planned {
            let uses = w.uses!
            let options = w.scenarios.map(\.result).filter(\.plannable).map {
                PlanProblem.Option(id: $0.spec.id, cost: ($0.costLow + $0.costHigh) / 2, savedKWh: $0.finalSaved, highPerformance: $0.highPerformance)
            }
            var lock: PlanProblem.Lock?
            if settings.excluded.contains(w.building.id) { lock = .excluded }
            if let f = settings.fixed[w.building.id], options.contains(where: { $0.id == f.scenario }) { lock = .fixed(option: f.scenario, year: f.year) }
            var obligations: [PlanProblem.Obligation] = []
            for m in TertiaryTrajectory.reductions where years.contains(m.year) && lock != .excluded {
                guard let need = w.requiredSaving(by: m.year), need.kWh > 0 else { continue }
                let best = options.map(\.savedKWh).max() ?? 0
                if best < need.kWh {
                    unreachable.append(Unreachable(kind: .tertiary(building: w.building.id), year: m.year, required: need.kWh, best: best))
                } else {
                    obligations.append(PlanProblem.Obligation(year: m.year, minSavedKWh: need.kWh))
                }
            }
            candidates.append(PlanProblem.Candidate(id: w.building.id, area: w.building.area, baselineKWh: uses.total, options: options,
                                                    obligations: obligations, lock: lock))
        }
        let baseline = candidates.reduce(0) { $0 + $1.baselineKWh }
        let open = candidates.filter { $0.lock != .excluded }
        let bestSaving = open.reduce(0) { $0 + ($1.options.map(\.savedKWh).max() ?? 0) }
        var milestones: [PlanProblem.Milestone] = []
        if let base = stock.baseline2021 {
            for year in Self.stockMilestoneYears where years.contains(year) {
                let target = StockTrajectory.target(base: base, year: year)
                if baseline - target > bestSaving {
                    unreachable.append(Unreachable(kind: .stock, year: year, required: baseline - target, best: bestSaving))
                } else {
                    milestones.append(PlanProblem.Milestone(year: year, maxTotalKWh: target))
                }
            }
        }
        var areas: [PlanProblem.AreaTarget] = []
        if includeArea {
            // The stock's trajectory counts the same buildings as the candidates.
            let large = stock.largeArea
            let renovable = open.filter { $0.options.contains(where: \.highPerformance) }.reduce(0) { $0 + $1.area }
            for year in [2030, 2040, 2050] where years.contains(year) {
                let need = min(large, large * StockTrajectory.renovationShare * Double(year - 2026))
                if need > renovable {
                    unreachable.append(Unreachable(kind: .area, year: year, required: need, best: renovable))
                } else {
                    areas.append(PlanProblem.AreaTarget(year: year, minHighPerformanceArea: need))
                }
            }
        }
        let problem = PlanProblem(candidates: candidates, firstYear: settings.firstYear, lastYear: settings.lastYear, budget: [:],
                                  milestones: milestones, areaTargets: areas).withUniformBudget(budget)
        return (problem, unreachable, stock)
    }
}

/// The plan of a stock and everything its page says around it.
public struct StockPlan: Sendable {
    public var works: [BuildingWorks]
    public var stock: StockTrajectory
    public var settings: WorksSettings
    /// € HT a year the plan was computed with.
    public var budget: Double
    /// True when the owner gave no budget: the plan uses the smallest uniform budget that meets the requirements.
    public var budgetComputed: Bool
    public var areaTargets: Bool
    public var problem: PlanProblem
    public var outcome: PlanOutcome
    public var unreachable: [StockPlanning.Unreachable]
}

extension StockPlanning {
    /// Plans the stock under `budget` € a year, or, without one, under the smallest uniform budget that meets
    /// every requirement (found by the optimiser's diagnosis); says why when none can.
    public func plan(_ buildings: [Building], profiles: [String: WorksProfile], userScenarios: [String: [ScenarioSpec]], settings: WorksSettings,
                     budget: Double?, areaTargets: Bool, limits: PlanOptimiser.Limits = .init()) -> StockPlan {
        let works = works(buildings, profiles: profiles, userScenarios: userScenarios)
        var (problem, unreachable, stock) = problem(works, settings: settings, budget: budget ?? 0, areaTargets: areaTargets)
        var used = budget ?? 0
        var outcome: PlanOutcome
        outcome = PlanOptimiser.solve(problem, limits: limits)
        // Without a budget: the smallest uniform one the diagnosis finds, when no money at all does not do.
        if budget == nil, let diagnosis = outcome.infeasibility, case .uniformBudget(let amount, _) = diagnosis.remedy {
            used = amount
            problem = problem.withUniformBudget(amount)
            outcome = PlanOptimiser.solve(problem, limits: limits)
        }
        return StockPlan(works: works, stock: stock, settings: settings, budget: used, budgetComputed: budget == nil, areaTargets: areaTargets,
                         problem: problem, outcome: outcome, unreachable: unreachable)
    }
}
