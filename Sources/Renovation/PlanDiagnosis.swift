extension PlanOptimiser {
    enum Feasibility {
        case yes([PlanModel.Pick?])
        case no
        /// The heuristic found no plan and the stock is too large to search exhaustively or the bound to prove none.
        case unknown
    }

    /// Is there a plan at all? The heuristic's plan says yes; up to `exactUpTo` buildings the complete search
    /// settles it; beyond, only a Lagrangian bound above any plan's cost proves no.
    static func feasibility(_ model: PlanModel, limits: Limits) -> Feasibility {
        if let picks = PlanHeuristic.construct(model) { return .yes(picks) }
        if model.units.count <= limits.exactUpTo {
            var search = PlanSearch(model, multipliers: PlanBound(model), incumbent: nil, nodeLimit: limits.nodeLimit, stopAtFirst: true)
            let complete = search.run()
            if let found = search.best { return .yes(found.picks) }
            return complete ? .no : .unknown
        }
        if let picks = PlanHeuristic.construct(model, lambda: PlanBound.optimise(model, target: 2 * model.maximumCost + 1, iterations: limits.boundIterations).multipliers.lambda) {
            return .yes(picks)
        }
        let ceiling = model.maximumCost
        return PlanBound.optimise(model, target: 2 * ceiling + 1, iterations: limits.boundIterations).bound > ceiling + PlanModel.slack(ceiling) ? .no : .unknown
    }

    /// Why `problem` has no plan, in this order:
    /// 1. a building's own obligations that none of its options meets in time, or that its lock forbids;
    /// 2. a milestone or an area target that every option of every building done in the first year cannot meet
    ///    (the shortfall);
    /// 3. requirements that can each be met but not together, whatever the money;
    /// 4. otherwise the money: the requirements of the earliest year that the budgets cannot meet, and the smallest
    ///    uniform yearly budget with which every requirement is met (found by bisection on the budget, each step a
    ///    feasibility check; the last feasible plan's largest yearly spending is the answer, so it is a sum of
    ///    option costs, exact to the euro when the search is complete).
    public static func diagnose(_ problem: PlanProblem, limits: Limits = Limits()) -> PlanInfeasibility {
        let model: PlanModel
        do { model = try PlanModel(problem) } catch {
            return PlanInfeasibility(failing: error.requirement.map { [$0] } ?? [], remedy: error.remedy, proven: true)
        }
        for (k, cover) in model.covers.enumerated() {
            let reachable = model.units.reduce(0) { $0 + model.maxContribution($1, to: k) }
            if reachable < cover.requirement - PlanModel.slack(cover.requirement) {
                return PlanInfeasibility(failing: [cover.source], remedy: .savingsInsufficient(shortfall: cover.requirement - reachable), proven: true)
            }
        }
        let unlimited = firstFailing(problem, uniformBudget: .infinity, limits: limits)
        if let unlimited {
            return PlanInfeasibility(failing: unlimited.failing, remedy: .conflicting, proven: unlimited.proven)
        }
        let failing = firstFailing(problem, uniformBudget: nil, limits: limits)
        let budget = minimalUniformBudget(problem, limits: limits)
        return PlanInfeasibility(failing: failing?.failing ?? [], remedy: .uniformBudget(budget.amount, proven: budget.proven),
                                 proven: (failing?.proven ?? false) && budget.proven)
    }

    /// The requirements of the earliest year that cannot be met together with those of the years before (each
    /// requirement of that year that fails alone with them; all of that year's when only together they fail); nil
    /// when every year's can. Not proven when a check could not settle it.
    static func firstFailing(_ problem: PlanProblem, uniformBudget: Double?, limits: Limits) -> (failing: [PlanInfeasibility.Requirement], proven: Bool)? {
        var requirements: [PlanInfeasibility.Requirement] = problem.milestones.map { .milestone(year: $0.year, maxTotalKWh: $0.maxTotalKWh) }
            + problem.areaTargets.map { .areaTarget(year: $0.year, minHighPerformanceArea: $0.minHighPerformanceArea) }
        for c in problem.candidates {
            requirements += c.obligations.map { .obligation(candidate: c.id, year: $0.year, minSavedKWh: $0.minSavedKWh) }
        }
        func check(_ keep: @escaping (PlanInfeasibility.Requirement) -> Bool) -> Feasibility {
            guard let model = try? PlanModel(problem, uniformBudget: uniformBudget, keeping: keep) else { return .no }
            return feasibility(model, limits: limits)
        }
        for year in Set(requirements.map(\.year)).sorted() {
            let result = check { $0.year <= year }
            if case .yes = result { continue }
            let ofYear = requirements.filter { $0.year == year }
            let alone = ofYear.filter { r in
                if case .yes = check({ $0.year < year || $0 == r }) { return false }
                return true
            }
            let proven: Bool = if case .no = result { true } else { false }
            return (alone.isEmpty ? ofYear : alone, proven)
        }
        return nil
    }

    /// The smallest budget, the same every year, with which `problem` has a plan (bisection; see `diagnose`).
    static func minimalUniformBudget(_ problem: PlanProblem, limits: Limits) -> (amount: Double, proven: Bool) {
        func check(_ amount: Double) -> Feasibility {
            guard let model = try? PlanModel(problem, uniformBudget: amount) else { return .no }
            return feasibility(model, limits: limits)
        }
        guard let model = try? PlanModel(problem), case .yes(let plan) = check(model.maximumCost) else { return (0, false) }
        if case .yes = check(0) { return (0, true) }
        let exact = model.units.count <= limits.exactUpTo
        var (low, high, proven) = (0.0, model.peakSpending(plan), true)
        // To the euro when exact (the answer is a sum of costs); within 0.2 % when only the heuristic can answer.
        while high - low > (exact ? 0.5 : max(1, 0.002 * high)) {
            let middle = (low + high) / 2
            switch check(middle) {
            case .yes(let plan): high = model.peakSpending(plan)
            case .no: low = middle
            case .unknown: (low, proven) = (middle, false)
            }
        }
        return (high, proven && exact)
    }
}
