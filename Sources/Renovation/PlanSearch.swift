/// The exact method: depth-first branch and bound over the buildings, each given "no works" or one allowed
/// (option, year). A node is cut when
/// - a requirement cannot be met any more, even with every remaining building's largest contribution (budgets aside);
/// - its lower bound — the cost so far plus the Lagrangian bound of the remaining buildings with the root's
///   multipliers (valid at every node: see `PlanBound`), and at least the cost so far — reaches the best plan's cost.
/// The search is complete when it ends within `nodeLimit` nodes: its best plan is then optimal, and none found
/// proves that no plan exists.
struct PlanSearch {
    let model: PlanModel
    let multipliers: PlanBound
    /// The units in the order they are decided: those that must have works first, then the largest savings.
    let order: [Int]
    /// Each unit's branches, cheapest reduced cost first (nil: no works).
    let branches: [[PlanModel.Pick?]]
    /// Σ of the undecided units' cheapest reduced cost, from depth d on.
    let remainingBound: [Double]
    /// Σ of the undecided units' largest contribution to each cover, from depth d on.
    let remainingMax: [[Double]]
    let nodeLimit: Int
    let stopAtFirst: Bool

    var state: PlanState
    var best: (cost: Double, picks: [PlanModel.Pick?])?
    var nodes = 0

    init(_ model: PlanModel, multipliers: PlanBound, incumbent: [PlanModel.Pick?]?, nodeLimit: Int, stopAtFirst: Bool = false) {
        self.model = model
        self.multipliers = multipliers
        self.nodeLimit = nodeLimit
        self.stopAtFirst = stopAtFirst
        state = PlanState(model)
        best = incumbent.map { (model.evaluate($0).cost, $0) }

        let maxSaving = model.units.map { $0.options.map(\.saved).max() ?? 0 }
        order = model.units.indices.sorted { a, b in
            let (ma, mb) = (model.units[a].mandatory, model.units[b].mandatory)
            if ma != mb { return ma }
            return maxSaving[a] != maxSaving[b] ? maxSaving[a] > maxSaving[b] : a < b
        }
        let (saving, area) = multipliers.weights(model)
        var branches: [[PlanModel.Pick?]] = []
        var reducedMinima: [Double] = []
        for u in order {
            let unit = model.units[u]
            var scored: [(Double, PlanModel.Pick?)] = unit.mandatory ? [] : [(0, nil)]
            for (i, o) in unit.options.enumerated() {
                for y in o.years { scored.append((PlanBound.reduced(o, y, mu: multipliers.mu, saving: saving, area: area), PlanModel.Pick(option: i, year: y))) }
            }
            scored.sort { $0.0 < $1.0 }
            branches.append(scored.map(\.1))
            reducedMinima.append(scored.first?.0 ?? 0)
        }
        self.branches = branches
        var remainingBound = [Double](repeating: 0, count: order.count + 1)
        var remainingMax = [[Double]](repeating: [Double](repeating: 0, count: model.covers.count), count: order.count + 1)
        for d in stride(from: order.count - 1, through: 0, by: -1) {
            remainingBound[d] = remainingBound[d + 1] + reducedMinima[d]
            for k in model.covers.indices { remainingMax[d][k] = remainingMax[d + 1][k] + model.maxContribution(model.units[order[d]], to: k) }
        }
        self.remainingBound = remainingBound
        self.remainingMax = remainingMax
    }

    /// Runs the search; true when it was complete.
    mutating func run() -> Bool {
        search(depth: 0)
        return nodes <= nodeLimit
    }

    private var done: Bool { nodes > nodeLimit || (stopAtFirst && best != nil) }

    private mutating func search(depth: Int) {
        for k in model.covers.indices
        where state.covered[k] + remainingMax[depth][k] < model.covers[k].requirement - PlanModel.slack(model.covers[k].requirement) { return }
        let bound = state.cost + max(0, remainingBound[depth] + multipliers.constant(model, covered: state.covered, used: state.used))
        if let best, bound >= best.cost - PlanModel.slack(best.cost) { return }
        guard depth < order.count else {
            // Every unit decided, every cover met (the first test with nothing remaining), budgets kept on the way.
            best = (state.cost, state.picks)
            return
        }
        let u = order[depth]
        for pick in branches[depth] {
            nodes += 1
            if done { return }
            if let pick {
                let o = model.units[u].options[pick.option]
                guard state.used[pick.year] + o.cost <= model.budget[pick.year] + PlanModel.slack(model.budget[pick.year]) else { continue }
            }
            state.set(u, pick)
            search(depth: depth + 1)
            state.set(u, nil)
            if done { return }
        }
    }
}
