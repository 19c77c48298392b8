import BundledData
import Foundation
import Testing
@testable import Renovation

/// Scenarios on a hand-made 1,200 m² school (test fixture, not real data) with the shipped action library: the
/// expected figures are worked by hand from the library's published values (written as literals below).
@Suite struct ScenarioTests {
    static let library = try! RenovationData.actionLibrary()
    /// Zone H2 (factor 0.9 in BAT-TH-116), degree-days 2019-2023 mean 2,200.
    static let climate = ClimateTable(departements: ["29": .init(degreeDays: [2019: 2300, 2020: 2100, 2021: 2400, 2022: 2200, 2023: 2000],
                                                                 coolingDegreeDays: [:], zone: "H2a")])
    static let school = Building(id: "E", owner: "commune:29019", name: "École Jules Ferry", communeCode: "29019", usage: .ecole, area: 1200,
                                 heatingEnergy: .gazNaturel,
                                 consumptions: [Consumption(carrier: .gazNaturel, year: 2024, kWh: 150_000, original: "150 000 kWh"),
                                                Consumption(carrier: .electricite, year: 2024, kWh: 40_000, original: "40 000 kWh")],
                                 source: "fixture faite à la main")
    static let profile = WorksProfile(levels: 2, roof: .combles, wallsInsulated: false, wallArea: 900, floorOverUnheated: true,
                                      singleGlazingArea: 120, hasBACS: false, heatNetworkNearby: false, ventilation: .naturelle)
    static let engine = ScenarioEngine(library: library, climate: climate, settings: EconomicSettings(library: library))

    func near(_ a: Double, _ b: Double, _ tolerance: Double = 1) -> Bool { abs(a - b) <= tolerance }

    @Test func cumacFactorMatchesTheSchemesWorkedExamples() {
        // F(10) = 8.435 (50 kWh/yr for 10 years ≈ 420 kWh cumac), F(15) = 11.563, F(30) = 17.984.
        #expect(near(ActionLibrary.cumacFactor(years: 10), 8.435, 0.001))
        #expect(near(ActionLibrary.cumacFactor(years: 15), 11.563, 0.001))
        #expect(near(ActionLibrary.cumacFactor(years: 30), 17.984, 0.001))
    }

    @Test func endUsesSplitByCarrier() throws {
        let u = try #require(EndUses.latest(Self.school, library: Self.library))
        #expect(u.heatingCarrier == .gazNaturel && u.heating == 150_000 && u.electricity == 40_000 && !u.heatingShareAssumed)
        // Electric heating: the library's 60 % hypothesis, said.
        var electric = Self.school
        electric.heatingEnergy = .electricite
        electric.consumptions = [Consumption(carrier: .electricite, year: 2024, kWh: 100_000, original: "100 000 kWh")]
        let e = try #require(EndUses.latest(electric, library: Self.library))
        #expect(near(e.heating, 60_000, 1e-6) && near(e.electricity, 40_000, 1e-6) && e.heatingShareAssumed)
    }

    /// Quick wins = sobriety (−11 % of every use) then a class B GTB (BAT-TH-116, Enseignement: 100 kWh cumac/m²
    /// for heating, 21 for lighting, × 0.9 in H2, over a 15-year life, F(15) = 11.5631).
    @Test func quickWinsCompoundByHand() throws {
        let uses = try #require(EndUses.latest(Self.school, library: Self.library))
        let quick = Self.engine.generated(for: Self.school, profile: Self.profile, uses: uses)[0]
        #expect(quick.spec.kind == .gestesRapides)
        #expect(quick.effects.map(\.action) == ["sobriete", "gtb_classe_b"])
        let gtbHeating = 100 * 0.9 * 1200 / 11.5631 / 150_000        // 0.06227 of the heating before the scenario
        let gtbLighting = 21 * 0.9 * 1200 / 11.5631 / 40_000         // 0.04904 of the electricity
        let heating = 150_000 * 0.89 * (1 - gtbHeating)               // 125,187 kWh
        let electricity = 40_000 * 0.89 * (1 - gtbLighting)           // 33,854 kWh
        #expect(near(quick.after.heating, heating))
        #expect(near(quick.after.electricity, electricity))
        #expect(near(quick.finalSaved, 190_000 - heating - electricity))
        // Savings multiply: less than the sum of the two actions' shares taken alone.
        #expect(quick.finalSavedShare < 0.11 + (100 * 0.9 * 1200 + 21 * 0.9 * 1200) / 11.5631 / 190_000)
        // GTB 70-90 €/m² × 1,200 m²; sobriety costs nothing.
        #expect(quick.costLow == 84_000 && quick.costHigh == 108_000)
        // Bill: gas 0.1036 €/kWh, electricity 0.2016 €/kWh (the library's dated prices).
        #expect(near(quick.billBefore, 150_000 * 0.1036 + 40_000 * 0.2016, 1e-6))
        #expect(near(quick.billAfter, heating * 0.1036 + electricity * 0.2016, 0.01))
    }

    /// −40 %: the quick wins, then the cheapest kWh first. Alone on the building: floor 28-43 €/m² × 600 m² for
    /// 4,200 × 0.6 × 600 / 17.984 = 84,075 kWh (0.25 €/kWh) comes before the attic (12.5-47 €/m² × 600 m², 42,037 kWh,
    /// 0.42 €/kWh); the floor alone takes the school past −40 %.
    @Test func fortyPercentPackageStopsWhenReached() throws {
        let uses = try #require(EndUses.latest(Self.school, library: Self.library))
        let forty = Self.engine.generated(for: Self.school, profile: Self.profile, uses: uses)[1]
        #expect(forty.effects.map(\.action) == ["sobriete", "gtb_classe_b", "plancher_bas"])
        let floor = 4200 * 0.6 * 600 / 17.9837 / 150_000
        let heating = 150_000 * 0.89 * (1 - 100 * 0.9 * 1200 / 11.5631 / 150_000) * (1 - floor)
        #expect(near(forty.after.heating, heating))
        #expect(forty.finalSavedShare >= 0.4)
        #expect(near(forty.costLow, 84_000 + 28 * 600, 1e-6) && near(forty.costHigh, 108_000 + 43 * 600, 1e-6))
    }

    @Test func deepRenovationCostsAtLeastComparableOperationsAndSwitchesHeating() throws {
        let uses = try #require(EndUses.latest(Self.school, library: Self.library))
        let deep = Self.engine.generated(for: Self.school, profile: Self.profile, uses: uses)[2]
        // Envelope first, then systems; the heat pump replaces the gas boiler (no heat network nearby).
        #expect(deep.effects.map(\.action).prefix(2) == ["sobriete", "combles"])
        #expect(deep.after.heatingCarrier == .electricite)
        // The library's figures as published: 12,5 €/m², not rounded to 13.
        #expect(deep.effects.first { $0.action == "combles" }?.notes.contains { $0.hasPrefix("Coût 12,5–47 €/m² de toiture") } == true)
        #expect(deep.excluded.contains { $0.action == "reseau_chaleur" })
        // 1,000-1,350 €/m² (Strasbourg's BBC renovations) × 1,200 m² bounds the cost from below.
        #expect(deep.costLow >= 1_200_000 && deep.costHigh >= 1_620_000)
        #expect(deep.highPerformance && deep.caveat == nil && deep.plannable)
        // The benchmark covers the actions the library does not price (ventilation, lighting): the scenario can be planned.
        #expect(deep.uncosted.isEmpty && !deep.effects.contains { $0.action == "photovoltaique" })
        // Never more saved than consumed.
        #expect(deep.after.heating >= 0 && deep.finalSavedShare < 1)
    }

    @Test func unknownCharacteristicsExcludeEnvelopeActionsAndSayWhy() throws {
        let uses = try #require(EndUses.latest(Self.school, library: Self.library))
        let deep = Self.engine.generated(for: Self.school, profile: .unknown, uses: uses)[2]
        #expect(!deep.effects.contains { $0.action == "combles" })
        #expect(deep.excluded.first { $0.action == "combles" }?.reason.contains("type de toiture") == true)
        // Without its envelope, a deep renovation priced as one is said to be unquantifiable and kept out of the plan.
        #expect(deep.caveat?.hasPrefix("Non chiffrable sans les caractéristiques de l'enveloppe") == true && !deep.plannable)
    }

    @Test func userQuoteReplacesTheLibraryCost() throws {
        let uses = try #require(EndUses.latest(Self.school, library: Self.library))
        let spec = ScenarioSpec(id: "x", kind: .personnalise, name: "Combles seulement", actions: [ActionChoice(action: "combles", costLow: 20_000, costHigh: 25_000)])
        let r = Self.engine.evaluate(spec, building: Self.school, profile: Self.profile, uses: uses)
        #expect(r.costLow == 20_000 && r.costHigh == 25_000)
        // 2,100 × 0.6 × 600 m² ÷ F(30) = 42,037 kWh of heating a year.
        #expect(near(r.finalSaved, 2100 * 0.6 * 600 / 17.9837))
        // NPV at 4 % over 20 years (annuity 13.5903) at the high cost.
        #expect(near(r.npvLow, r.billSaved * 13.5903 - 25_000, 1))
    }
}

@Suite struct TrajectoryTests {
    @Test func decretTertiaireFromTheHighestReferenceYear() {
        // 2019 (DJU 2,300 vs the 2,200 mean) is the highest of 2010-2019 once corrected; latest 2023 (DJU 2,000).
        let b = Building(id: "M", owner: "o", name: "Mairie", communeCode: "29019", usage: .administration, area: 1500, heatingEnergy: .gazNaturel,
                         consumptions: [Consumption(carrier: .gazNaturel, year: 2015, kWh: 200_000, original: ""),
                                        Consumption(carrier: .gazNaturel, year: 2019, kWh: 230_000, original: ""),
                                        Consumption(carrier: .gazNaturel, year: 2023, kWh: 150_000, original: "")],
                         source: "fixture faite à la main")
        let t = TertiaryTrajectory.of(b, climate: ScenarioTests.climate)
        #expect(t.subject)
        // 2015 has no degree-days: compared raw (200,000); 2019: 230,000 × 2,200 / 2,300 = 220,000 → the reference.
        #expect(t.reference?.year == 2019)
        #expect(abs(t.reference!.compared - 220_000) < 1e-6)
        // 2030: 220,000 × 0.6 = 132,000; latest 2023 corrected 150,000 × 2,200 / 2,000 = 165,000 → gap 33,000.
        #expect(abs(t.milestones[0].target - 132_000) < 1e-6)
        #expect(abs(t.milestones[0].gap - 33_000) < 1e-6)
        #expect(abs(t.milestones[2].target - 88_000) < 1e-6)
        // An absolute level higher than the relative target is the one to meet: 100 kWh/m² × 1,500 = 150,000.
        let withCabs = TertiaryTrajectory.of(b, climate: ScenarioTests.climate, cabs: [2030: 100])
        #expect(withCabs.milestones[0].target == 150_000 && withCabs.milestones[0].absolute)
    }

    @Test func ddadueStraightLineFrom2021() {
        let a = Building(id: "A", owner: "o", name: "A", communeCode: "29019", usage: .ecole, area: 400,
                         consumptions: [Consumption(carrier: .electricite, year: 2021, kWh: 100_000, original: ""),
                                        Consumption(carrier: .electricite, year: 2024, kWh: 90_000, original: "")], source: "fixture")
        let b = Building(id: "B", owner: "o", name: "B", communeCode: "29019", usage: .ecole, area: 200,
                         consumptions: [Consumption(carrier: .electricite, year: 2024, kWh: 10_000, original: "")], source: "fixture")
        let s = StockTrajectory.of([a, b])
        // B has no 2021: its first later year (2024, 10,000 kWh) stands in, said.
        #expect(s.baseline2021 == 110_000 && s.proxied == ["B"] && s.latest == 100_000 && s.latestYears == 2024...2024)
        // 2030: 110,000 × (1 − 0.019 × 9) = 91,190.
        #expect(abs(s.targets.first { $0.year == 2030 }!.target - 91_190) < 1e-6)
        // Only A is over 250 m²: 3 % of 400 m² a year.
        #expect(s.largeArea == 400 && abs(s.yearlyHighPerformanceArea - 12) < 1e-9)
    }

    @Test func bacsByPower() {
        #expect(BACS.status(WorksProfile(heatingPowerKW: 300), today: 2026) == .due(deadline: "1er janvier 2025", overdue: true))
        #expect(BACS.status(WorksProfile(heatingPowerKW: 100), today: 2026) == .due(deadline: "1er janvier 2030", overdue: false))
        #expect(BACS.status(WorksProfile(heatingPowerKW: 50), today: 2026) == .notSubject)
        #expect(BACS.status(WorksProfile(hasBACS: true, heatingPowerKW: 500), today: 2026) == .equipped)
        #expect(BACS.status(.unknown, today: 2026) == .unknownPower)
    }

    @Test func financingMatchesTheFortyPercentRule() throws {
        let uses = try #require(EndUses.latest(ScenarioTests.school, library: ScenarioTests.library))
        let results = ScenarioTests.engine.generated(for: ScenarioTests.school, profile: ScenarioTests.profile, uses: uses)
        let quick = Financing.match(results[0], building: ScenarioTests.school, library: ScenarioTests.library)
        let forty = Financing.match(results[1], building: ScenarioTests.school, library: ScenarioTests.library)
        #expect(quick.matches.first { $0.scheme.hasPrefix("Fonds vert") }?.eligible == false)
        #expect(forty.matches.first { $0.scheme.hasPrefix("Fonds vert") }?.eligible == true)
        #expect(forty.matches.first { $0.scheme.hasPrefix("EduRénov") }?.eligible == true)
        // CEE: GTB (100 + 21) × 0.9 × 1,200 + floor 4,200 × 0.6 × 600 kWh cumac at 8.34 €/MWh cumac.
        let cee = ((100.0 + 21) * 0.9 * 1200 + 4200 * 0.6 * 600) / 1000 * 8.34
        #expect(abs(forty.matches[0].amount! - cee) < 0.01)
        #expect(abs(forty.remainingAtCeiling - (forty.remainingWithoutGrants + cee) * 0.2) < 0.01)
    }
}

@Suite struct StockPlanningTests {
    /// An all-electric school (190,000 kWh in 2024) with unknown characteristics can only do sobriety (−11 %,
    /// 20,900 kWh; a heat pump replaces fossil heating only, the envelope and the GTB need the characteristics), so
    /// its −40 % 2030 obligation (76,000 kWh, provisional: no 2010-2019 year) is out of reach: listed, and left out of
    /// the problem.
    @Test func unreachableRequirementsAreListedAndTheRestPlanned() throws {
        var school = ScenarioTests.school
        school.heatingEnergy = .electricite
        school.consumptions = [Consumption(carrier: .electricite, year: 2024, kWh: 190_000, original: "190 000 kWh")]
        let planning = StockPlanning(engine: ScenarioTests.engine, today: 2026)
        let settings = WorksSettings(economics: ScenarioTests.engine.settings, firstYear: 2027, lastYear: 2030)
        let plan = planning.plan([school], profiles: [:], userScenarios: [:], settings: settings, budget: nil, areaTargets: false)
        let u = try #require(plan.unreachable.first { $0.kind == .tertiary(building: "E") && $0.year == 2030 })
        #expect(abs(u.required - 76_000) < 1e-6)
        #expect(abs(u.best - 190_000 * 0.11) < 1e-6)
        #expect(plan.problem.candidates.first?.obligations.isEmpty == true)
        // DDADUE 2030 from the 2024 base standing in for 2021: 190,000 × (1 − 0.171) = 157,510 kWh, 32,490 kWh to save:
        // sobriety alone (20,900) cannot either, so that milestone is listed too and nothing is left to plan.
        #expect(plan.unreachable.contains { $0.kind == .stock && $0.year == 2030 && abs($0.required - 32_490) < 1e-6 })
        #expect(plan.outcome.plan?.works.isEmpty == true)
        // Its −40 % package says it falls short: −11 %.
        let forty = try #require(plan.works.first?.scenarios.map(\.result).first { $0.spec.kind == .objectif40 })
        #expect(forty.caveat?.hasPrefix("N'atteint pas −40 % (−11 %)") == true)
    }
}
