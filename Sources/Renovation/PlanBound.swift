/// The Lagrangian lower bound of a `PlanModel`: the covering constraints (milestones, area targets) and the yearly
/// budgets are moved into the objective with multipliers λ_k ≥ 0 and μ_y ≥ 0,
///
///     L(λ, μ) = Σ_b min(0 if b may stay untouched, min_{(o,y) allowed} cost[b,o]·(1 + μ_y) − Σ_k λ_k·a_k[b,o,y])
///               + Σ_k λ_k·requirement_k − Σ_y μ_y·budget_y,
///
/// where a_k[b,o,y] is what the works bring to cover k (saving or area, 0 when y is too late for it). For any
/// λ, μ ≥ 0, L ≤ the cost of every feasible plan (each relaxed term is ≥ 0 on a feasible plan), so every value
/// computed is a valid bound; the subgradient method only looks for a high one. Each building's subproblem keeps
/// "at most one option" and its own obligations, whose polytope is integral: the best L equals the linear
/// relaxation's optimum.
struct PlanBound: Sendable {
    var lambda: [Double]
    var mu: [Double]

    init(_ model: PlanModel) {
        lambda = [Double](repeating: 0, count: model.covers.count)
        mu = [Double](repeating: 0, count: model.yearCount)
    }

    /// Σ_k λ_k over the covers of each kind counting the works of year index y.
    func weights(_ model: PlanModel) -> (saving: [Double], area: [Double]) {
        var saving = [Double](repeating: 0, count: model.yearCount), area = saving
        for (k, cover) in model.covers.enumerated() where cover.last >= 0 && lambda[k] > 0 {
            for y in 0...cover.last {
                if cover.kind == .saving { saving[y] += lambda[k] } else { area[y] += lambda[k] }
            }
        }
        return (saving, area)
    }

    /// Reduced cost of an option in year y.
    @inline(__always)
    static func reduced(_ o: PlanModel.UnitOption, _ y: Int, mu: [Double], saving: [Double], area: [Double]) -> Double {
        o.cost * (1 + mu[y]) - o.saved * saving[y] - o.area * area[y]
    }

    /// Each unit's cheapest reduced cost (0 for "no works" when allowed) and its pick.
    func minima(_ model: PlanModel) -> [(value: Double, pick: PlanModel.Pick?)] {
        let (saving, area) = weights(model)
        return model.units.map { unit in
            var best: (value: Double, pick: PlanModel.Pick?) = (unit.mandatory ? Double.infinity : 0, nil)
            for (i, o) in unit.options.enumerated() {
                for y in o.years {
                    let r = Self.reduced(o, y, mu: mu, saving: saving, area: area)
                    if r < best.value { best = (r, PlanModel.Pick(option: i, year: y)) }
                }
            }
            return best
        }
    }

    /// The constant part of L at a node where `covered` and `used` are already given by the units decided.
    func constant(_ model: PlanModel, covered: [Double], used: [Double]) -> Double {
        var value = 0.0
        for k in model.covers.indices where lambda[k] > 0 { value += lambda[k] * (model.covers[k].requirement - covered[k]) }
        for y in 0..<model.yearCount where mu[y] > 0 && model.budget[y].isFinite { value -= mu[y] * (model.budget[y] - used[y]) }
        return value
    }

    /// L(λ, μ) and its subgradient.
    func value(_ model: PlanModel) -> (bound: Double, minima: [(value: Double, pick: PlanModel.Pick?)], gCover: [Double], gBudget: [Double]) {
        let minima = minima(model)
        let picks = minima.map(\.pick)
        let (_, used, covered) = model.evaluate(picks)
        let zero = [Double](repeating: 0, count: model.yearCount)
        let bound = minima.reduce(0) { $0 + $1.value } + constant(model, covered: [Double](repeating: 0, count: model.covers.count), used: zero)
        let gCover = model.covers.indices.map { model.covers[$0].requirement - covered[$0] }
        let gBudget = (0..<model.yearCount).map { model.budget[$0].isFinite ? used[$0] - model.budget[$0] : 0 }
        return (bound, minima, gCover, gBudget)
    }

    /// Subgradient ascent with Polyak steps towards `target` (the best known plan's cost, or above any plan's cost
    /// when none is known); returns the best multipliers and their bound. Stops when the bound reaches the target
    /// (within 10⁻⁶), or when the step has shrunk below 10⁻⁴ of its start.
    static func optimise(_ model: PlanModel, target: Double, iterations: Int = 600, from start: PlanBound? = nil) -> (bound: Double, multipliers: PlanBound) {
        var current = start ?? PlanBound(model)
        var best = (bound: -Double.infinity, multipliers: current)
        var theta = 2.0, stale = 0
        let coverScale = model.covers.map { max($0.requirement, 1) }
        let budgetScale = model.budget.map { $0.isFinite ? max($0, 1) : 1 }
        for _ in 0..<iterations {
            let (bound, _, gCover, gBudget) = current.value(model)
            if bound > best.bound { best = (bound, current); stale = 0 } else { stale += 1 }
            if bound >= target - 1e-6 * max(1, abs(target)) { break }
            if stale >= 40 { theta /= 2; stale = 0; current = best.multipliers }
            if theta < 1e-4 { break }
            // Each row is scaled by its right-hand side (kWh, m² and € differ by orders of magnitude); components
            // that would go below zero do not count in the step's norm.
            var norm = 0.0
            for (k, g) in gCover.enumerated() where current.lambda[k] > 0 || g > 0 { norm += (g / coverScale[k]) * (g / coverScale[k]) }
            for (y, g) in gBudget.enumerated() where current.mu[y] > 0 || g > 0 { norm += (g / budgetScale[y]) * (g / budgetScale[y]) }
            if norm == 0 { break }  // the relaxed plan is feasible and complementary: the bound is optimal
            let step = theta * (target - bound) / norm
            for k in gCover.indices { current.lambda[k] = max(0, current.lambda[k] + step * gCover[k] / (coverScale[k] * coverScale[k])) }
            for y in gBudget.indices { current.mu[y] = max(0, current.mu[y] + step * gBudget[y] / (budgetScale[y] * budgetScale[y])) }
        }
        return best
    }
}
