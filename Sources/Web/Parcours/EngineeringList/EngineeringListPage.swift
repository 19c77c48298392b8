import Foundation
import Parcours
import Referential

/// `/parcours/ingenierie`: the collectivité's ingénierie requests, newest first.
struct EngineeringListPage {
    static let template = "parcours-ingenierie"

    let territory: String
    let requests: [EngineeringRow]
    let hasRequests: Bool
    let canWrite: Bool

    init(territory: String, requests: [EngineeringRequest], canWrite: Bool) {
        self.territory = territory
        self.requests = requests.map { EngineeringRow($0, href: "/parcours/ingenierie/\($0.id)") }
        hasRequests = !requests.isEmpty
        self.canWrite = canWrite
    }
}

/// One request in a list: the collectivité's and the operator's desk (which adds the collectivité's context).
struct EngineeringRow {
    let id: Int64, href: String, kind: String, topic: String, state: String, created: String, updated: String
    var territory = "", region = "", level = "", assignee = "", granted = "", consumed = "", amount = ""
    /// The desk links a level to the diagnostics it comes from.
    var hasLevel = false

    init(_ r: EngineeringRequest, href: String) {
        (id, self.href, kind, topic, state) = (r.id, href, r.kind.label, r.topic.label, r.state.label)
        created = FrenchDay.format(r.createdAt)
        updated = FrenchDay.format(r.entries.last?.at ?? r.createdAt)
    }
}
