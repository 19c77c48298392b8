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
    static func construct(_ model: PlanModel, lambda: [Double]? = nil) -> [PlanModel.Pick?]? {
        var s = PlanState(model)
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
        for u in mandatory {
            var best: (cost: Double, pick: PlanModel.Pick)?
            for (i, o) in model.units[u].options.enumerated() where best == nil || o.cost < best!.cost {
                if let y = s.tightestYear(for: o.cost, in: o.years, latest: .max) { best = (o.cost, PlanModel.Pick(option: i, year: y)) }
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
            for (u, unit) in model.units.enumerated() {
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

    /// Local search from a feasible plan: drop works no requirement needs, then replace a work by a cheaper one (of
    /// the same building or of an untouched one, in any year with money left) that keeps every requirement met,
    /// until no move lowers the cost or `passes` rounds are done.
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
