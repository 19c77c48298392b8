import Accounts
import Referential

/// The operator's audit log (`/operateur/journal`): the last 500 writes, newest first.
struct JournalPage {
    static let template = "journal"

    struct Entry {
        let at: String
        let actor: String
        let owner: String
        let action: String
        let detail: String
    }

    let entries: [Entry]

    static func load(store: any AccountStore, referential: Referential) async throws -> Self {
        Self(entries: try await store.auditLog(limit: 500).map {
            Entry(at: Format.dateTime($0.at), actor: $0.actor, owner: Owner($0.owner).map { OwnerLabel($0, in: referential).label } ?? $0.owner,
                  action: $0.action, detail: $0.detail)
        })
    }
}
