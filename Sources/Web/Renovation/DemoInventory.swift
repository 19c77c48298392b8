import Renovation

/// The public demo inventory does not change while the server runs: its buildings are assessed once (the
/// model's estimates are the costly part of a ranking), and each demo page is rendered once per normalized
/// query and kept as bytes with an ETag, like the observatoire's dashboards.
struct DemoInventory: Sendable {
    let assessments: Task<[Assessment], any Error>
    /// A demo page is about 300 KB: 32 MB keeps a hundred weightings and filters.
    let pages = PageCache(budget: 32 << 20)

    init(setup: Task<RenovationSetup, any Error>) {
        assessments = Task { let setup = try await setup.value; return setup.assessAll(setup.demo) }
    }
}
