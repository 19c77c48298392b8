import Accounts
import Cartography
import Foundation
import Observatoire
import Parcours
import Referential
import Renovation

/// Loading the bundled data: what `territoires serve` and `load` need beyond the read protocols.
public protocol BundledDataStore: Sendable {
    /// The fingerprint of the data the database was loaded from, nil when it was never loaded.
    func dataFingerprint() async throws -> String?
    /// Replaces the referential and the indicators' source table in one transaction.
    func replaceReferential(_ referential: Referential, townHalls: [String: TownHall],
                            shapes: [ShapeKind: [String: Shape]], sources: SourceTable, fingerprint: String) async throws
}

/// Everything the application keeps, whichever database keeps it.
public typealias ApplicationStore = ReferentialStore & ShapeStore & IndicatorStore & AccountStore & DiagnosticStore & ConformityStore & HelpRequestStore & BuildingStore & OwnSeriesStore & EngineeringStore & BarometerStore & WorksStore & CohortStore & NoticeStore & BundledDataStore

extension SQLiteStore: BundledDataStore, ReferentialStore, ShapeStore, IndicatorStore, AccountStore, DiagnosticStore, ConformityStore, HelpRequestStore, BuildingDocumentStore, OwnSeriesStore, EngineeringStore, BarometerStore, WorksStore, CohortStore, NoticeStore {}
extension PostgresStore: BundledDataStore, ReferentialStore, ShapeStore, IndicatorStore, AccountStore, DiagnosticStore, ConformityStore, HelpRequestStore, BuildingDocumentStore, OwnSeriesStore, EngineeringStore, BarometerStore, WorksStore, CohortStore, NoticeStore {}

public enum Stores {
    /// PostgreSQL when a `postgres://` URL is given, else the SQLite file at `path`.
    public static func open(databaseURL: String?, path: String) async throws -> any ApplicationStore {
        if let databaseURL, !databaseURL.isEmpty { return try await PostgresStore(url: databaseURL) }
        return try SQLiteStore(path: path)
    }
}
