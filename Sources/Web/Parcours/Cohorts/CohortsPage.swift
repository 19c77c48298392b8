import Foundation
import Parcours
import Referential

/// `/parcours/cohortes`: the open calls the collectivité may apply to, and its applications and projects.
struct CohortsPage {
    static let template = "parcours-cohortes"

    struct Application { let href: String, call: String, useCase: String, state: String, created: String }

    let territory: String
    let calls: [CohortCallSummary]
    /// Open calls whose conditions the collectivité does not meet (not listed); nil when there are none.
    let notEligible: Int?
    let applications: [Application]
    let canWrite: Bool

    init(territory: String, open: [CohortCall], otherOpen: Int, calls all: [CohortCall], applications: [CohortApplication], canWrite: Bool) {
        self.territory = territory
        let applied = Dictionary(applications.map { ($0.callID, $0.id) }, uniquingKeysWith: { a, _ in a })
        calls = open.map { CohortCallSummary($0, applied: applied[$0.id]) }
        notEligible = otherOpen > open.count ? otherOpen - open.count : nil
        let titles = Dictionary(all.map { ($0.id, $0.title) }, uniquingKeysWith: { a, _ in a })
        self.applications = applications.map {
            Application(href: "/parcours/cohortes/projets/\($0.id)", call: titles[$0.callID] ?? "", useCase: $0.useCaseTitle, state: $0.state.label,
                        created: FrenchDay.format($0.createdAt))
        }
        self.canWrite = canWrite
    }
}

/// A call as the lists show it: its words, days, places and conditions.
struct CohortCallSummary {
    let id: Int64, title: String, theme: String, deadline: String, period: String, capacity: Int, eligibility: String, state: String
    let applyHref: String
    /// The collectivité's own application to it, if any.
    let applicationHref: String?

    init(_ c: CohortCall, applied: Int64? = nil) {
        (id, title, theme, capacity, eligibility, state) = (c.id, c.title, c.theme, c.capacity, c.eligibility.label, c.state.label)
        deadline = Format.date(c.deadline)
        period = "du \(Format.date(c.startsOn)) au \(Format.date(c.endsOn))"
        applyHref = "/parcours/cohortes/appels/\(c.id)/candidature"
        applicationHref = applied.map { "/parcours/cohortes/projets/\($0)" }
    }
}
