import Foundation

/// What a collectivité decides for its stock's works: energy prices and discount rate, and the plan's yearly
/// budget, years and the buildings it locks.
public struct WorksSettings: Codable, Sendable, Equatable {
    public struct Fixed: Codable, Sendable, Equatable {
        public var scenario: String
        public var year: Int

        public init(scenario: String, year: Int) {
            self.scenario = scenario
            self.year = year
        }
    }

    public var economics: EconomicSettings
    /// € available each year for works, nil until the owner sets it.
    public var yearlyBudget: Double?
    public var firstYear: Int
    public var lastYear: Int
    /// Buildings the plan must leave alone.
    public var excluded: [String]
    /// Buildings whose scenario and year the owner has decided.
    public var fixed: [String: Fixed]

    public init(economics: EconomicSettings, yearlyBudget: Double? = nil, firstYear: Int = 2027, lastYear: Int = 2050,
                excluded: [String] = [], fixed: [String: Fixed] = [:]) {
        self.economics = economics
        self.yearlyBudget = yearlyBudget
        self.firstYear = firstYear
        self.lastYear = lastYear
        self.excluded = excluded
        self.fixed = fixed
    }
}

/// The works data of an inventory. Every method is scoped by the owner, like `BuildingStore`: a building id is
/// never enough to read or write.
public protocol WorksStore: Sendable {
    /// The characteristics of every building of the owner that has some, by building id.
    func profiles(owner: String) async throws -> [String: WorksProfile]
    func saveProfile(owner: String, building: String, _ profile: WorksProfile, actor: String) async throws
    /// The scenarios the owner built for a building, oldest first.
    func scenarios(owner: String, building: String) async throws -> [ScenarioSpec]
    /// Every user-built scenario of the owner, by building id (the plan weighs them with the generated ones).
    func allScenarios(owner: String) async throws -> [String: [ScenarioSpec]]
    /// Adds or replaces (same id) a scenario of a building.
    func saveScenario(owner: String, building: String, _ scenario: ScenarioSpec, actor: String) async throws
    /// False when there was no such scenario for that owner and building.
    func deleteScenario(owner: String, building: String, id: String, actor: String) async throws -> Bool
    func settings(owner: String) async throws -> WorksSettings?
    func saveSettings(owner: String, _ settings: WorksSettings, actor: String) async throws
}
