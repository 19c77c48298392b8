import Accounts
import Foundation
import Parcours
import Referential

/// `/parcours/cohortes/{id}/restitution`: each selected project's outcome — its use case, the milestones reached
/// and their evidence — printable; a draft (operator and the cohort's members only) until the operator publishes it.
struct CohortRestitutionPage {
    static let template = "cohorte-restitution"

    struct Step { let label: String, status: String, statusClass: String, evidence: String, evidenceIsURL: Bool }
    struct Project { let territory: String, useCase: String, reached: Int, steps: [Step] }

    let title: String
    let theme: String
    let period: String
    let published: Bool
    let isOperator: Bool
    let callHref: String
    let projectCount: Int
    let sessionCount: Int
    /// Milestones done over all projects, of 4 per project.
    let reached: Int
    let possible: Int
    let projects: [Project]

    init(_ r: Cohorts.Restitution, referential: Referential, isOperator: Bool) {
        (title, theme, published, self.isOperator) = (r.call.title, r.call.theme, r.call.published, isOperator)
        period = "du \(Format.date(r.call.startsOn)) au \(Format.date(r.call.endsOn))"
        callHref = "/operateur/cohortes/\(r.call.id)"
        projectCount = r.projects.count
        sessionCount = r.call.sessions.count
        projects = r.projects.map { a in
            let steps = a.milestones.map { m, p in
                Step(label: m.label, status: p.status.label, statusClass: p.status.rawValue, evidence: p.evidence, evidenceIsURL: CohortFormat.isURL(p.evidence))
            }
            return Project(territory: Owner(a.owner).map(referential.ownerLabel) ?? a.owner, useCase: a.useCaseTitle,
                           reached: a.milestones.filter { $0.progress.status == .fait }.count, steps: steps)
        }.sorted { ($0.reached, $1.territory) > ($1.reached, $0.territory) }
        reached = projects.map(\.reached).reduce(0, +)
        possible = projects.count * CohortApplication.Milestone.allCases.count
    }
}
