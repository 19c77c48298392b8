/// Where the referential is kept. The SQLite implementation lives in the storage layer; the web layer only
/// sees this protocol.
public protocol ReferentialStore: Sendable {
    /// Everything the pages index, read once at start-up.
    func referential() async throws -> Referential
    /// The town-hall contact of a commune, read when its card is shown.
    func townHall(of communeCode: String) async throws -> TownHall?
}
