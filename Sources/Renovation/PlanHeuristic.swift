import Tabular

/// The fast method's plans: a constructive heuristic that meets the requirements in the order of their years, then a
/// local search that drops and replaces works while every requirement stays met. It proves nothing by itself: the
/// Lagrangian bound (`PlanBound`) says how far from the optimum its plan can be.
struct PlanState {
    let model: PlanModel
    private(set) var picks: [PlanModel.Pick?]
    private(set) var used: [Double]
    private(set) var covered: [Double]
    private(set) var cost: Double

    init(_ model: PlanModel, picks: [PlanModel.Pick?]? = nil) {
        self.model = model
        self.picks = picks ?? [PlanModel.Pick?](repeating: nil, count: model.units.count)
        (cost, used, covered) = model.evaluate(self.picks)
    }

    mutating func set(_ u: Int, _ pick: PlanModel.Pick?) {
        for (sign, p) in [(-1.0, picks[u]), (1.0, pick)] {
            guard let p else { continue }
            let o = model.units[u].options[p.option]
            cost += sign * o.cost
            used[p.year] += sign * o.cost
            for k in model.covers.indices { covered[k] += sign * model.contribution(o, year: p.year, to: k) }
        }
        picks[u] = pick
    }

    func option(_ u: Int) -> PlanModel.UnitOption? { picks[u].map { model.units[u].options[$0.option] } }

    func isMet(_ k: Int) -> Bool { covered[k] >= model.covers[k].requirement - PlanModel.slack(model.covers[k].requirement) }

    /// The year of `years` (up to `latest`) whose money left fits `cost` most tightly, counting `freed` € given back
    /// in year `freedYear`.
    func tightestYear(for cost: Double, in years: ClosedRange<Int>, latest: Int, freed: Double = 0, freedYear: Int? = nil) -> Int? {
        guard years.lowerBound <= latest else { return nil }
        var best: (year: Int, left: Double)?
        for y in years.lowerBound...min(years.upperBound, latest) {
            let left = model.budget[y] - used[y] + (y == freedYear ? freed : 0) - cost
            if left >= -PlanModel.slack(model.budget[y]), best == nil || left < best!.left { best = (y, left) }
        }
        return best?.year
    }
}

enum PlanHeuristic {
    /// A plan meeting every requirement, or nil when the greedy gets stuck (which proves nothing). `lambda`, when
    /// given, weighs the requirements' shortfalls by the Lagrangian multipliers instead of equally.
    /// Starting `from` a partial plan when given (its works kept), never adding works to the units `forbidden`.
    static func construct(_ model: PlanModel, lambda: [Double]? = nil, from start: [PlanModel.Pick?]? = nil, forbidden: Set<Int> = []) -> [PlanModel.Pick?]? {
        var s = PlanState(model, picks: start)
        // λ_k · requirement_k is what the bound says the requirement costs: heavier ones weigh more, none weighs 0.
        var weight = [Double](repeating: 1, count: model.covers.count)
        if let lambda {
            let priced = model.covers.indices.map { lambda[$0] * model.covers[$0].requirement }
            let largest = max(priced.max() ?? 0, 1e-12)
            weight = priced.map { 0.1 + $0 / largest }
        }
        // Buildings that must have works first, the tightest deadline first: each its cheapest allowed option.
        let deadline = model.units.map { unit in unit.options.map(\.years.upperBound).max() ?? 0 }
        let mandatory = model.units.indices.filter { model.units[$0].mandatory }.sorted { deadline[$0] != deadline[$1] ? deadline[$0] < deadline[$1] : $0 < $1 }
        for u in mandatory where s.picks[u] == nil {
            var best: (cost: Double, pick: PlanModel.Pick)?
            for (i, o) in model.units[u].options.enumerated() where best == nil || o.cost < best!.cost {
                // The latest year with money left: the earlier years stay free for the earlier requirements (a
                // requirement that needs this work sooner moves it earlier below, at no cost).
                if let y = o.years.reversed().first(where: { s.used[$0] + o.cost <= model.budget[$0] + PlanModel.slack(model.budget[$0]) }) {
                    best = (o.cost, PlanModel.Pick(option: i, year: y))
                }
            }
            guard let best else { return nil }
            s.set(u, best.pick)
        }
        // Then the earliest unmet requirement, until none is left: the works bringing the most of what is still
        // missing per euro, in a year that counts for it. Every unmet requirement is at least as late, so any such
        // year counts for all of them; the year whose money left fits best keeps the rest usable.
        while let first = model.covers.indices.first(where: { !s.isMet($0) }) {
            let latest = model.covers[first].last
            guard latest >= 0 else { return nil }
            let unmet = model.covers.indices.filter { !s.isMet($0) }
            var best: (score: Double, unit: Int, pick: PlanModel.Pick)?
            for (u, unit) in model.units.enumerated() where !forbidden.contains(u) {
                let current = s.picks[u], old = s.option(u)
                for (i, o) in unit.options.enumerated() {
                    // Only works that keep every requirement's count: a better option no later, or the same earlier.
                    if let current, let old {
                        guard o.saved >= old.saved, o.area >= old.area, i != current.option || current.year > latest else { continue }
                    }
                    let limit = min(latest, current?.year ?? .max)
                    guard let y = s.tightestYear(for: o.cost, in: o.years, latest: limit, freed: old?.cost ?? 0, freedYear: current?.year) else { continue }
                    var value = 0.0, helpsFirst = false
                    for k in unmet {
                        let gain = model.contribution(o, year: y, to: k) - (old.map { model.contribution($0, year: current!.year, to: k) } ?? 0)
                        guard gain > 0 else { continue }
                        if k == first { helpsFirst = true }
                        let residual = model.covers[k].requirement - s.covered[k]
                        value += min(gain, residual) / residual * weight[k]
                    }
                    guard helpsFirst else { continue }
                    let score = value / max(o.cost - (old?.cost ?? 0), 1e-9)
                    if best == nil || score > best!.score { best = (score, u, PlanModel.Pick(option: i, year: y)) }
                }
            }
            guard let best else { return nil }
            s.set(best.unit, best.pick)
        }
        return s.picks
    }

    /// The Lagrangian relaxation's own plan at `multipliers` (each building its cheapest reduced cost), made to fit
    /// the budgets — works of a year over budget, least useful first, move to the latest earlier year with money left
    /// (earlier never loses a requirement), else to a later one, else leave the plan unless required — then completed
    /// by the greedy. Nil when a required work finds no year or the greedy gets stuck.
    static func fromRelaxation(_ model: PlanModel, _ multipliers: PlanBound) -> [PlanModel.Pick?]? {
        let minima = multipliers.minima(model)
        var s = PlanState(model)
        for (u, m) in minima.enumerated() where m.pick != nil && (model.units[u].mandatory || m.value < 0) { s.set(u, m.pick) }
        for y in 0..<model.yearCount where s.used[y] > model.budget[y] + PlanModel.slack(model.budget[y]) {
            let here = model.units.indices.filter { s.picks[$0]?.year == y }
                .sorted { minima[$0].value != minima[$1].value ? minima[$0].value > minima[$1].value : $0 < $1 }
            for u in here where s.used[y] > model.budget[y] + PlanModel.slack(model.budget[y]) {
                let o = s.option(u)!, pick = s.picks[u]!
                let fits = { (z: Int) in s.used[z] + o.cost <= model.budget[z] + PlanModel.slack(model.budget[z]) }
                let earlier = (o.years.lowerBound..<y).reversed().first(where: fits)
                if let z = earlier ?? (y + 1 <= o.years.upperBound ? (y + 1...o.years.upperBound).first(where: fits) : nil) {
                    s.set(u, PlanModel.Pick(option: pick.option, year: z))
                } else if model.units[u].mandatory {
                    return nil
                } else {
                    s.set(u, nil)
                }
            }
        }
        return construct(model, lambda: multipliers.lambda, from: s.picks)
    }

    /// Iterated local search: `rounds` times, a seeded random tenth of the works that no obligation or lock requires
    /// is taken out of the best plan and kept out while the greedy completes it, then the local search improves it;
    /// the cheaper plan is kept. Deterministic for a given seed.
    static func perturb(_ model: PlanModel, _ picks: [PlanModel.Pick?], rounds: Int, lambda: [Double]?, seed: UInt64 = 1) -> [PlanModel.Pick?] {
        var best = (picks: picks, cost: model.evaluate(picks).cost)
        var random = SplitMix(seed: seed)
        for _ in 0..<rounds {
            var trial = best.picks
            let removable = model.units.indices.filter { trial[$0] != nil && !model.units[$0].mandatory }
            guard !removable.isEmpty else { break }
            var out = Set<Int>()
            for _ in 0..<max(1, removable.count / 10) { out.insert(removable[random.next(below: removable.count)]) }
            for u in out { trial[u] = nil }
            guard let completed = construct(model, lambda: lambda, from: trial, forbidden: out) else { continue }
            let candidate = improve(model, completed)
            let cost = model.evaluate(candidate).cost
            if cost < best.cost - PlanModel.slack(best.cost) { best = (candidate, cost) }
        }
        return best.picks
    }

    /// Local search from a feasible plan: drop works no requirement needs, then replace a work by a cheaper one (of
    /// the same building or of an untouched one, in any year with money left, or a better option of a building in
    /// the plan for less than the work removed) that keeps every requirement met, until no move lowers the cost or
    /// `passes` rounds are done.
    static func improve(_ model: PlanModel, _ picks: [PlanModel.Pick?], passes: Int = 30) -> [PlanModel.Pick?] {
        var s = PlanState(model, picks: picks)
        for _ in 0..<passes {
            var improved = false
            let cost: [Double] = model.units.indices.map { s.option($0)?.cost ?? -1 }
            let assigned: [Int] = model.units.indices.filter { cost[$0] >= 0 }.sorted { cost[$0] != cost[$1] ? cost[$0] > cost[$1] : $0 < $1 }
            for u in assigned where !model.units[u].mandatory {
                let (o, y) = (s.option(u)!, s.picks[u]!.year)
                if model.covers.indices.allSatisfy({ k in
                    s.covered[k] - model.contribution(o, year: y, to: k) >= model.covers[k].requirement - PlanModel.slack(model.covers[k].requirement)
                }) {
                    s.set(u, nil)
                    improved = true
                }
            }
            for u in assigned {
                guard let current = s.picks[u] else { continue }
                let old = model.units[u].options[current.option]
                // What the plan would miss without this work, and the latest year a replacement may take.
                var latest = model.yearCount - 1, needSaving = 0.0, needArea = 0.0
                for (k, cover) in model.covers.enumerated() {
                    let deficit = cover.requirement - (s.covered[k] - model.contribution(old, year: current.year, to: k))
                    guard deficit > PlanModel.slack(cover.requirement) else { continue }
                    latest = min(latest, cover.last)
                    if cover.kind == .saving { needSaving = max(needSaving, deficit) } else { needArea = max(needArea, deficit) }
                }
                var best: (cost: Double, unit: Int, pick: PlanModel.Pick)?
                func consider(_ v: Int) {
                    for (i, o) in model.units[v].options.enumerated()
                    where o.cost < old.cost - PlanModel.slack(old.cost) && (best == nil || o.cost < best!.cost) && o.saved >= needSaving && o.area >= needArea {
                        if let y = s.tightestYear(for: o.cost, in: o.years, latest: latest, freed: old.cost, freedYear: current.year) {
                            best = (o.cost, v, PlanModel.Pick(option: i, year: y))
                        }
                    }
                }
                consider(u)
                if !model.units[u].mandatory {
                    for v in model.units.indices where s.picks[v] == nil { consider(v) }
                    // Or a better option for a building already in the plan, the same year, paying the difference.
                    for v in model.units.indices where v != u {
                        guard let pv = s.picks[v], pv.year <= latest else { continue }
                        let from = model.units[v].options[pv.option]
                        let left = model.budget[pv.year] - s.used[pv.year] + (pv.year == current.year ? old.cost : 0)
                        for (i, o) in model.units[v].options.enumerated() where i != pv.option && o.years.contains(pv.year) {
                            let extra = o.cost - from.cost
                            guard extra < old.cost - PlanModel.slack(old.cost), best == nil || extra < best!.cost, extra <= left + PlanModel.slack(left),
                                  o.saved - from.saved >= needSaving, o.area - from.area >= needArea, o.saved >= from.saved, o.area >= from.area else { continue }
                            best = (extra, v, PlanModel.Pick(option: i, year: pv.year))
                        }
                    }
                }
                guard let best else { continue }
                s.set(u, nil)
                s.set(best.unit, best.pick)
                improved = true
            }
            if !improved { break }
        }
        return s.picks
    }
}
