import Foundation

/// A building's yearly final energy split into what the actions act on. Invoices give energy per carrier, not
/// per use: the heating carrier is counted as heating (its hot water included), electricity as the other uses,
/// and when heating is electric a share of electricity (`ActionLibrary.electricHeatingShare`, a stated
/// hypothesis) is counted as heating.
public struct EndUses: Sendable, Equatable {
    public var year: Int
    public var heatingCarrier: EnergyCarrier
    /// kWh of final energy for heating, on `heatingCarrier`.
    public var heating: Double
    /// kWh of electricity for the other uses (lighting, equipment, auxiliaries).
    public var electricity: Double
    /// kWh of the other carriers (neither the heating one nor electricity), left as they are.
    public var others: [EnergyCarrier: Double]
    /// True when the heating part of electricity is the library's hypothesis.
    public var heatingShareAssumed: Bool

    public var total: Double { heating + electricity + others.values.reduce(0, +) }

    /// The latest year of measured consumption, nil without any.
    public static func latest(_ b: Building, library: ActionLibrary) -> EndUses? {
        guard let year = b.consumptions.map(\.year).max() else { return nil }
        return of(b, year: year, library: library)
    }

    public static func of(_ b: Building, year: Int, library: ActionLibrary) -> EndUses? {
        var byCarrier: [EnergyCarrier: Double] = [:]
        for c in b.consumptions where c.year == year { byCarrier[c.carrier, default: 0] += c.kWh }
        guard !byCarrier.isEmpty else { return nil }
        // As the assessment does: without a declared heating energy, the largest carrier heats.
        let carrier = b.heatingEnergy.flatMap { byCarrier[$0] != nil ? $0 : nil } ?? byCarrier.max { $0.value < $1.value }!.key
        var electricity = byCarrier.removeValue(forKey: .electricite) ?? 0
        var heating: Double, assumed = false
        if carrier == .electricite {
            heating = electricity * library.electricHeatingShare.value
            electricity -= heating
            assumed = true
        } else {
            heating = byCarrier.removeValue(forKey: carrier) ?? 0
        }
        return EndUses(year: year, heatingCarrier: carrier, heating: heating, electricity: electricity, others: byCarrier, heatingShareAssumed: assumed)
    }

    /// Final energy per carrier.
    public var byCarrier: [EnergyCarrier: Double] {
        var out = others
        out[heatingCarrier, default: 0] += heating
        out[.electricite, default: 0] += electricity
        return out.filter { $0.value > 0 }
    }
}

/// The settings a collectivité may change: energy prices per carrier, discount rate, horizon of the NPV.
public struct EconomicSettings: Codable, Sendable, Equatable {
    /// € per kWh by carrier; a carrier without a price is left out of the bill (said on the page).
    public var prices: [EnergyCarrier: Double]
    /// Discount rate of the net present value, e.g. 0.04.
    public var discountRate: Double
    /// Years over which savings are counted in the net present value.
    public var horizon: Int
    /// The year whose primary-energy factor applies (electricity 1.9 from 2026).
    public var year: Int

    public init(prices: [EnergyCarrier: Double], discountRate: Double = 0.04, horizon: Int = 20, year: Int = 2026) {
        self.prices = prices
        self.discountRate = discountRate
        self.horizon = horizon
        self.year = year
    }

    /// The library's prices (sourced, dated), a 4 % rate (the CEE's own convention) over 20 years.
    public init(library: ActionLibrary) {
        self.init(prices: Dictionary(uniqueKeysWithValues: library.energyPrices.compactMap { key, p in EnergyCarrier(rawValue: key).map { ($0, p.eurPerKWh) } }))
    }

    /// Σ_{t=1}^{horizon} (1+r)^−t: the present value of 1 € saved each year.
    public var annuityFactor: Double {
        discountRate == 0 ? Double(horizon) : (1 - pow(1 + discountRate, -Double(horizon))) / discountRate
    }
}

/// One action as chosen in a scenario, with the quantity and cost the user may have set (a quote replaces the
/// library's range).
public struct ActionChoice: Codable, Sendable, Equatable {
    public var action: String
    public var quantity: Double?
    public var costLow: Double?
    public var costHigh: Double?

    public init(action: String, quantity: Double? = nil, costLow: Double? = nil, costHigh: Double? = nil) {
        self.action = action
        self.quantity = quantity
        self.costLow = costLow
        self.costHigh = costHigh
    }
}

/// A package of actions for one building: generated (quick wins, −40 %, deep renovation) or built by the user.
public struct ScenarioSpec: Codable, Sendable, Equatable, Identifiable {
    public enum Kind: String, Codable, Sendable {
        case gestesRapides = "gestes_rapides", objectif40 = "objectif_40", renovationGlobale = "renovation_globale", personnalise

        public var label: String {
            switch self {
            case .gestesRapides: "Gestes rapides"
            case .objectif40: "Objectif −40 %"
            case .renovationGlobale: "Rénovation globale"
            case .personnalise: "Scénario personnalisé"
            }
        }
    }
    public var id: String
    public var kind: Kind
    public var name: String
    public var actions: [ActionChoice]

    public init(id: String, kind: Kind, name: String, actions: [ActionChoice]) {
        self.id = id
        self.kind = kind
        self.name = name
        self.actions = actions
    }
}

/// One action's effect within a scenario, in the order applied.
public struct ActionEffect: Sendable, Equatable {
    public var action: String
    public var label: String
    public var quantity: Double?
    public var assiette: RenovationAction.Assiette?
    /// kWh of final energy saved per year by this action, on what remained after the previous ones.
    public var savedKWh: Double
    /// The share of its end use it saves (deemed saving ÷ the end use before the scenario), nil when not quantified.
    public var fraction: Double?
    public var costLow: Double?
    public var costHigh: Double?
    /// kWh cumac of the CEE fiche, when one applies.
    public var cumac: Double?
    /// Sentences on how the figures were obtained, with the status of each value.
    public var notes: [String]
}

/// What a scenario costs and saves.
public struct ScenarioResult: Sendable, Equatable {
    public var spec: ScenarioSpec
    public var effects: [ActionEffect]
    /// Actions of the spec that do not apply to the building, with the reason.
    public var excluded: [(action: String, reason: String)]
    public var before: EndUses
    public var after: EndUses
    public var costLow: Double
    public var costHigh: Double
    /// Actions whose cost the library does not give: the total is then a lower bound.
    public var uncosted: [String]
    public var finalSaved: Double { before.total - after.total }
    public var finalSavedShare: Double { before.total > 0 ? finalSaved / before.total : 0 }
    public var primaryBefore: Double
    public var primaryAfter: Double
    public var ghgBefore: Double
    public var ghgAfter: Double
    /// True when a carrier had no emission factor (district heating): the GHG figures leave it out.
    public var ghgPartial: Bool
    public var billBefore: Double
    public var billAfter: Double
    /// Carriers without a price, left out of the bills.
    public var unpriced: [EnergyCarrier]
    public var billSaved: Double { billBefore - billAfter }
    /// Years to pay back the cost from the bill saved (nil when nothing is saved).
    public var paybackLow: Double? { billSaved > 0 ? costLow / billSaved : nil }
    public var paybackHigh: Double? { billSaved > 0 ? costHigh / billSaved : nil }
    /// Net present value at the high and low costs.
    public var npvLow: Double
    public var npvHigh: Double
    public var labelBefore: String
    public var labelAfter: String
    /// Reaches the DDADUE's "haut niveau de performance" (the deep renovation package).
    public var highPerformance: Bool
    /// kWh cumac of the certificates the actions may earn.
    public var cumac: Double
    /// Why the scenario does not do what its name says (a −40 % package short of −40 %, a deep renovation whose
    /// envelope cannot be quantified), nil when it does.
    public var caveat: String?
    /// Whether the stock plan may choose it: every action priced, something saved, and not a deep renovation priced
    /// as one but without its envelope (its cost would buy savings the scenario cannot count).
    public var plannable: Bool { uncosted.isEmpty && finalSaved > 0 && !(spec.kind == .renovationGlobale && caveat != nil) }

    public static func == (a: ScenarioResult, b: ScenarioResult) -> Bool {
        a.spec == b.spec && a.effects == b.effects && a.costLow == b.costLow && a.costHigh == b.costHigh && a.after == b.after
    }
}

/// Applies scenarios to buildings with the action library.
public struct ScenarioEngine: Sendable {
    public let library: ActionLibrary
    public let climate: ClimateTable
    public let settings: EconomicSettings

    public init(library: ActionLibrary, climate: ClimateTable, settings: EconomicSettings) {
        self.library = library
        self.climate = climate
        self.settings = settings
    }

    /// "H1", "H2", "H3" from the département's RT2012 zone ("H1a" → "H1"), nil when unknown.
    public func zone(of b: Building) -> String? {
        climate.departements[b.departement]?.zone.map { String($0.prefix(2)) }
    }

    /// Whether an action applies to the building, or why not.
    public func applicability(_ a: RenovationAction, _ b: Building, _ profile: WorksProfile, heating: EnergyCarrier?) -> String? {
        for r in a.requires {
            switch profile.holds(r, heating: heating) {
            case .some(true): continue
            case .some(false): return "ne s'applique pas à ce bâtiment"
            case .none: return "à préciser : \(r.question)"
            }
        }
        return nil
    }

    /// The action's quantity (its assiette) for the building, nil when it needs a characteristic the profile lacks.
    func quantity(_ assiette: RenovationAction.Assiette, _ b: Building, _ profile: WorksProfile) -> (value: Double, note: String?)? {
        let levels = profile.levels ?? library.deepRenovation.levels.default
        let levelsNote = profile.levels == nil ? "\(levels) niveaux supposés (\(library.deepRenovation.levels.status.label))" : nil
        switch assiette {
        case .surface: return (b.area, nil)
        case .toiture, .plancher: return (b.area / Double(max(levels, 1)), levelsNote)
        case .murs: return profile.wallArea.map { ($0, nil) }
        case .fenetres: return profile.singleGlazingArea.map { ($0, nil) }
        }
    }

    /// Deemed saving of a CEE fiche for the building: kWh cumac for heating and for lighting.
    func cumac(_ s: RenovationAction.Saving, _ b: Building, quantity: Double, heating: EnergyCarrier) -> (heating: Double, lighting: Double)? {
        guard let zone = zone(of: b) else { return nil }
        let sector = CEESector(b.usage)
        func bySector(_ table: [String: Double]?) -> Double? {
            guard let table else { return nil }
            return table[sector.rawValue] ?? sector.fallback.flatMap { table[$0.rawValue] }
        }
        if let zf = s.zoneFactor?[zone] {
            guard let h = bySector(s.heatingBySector) else { return nil }
            return (h * zf * quantity, (bySector(s.lightingBySector) ?? 0) * zf * quantity)
        }
        let table = heating == .electricite ? (s.byZoneElectric ?? s.byZone) : s.byZone
        guard let forfait = table?[zone], let factor = bySector(s.sectorFactor) else { return nil }
        return (forfait * factor * quantity, 0)
    }

    /// The scenario applied in order: each action saves a share of its end use as it was before the scenario
    /// (its deemed saving ÷ that end use), taken from what the previous actions left, so savings multiply
    /// (1 − (1 − a)(1 − b)) and never add up past the consumption.
    public func evaluate(_ spec: ScenarioSpec, building b: Building, profile: WorksProfile, uses: EndUses) -> ScenarioResult {
        var state = uses
        var effects: [ActionEffect] = [], excluded: [(String, String)] = [], uncosted: [String] = []
        var costLow = 0.0, costHigh = 0.0, totalCumac = 0.0
        for choice in spec.actions {
            guard let a = library.action(choice.action) else { excluded.append((choice.action, "action inconnue de la bibliothèque")); continue }
            if a.switchTo != nil, state.heatingCarrier != uses.heatingCarrier {
                excluded.append((a.id, "le chauffage est déjà remplacé dans ce scénario")); continue
            }
            if let why = applicability(a, b, profile, heating: state.heatingCarrier) { excluded.append((a.id, why)); continue }
            var notes: [String] = []
            let beforeTotal = state.total
            var quantity: Double?
            if let assiette = a.saving.assiette {
                guard let q = choice.quantity ?? self.quantity(assiette, b, profile)?.value else {
                    excluded.append((a.id, "à préciser : la surface concernée (\(assiette.label))")); continue
                }
                quantity = q
                if choice.quantity == nil, let n = self.quantity(assiette, b, profile)?.note { notes.append(n) }
            }
            var fraction: Double?, cumac: Double?
            switch a.saving.kind {
            case .percent:
                let f = a.saving.fraction ?? 0
                fraction = f
                state.heating *= 1 - f
                state.electricity *= 1 - f
                state.others = state.others.mapValues { $0 * (1 - f) }
                notes.append("\(Figures.decimal(f * 100, 0)) % de toutes les consommations (\(a.saving.status.label)) : \(a.saving.source)")
            case .cee:
                guard let q = quantity, let deemed = self.cumac(a.saving, b, quantity: q, heating: state.heatingCarrier) else {
                    notes.append("Économie non chiffrée : la fiche \(a.saving.fiche ?? "") ne donne pas de forfait pour ce secteur ou cette zone climatique")
                    break
                }
                cumac = deemed.heating + deemed.lighting
                guard let life = a.lifetime else {
                    notes.append("Économie non chiffrée : durée de vie conventionnelle de la fiche \(a.saving.fiche ?? "") inconnue, les kWh cumac ne se ramènent pas à une année")
                    break
                }
                let factor = ActionLibrary.cumacFactor(years: life.years)
                let fh = uses.heating > 0 ? min(1, deemed.heating / factor / uses.heating) : 0
                let fl = uses.electricity > 0 ? min(1, deemed.lighting / factor / uses.electricity) : 0
                fraction = fh
                state.heating *= 1 - fh
                state.electricity *= 1 - fl
                notes.append("Fiche \(a.saving.fiche ?? "") \(a.saving.version ?? "") (\(a.saving.status.label)) : \(Figures.integer(deemed.heating + deemed.lighting)) kWh cumac ÷ \(Figures.decimal(factor, 3)) (durée de vie \(life.years) ans, \(life.status.label)) = \(Figures.integer((deemed.heating + deemed.lighting) / factor)) kWh/an")
                if deemed.heating / factor > 0.8 * uses.heating {
                    notes.append("L'économie forfaitaire dépasse 80 % du chauffage mesuré : un audit doit la confirmer")
                }
            case .none:
                notes.append("Économie non chiffrée : \(a.saving.source)")
            }
            if let to = a.switchTo, to != state.heatingCarrier {
                notes.append("Le chauffage passe de « \(state.heatingCarrier.label) » à « \(to.label) »")
                state.heatingCarrier = to
            }
            // The cost: the user's quote, else the library's range.
            var low: Double?, high: Double?
            if let l = choice.costLow ?? choice.costHigh {
                low = l
                high = choice.costHigh ?? l
                notes.append("Coût saisi par la collectivité")
            } else if let c = a.cost {
                let units: Double? = switch c.unit {
                case .forfait: 1
                case .eurM2Surface: b.area
                case .eurM2Assiette: quantity
                case .eurKW: profile.heatingPowerKW ?? a.power.map { b.area * $0.wattsPerM2 / 1000 }
                }
                if let u = units {
                    low = c.low * u
                    high = c.high * u
                    notes.append("Coût \(Figures.published(c.low))–\(Figures.published(c.high)) \(Self.unitLabel(c.unit, a)) (\(c.status.label)) : \(c.source)")
                    if c.unit == .eurKW, profile.heatingPowerKW == nil, let p = a.power {
                        notes.append("Puissance \(Figures.integer(u)) kW = \(Figures.integer(p.wattsPerM2)) W/m² × surface (\(p.status.label))")
                    }
                }
            }
            if let low, let high { costLow += low; costHigh += high } else { uncosted.append(a.id) }
            totalCumac += cumac ?? 0
            effects.append(ActionEffect(action: a.id, label: a.label, quantity: quantity, assiette: a.saving.assiette, savedKWh: beforeTotal - state.total,
                                        fraction: fraction, costLow: low, costHigh: high, cumac: cumac, notes: notes))
        }
        if spec.kind == .renovationGlobale {
            // A deep renovation costs what comparable whole operations cost (ventilation and lighting included), at
            // least the sum of its priced actions: the benchmark covers the actions the library does not price.
            let c = library.deepRenovation.cost
            costLow = max(costLow, c.low * b.area)
            costHigh = max(costHigh, c.high * b.area)
            uncosted = []
        }
        let (primaryBefore, ghgBefore, ghgPartialBefore) = impact(uses)
        let (primaryAfter, ghgAfter, ghgPartialAfter) = impact(state)
        let (billBefore, unpricedBefore) = bill(uses)
        let (billAfter, unpricedAfter) = bill(state)
        let saved = billBefore - billAfter
        let scale = b.usage.scale
        return ScenarioResult(
            spec: spec, effects: effects, excluded: excluded, before: uses, after: state, costLow: costLow, costHigh: costHigh, uncosted: uncosted,
            primaryBefore: primaryBefore, primaryAfter: primaryAfter, ghgBefore: ghgBefore, ghgAfter: ghgAfter, ghgPartial: ghgPartialBefore || ghgPartialAfter,
            billBefore: billBefore, billAfter: billAfter, unpriced: Array(Set(unpricedBefore + unpricedAfter)).sorted { $0.rawValue < $1.rawValue },
            npvLow: saved * settings.annuityFactor - costHigh, npvHigh: saved * settings.annuityFactor - costLow,
            labelBefore: b.area > 0 ? scale.label(kWhEPPerM2: primaryBefore / b.area) : "–",
            labelAfter: b.area > 0 ? scale.label(kWhEPPerM2: primaryAfter / b.area) : "–",
            highPerformance: spec.kind == .renovationGlobale, cumac: totalCumac, caveat: caveat(spec, effects: effects, saved: uses.total - state.total, of: uses.total))
    }

    /// The unit of a library cost, as the notes and the works tab write it.
    private func caveat(_ spec: ScenarioSpec, effects: [ActionEffect], saved: Double, of total: Double) -> String? {
        switch spec.kind {
        case .objectif40 where total > 0 && saved / total < 0.4:
            return "N'atteint pas −40 % (−\(Figures.decimal(saved / total * 100, 0)) %) avec les actions chiffrables : renseignez les caractéristiques du bâtiment (toiture, murs, plancher, fenêtres, GTB) ou saisissez un scénario chiffré."
        case .renovationGlobale where !effects.contains { e in library.action(e.action)?.category == .enveloppe && (e.fraction ?? 0) > 0 }:
            return "Non chiffrable sans les caractéristiques de l'enveloppe (toiture, murs, plancher, fenêtres) : ses économies ne sont pas connues, elle n'entre pas dans le plan."
        default:
            return nil
        }
    }

    public static func unitLabel(_ unit: RenovationAction.Cost.Unit, _ a: RenovationAction) -> String {
        switch unit {
        case .forfait: "€"
        case .eurM2Surface: "€/m² de surface"
        case .eurM2Assiette: "€/\((a.saving.assiette ?? .surface).label)"
        case .eurKW: "€/kW"
        }
    }

    /// Primary energy (kWh) and GHG (kg) of a consumption split, with the factors of `settings.year`.
    func impact(_ u: EndUses) -> (primary: Double, ghg: Double, partial: Bool) {
        var primary = 0.0, ghg = 0.0, partial = false
        for (carrier, kWh) in u.byCarrier {
            primary += kWh * Factors.primary(carrier, year: settings.year)
            let isHeating = carrier == u.heatingCarrier
            if carrier == .electricite, u.heatingCarrier == .electricite {
                // Electricity both heats and lights: each part with its factor.
                ghg += u.heating * Factors.ghg(.electricite, isHeating: true)! + u.electricity * Factors.ghg(.electricite, isHeating: false)!
            } else if let f = Factors.ghg(carrier, isHeating: isHeating) {
                ghg += kWh * f
            } else {
                partial = true
            }
        }
        return (primary, ghg, partial)
    }

    func bill(_ u: EndUses) -> (eur: Double, unpriced: [EnergyCarrier]) {
        var eur = 0.0, unpriced: [EnergyCarrier] = []
        for (carrier, kWh) in u.byCarrier {
            if let p = settings.prices[carrier] { eur += kWh * p } else { unpriced.append(carrier) }
        }
        return (eur, unpriced)
    }

    /// The three generated packages. Quick wins: management and controls. −40 %: quick wins, then the applicable
    /// actions with a cost and a saving, cheapest kWh first, until final energy is down 40 % (the level the Fonds
    /// vert and EduRénov ask). Deep renovation: every applicable action, at the cost of comparable renovations.
    public func generated(for b: Building, profile: WorksProfile, uses: EndUses) -> [ScenarioResult] {
        let quickIDs = library.actions.filter { $0.category == .gestion || $0.category == .regulation }.map(\.id)
        let quick = evaluate(ScenarioSpec(id: "gestes-rapides", kind: .gestesRapides, name: ScenarioSpec.Kind.gestesRapides.label,
                                          actions: quickIDs.map { ActionChoice(action: $0) }), building: b, profile: profile, uses: uses)
        // Candidates beyond the quick wins, alone on the building, ranked by cost per kWh saved.
        let others = library.actions.filter { !quickIDs.contains($0.id) }.compactMap { a -> (String, Double)? in
            let alone = evaluate(ScenarioSpec(id: a.id, kind: .personnalise, name: a.label, actions: [ActionChoice(action: a.id)]), building: b, profile: profile, uses: uses)
            guard let e = alone.effects.first, e.savedKWh > 0, let high = e.costHigh, let low = e.costLow else { return nil }
            return (a.id, (low + high) / 2 / e.savedKWh)
        }.sorted { $0.1 < $1.1 }.map(\.0)
        var chosen = quick.effects.map { ActionChoice(action: $0.action) }
        var forty = evaluate(ScenarioSpec(id: "objectif-40", kind: .objectif40, name: ScenarioSpec.Kind.objectif40.label, actions: chosen), building: b, profile: profile, uses: uses)
        for id in others where forty.finalSavedShare < 0.4 {
            let tried = evaluate(ScenarioSpec(id: "objectif-40", kind: .objectif40, name: ScenarioSpec.Kind.objectif40.label,
                                              actions: chosen + [ActionChoice(action: id)]), building: b, profile: profile, uses: uses)
            // A second heating replacement is refused by `evaluate`: it is not kept.
            if tried.effects.count > forty.effects.count { chosen.append(ActionChoice(action: id)); forty = tried }
        }
        // Every action but energy production (a renovation reduces what is consumed), envelope first, then systems:
        // the order a deep renovation follows (and the Fonds vert asks).
        let order: [RenovationAction.Category] = [.gestion, .enveloppe, .ventilation, .chauffage, .regulation, .eclairage]
        let deepChoices = library.actions.enumerated().filter { order.contains($0.element.category) }.sorted { x, y in
            let (cx, cy) = (order.firstIndex(of: x.element.category) ?? order.count, order.firstIndex(of: y.element.category) ?? order.count)
            return cx != cy ? cx < cy : x.offset < y.offset
        }.map { ActionChoice(action: $0.element.id) }
        let deep = evaluate(ScenarioSpec(id: "renovation-globale", kind: .renovationGlobale, name: ScenarioSpec.Kind.renovationGlobale.label,
                                         actions: deepChoices), building: b, profile: profile, uses: uses)
        return [quick, forty, deep]
    }
}
