/// Solves a `PlanProblem` (its formulation is written on `PlanProblem`).
///
/// - The fast method: the Lagrangian lower bound (`PlanBound`, subgradient ascent); three constructive plans (the
///   requirements' shortfalls weighed equally, then by the multipliers, and the relaxation's own plan made to fit
///   the budgets and completed), each improved by local search, the best then by an iterated local search
///   (`PlanHeuristic`); the gap is (plan's cost − bound) / bound.
/// - The exact method: branch and bound (`PlanSearch`) started from the fast method's plan and bound; complete
///   within its node limit, its plan is optimal (gap 0) or its failure proves there is no plan.
/// - `.automatic`: exact up to `Limits.exactUpTo` buildings, fast beyond. The fast method finding no plan on a stock
///   that small falls back on the exact search.
///
/// No plan: `PlanInfeasibility` says which requirement fails first and what would fix it (see `diagnose`).
public enum PlanOptimiser {
    public enum Method: Sendable { case automatic, exact, fast }

    public struct Limits: Sendable {
        /// `.automatic` uses the exact method up to this many buildings; so does the feasibility check of a diagnosis.
        public var exactUpTo: Int
        /// Branch-and-bound nodes before the exact method gives up proving (it still returns its best plan).
        public var nodeLimit: Int
        /// Subgradient iterations of each bound computation.
        public var boundIterations: Int

        /// Rounds of the iterated local search (`PlanHeuristic.perturb`).
        public var perturbations: Int

        public init(exactUpTo: Int = 12, nodeLimit: Int = 3_000_000, boundIterations: Int = 4000, perturbations: Int = 30) {
            (self.exactUpTo, self.nodeLimit, self.boundIterations, self.perturbations) = (exactUpTo, nodeLimit, boundIterations, perturbations)
        }
    }

    public static func solve(_ problem: PlanProblem, method: Method = .automatic, limits: Limits = Limits()) -> PlanOutcome {
        guard let model = try? PlanModel(problem) else { return .infeasible(diagnose(problem, limits: limits)) }
        var exact = method == .exact || (method == .automatic && model.units.count <= limits.exactUpTo)
        var result = optimise(model, exact: exact, limits: limits)
        // The heuristic finding no plan proves nothing: on a small stock the exact search settles it, so that "no
        // plan" is never said of a problem that has one.
        if case .none(proven: false) = result, !exact, model.units.count <= limits.exactUpTo {
            exact = true
            result = optimise(model, exact: true, limits: limits)
        }
        guard case .found(let picks, let bound, let complete) = result else {
            return .infeasible(diagnose(problem, limits: limits))
        }
        return .plan(solution(problem, model, picks, bound: bound, complete: complete, method: exact ? .exact : .fast))
    }

    enum Search {
        /// A plan, a proven lower bound, and whether the exact search was complete (the plan then optimal).
        case found([PlanModel.Pick?], bound: Double, complete: Bool)
        /// No plan: proven when the bound or the complete search says so.
        case none(proven: Bool)
    }

    static func optimise(_ model: PlanModel, exact: Bool, limits: Limits) -> Search {
        func improved(_ picks: [PlanModel.Pick?]?) -> [PlanModel.Pick?]? { picks.map { PlanHeuristic.improve(model, $0) } }
        func cost(_ picks: [PlanModel.Pick?]?) -> Double { picks.map { model.evaluate($0).cost } ?? .infinity }

        var best = improved(PlanHeuristic.construct(model))
        // Without a plan, aim above any plan's cost: an infeasible problem's bound then passes that cost.
        let ceiling = model.maximumCost
        var (bound, multipliers) = PlanBound.optimise(model, target: best == nil ? 2 * ceiling + 1 : cost(best), iterations: limits.boundIterations)
        if bound > ceiling + PlanModel.slack(ceiling) { return .none(proven: true) }
        let others = [PlanHeuristic.construct(model, lambda: multipliers.lambda), PlanHeuristic.fromRelaxation(model, multipliers)].compactMap { improved($0) }
        if let other = others.min(by: { cost($0) < cost($1) }), cost(other) < cost(best) {
            best = other
            let again = PlanBound.optimise(model, target: cost(best), iterations: limits.boundIterations / 2, from: multipliers)
            if again.bound > bound { (bound, multipliers) = again }
        }
        if let plan = best, limits.perturbations > 0 {
            let searched = PlanHeuristic.perturb(model, plan, rounds: limits.perturbations, lambda: multipliers.lambda)
            if cost(searched) < cost(best) {
                best = searched
                let again = PlanBound.optimise(model, target: cost(best), iterations: limits.boundIterations / 2, from: multipliers)
                if again.bound > bound { (bound, multipliers) = again }
            }
        }
        if exact {
            var search = PlanSearch(model, multipliers: multipliers, incumbent: best, nodeLimit: limits.nodeLimit)
            let complete = search.run()
            guard let found = search.best else { return .none(proven: complete) }
            return .found(found.picks, bound: complete ? found.cost : max(0, bound), complete: complete)
        }
        guard let best else { return .none(proven: false) }
        return .found(best, bound: max(0, bound), complete: false)
    }

    static func solution(_ problem: PlanProblem, _ model: PlanModel, _ picks: [PlanModel.Pick?], bound: Double, complete: Bool,
                         method: PlanSolution.Method) -> PlanSolution {
        var works: [(Int, PlanSolution.Work)] = []
        for (u, pick) in picks.enumerated() {
            guard let pick else { continue }
            let unit = model.units[u], o = unit.options[pick.option], candidate = problem.candidates[unit.candidate]
            works.append((unit.candidate, PlanSolution.Work(candidate: candidate.id, option: candidate.options[o.option].id, year: problem.firstYear + pick.year,
                                                              cost: o.cost, savedKWh: o.saved, highPerformanceArea: o.area)))
        }
        works.sort { ($0.1.year, $0.0) < ($1.1.year, $1.0) }
        let baseline = problem.baselineKWh
        let years = (problem.firstYear...max(problem.firstYear, problem.lastYear) + 1).map { year in
            let before = works.filter { $0.1.year < year }.map(\.1)
            return PlanSolution.Year(year: year, budget: year <= problem.lastYear ? problem.budget[year] ?? 0 : nil,
                                     spent: works.filter { $0.1.year == year }.reduce(0) { $0 + $1.1.cost },
                                     totalKWh: baseline - before.reduce(0) { $0 + $1.savedKWh },
                                     highPerformanceArea: before.reduce(0) { $0 + $1.highPerformanceArea })
        }
        let cost = model.evaluate(picks).cost
        // Costs are never negative: a plan costing nothing is optimal.
        let optimal = complete || cost <= bound + PlanModel.slack(cost) || cost == 0
        let lowerBound = optimal ? cost : bound
        return PlanSolution(works: works.map(\.1), years: years, totalCost: cost, lowerBound: lowerBound,
                            gap: optimal ? 0 : lowerBound > 0 ? (cost - lowerBound) / lowerBound : nil,
                            isOptimal: optimal, method: method)
    }
}
