import Foundation

/// The works of one building, as its « Travaux » tab and its API show them: the three generated scenarios and
/// the owner's, each with its funding, beside the building's Décret tertiaire trajectory and BACS status.
public struct BuildingWorks: Sendable {
    public struct Scenario: Sendable {
        public var result: ScenarioResult
        public var funding: FundingPlan
        /// Share of the 2030 gap the scenario closes (see `gapCovered`), nil without a reference year.
        public var gap2030Covered: Double?
        public var generated: Bool
    }

    public var building: Building
    public var profile: WorksProfile
    public var settings: EconomicSettings
    /// The latest measured year split by end use; nil without measured consumption (then no scenario).
    public var uses: EndUses?
    public var scenarios: [Scenario]
    public var trajectory: TertiaryTrajectory
    public var bacs: BACS.Status

    /// - Parameters:
    ///   - custom: the owner's scenarios, in their order, shown after the generated ones.
    ///   - today: the year the BACS deadlines are compared with.
    public init(_ b: Building, profile: WorksProfile, custom: [ScenarioSpec], library: ActionLibrary, climate: ClimateTable,
                settings: EconomicSettings, today: Int) {
        building = b
        self.profile = profile
        self.settings = settings
        trajectory = TertiaryTrajectory.of(b, climate: climate, referenceYear: profile.referenceYear, cabs: profile.cabs ?? [:])
        bacs = BACS.status(profile, today: today)
        uses = EndUses.latest(b, library: library)
        guard let uses else { scenarios = []; return }
        let engine = ScenarioEngine(library: library, climate: climate, settings: settings)
        let results = engine.generated(for: b, profile: profile, uses: uses).map { ($0, true) }
            + custom.map { (engine.evaluate($0, building: b, profile: profile, uses: uses), false) }
        let trajectory = trajectory
        scenarios = results.map { r, generated in
            Scenario(result: r, funding: Financing.match(r, building: b, library: library),
                     gap2030Covered: Self.gapCovered(r, trajectory: trajectory, year: 2030), generated: generated)
        }
    }

    /// The share of a milestone's gap a scenario closes: its final-energy saving (a share of the latest year)
    /// applied to the latest year as the trajectory compares it (climate-corrected where it can be), over the gap;
    /// 1 when the target is already met, at most 1; nil without a reference year.
    public static func gapCovered(_ r: ScenarioResult, trajectory: TertiaryTrajectory, year: Int) -> Double? {
        guard let m = trajectory.milestones.first(where: { $0.year == year }), let latest = trajectory.latest else { return nil }
        guard m.gap > 0 else { return 1 }
        return min(1, r.finalSavedShare * latest.compared / m.gap)
    }
}
