import Accounts
import Foundation
import Parcours
import Referential
import Tabular

/// `/operateur/cohortes/{id}`: one call for the operator — its state and restitution, its form, the applications
/// (filtered by state) that the operator selects or refuses on each project's page, the cohort's sessions with a
/// presence form each, every project's milestones side by side, and the three CSV exports.
struct OperatorCohortPage {
    static let template = "operateur-cohorte"

    struct Application { let href: String, territory: String, pair: String, useCase: String, state: String, created: String }
    struct Presence { let field: String, id: String, person: String, options: [Option] }
    struct Session { let id: Int, day: String, topic: String, place: String, recorded: Int, presences: [Presence] }
    struct Progress { let href: String, territory: String, steps: [String], reached: Int }

    let id: Int64
    let summary: CohortCallSummary
    let isOpen: Bool
    let published: Bool
    let selected: Int
    let applications: [Application]
    let states: [Option]
    let sessions: [Session]
    let participants: Int
    let milestones: [String]
    let progress: [Progress]
    let modes: [Option]
    let form: CohortCallForm.Fields
    let base: String
    let csrf: String?

    init(call: CohortCall, applications all: [CohortApplication], state: CohortApplication.State?, names: [String: String], referential: Referential,
         csrf: String?) {
        id = call.id
        summary = CohortCallSummary(call)
        isOpen = call.state == .ouvert
        published = call.published
        let territory = { (a: CohortApplication) in Owner(a.owner).map(referential.ownerLabel) ?? a.owner }
        let projects = all.filter { $0.state == .retenue }.sorted { territory($0) < territory($1) }
        selected = projects.count
        applications = all.filter { state == nil || $0.state == state }.map { a in
            Application(href: "/parcours/cohortes/projets/\(a.id)", territory: territory(a),
                        pair: "\(names[a.metier] ?? a.metier) (métier), \(names[a.donnees] ?? a.donnees) (données)", useCase: a.useCaseTitle,
                        state: a.state.label, created: FrenchDay.format(a.createdAt))
        }
        states = [Option(value: "", label: "toutes")] + Option.list(CohortApplication.State.allCases, current: state?.rawValue, value: \.rawValue, label: \.label)
        let people = projects.flatMap { a in [(a, a.metier, "métier"), (a, a.donnees, "données")] }
        participants = people.count
        sessions = call.sessions.map { s in
            Session(id: s.id, day: Format.date(s.day), topic: s.topic, place: CohortFormat.place(s), recorded: s.attendance.count,
                    presences: people.map { a, login, role in
                        Presence(field: "presence.\(login)", id: "presence-\(s.id)-\(login)", person: "\(names[login] ?? login) (\(territory(a)), \(role))",
                                 options: [Option(value: "", label: "non saisi", selected: s.attendance[login] == nil)]
                                    + Option.list(CohortCall.Presence.allCases, current: s.attendance[login]?.rawValue, value: \.rawValue, label: \.label))
                    })
        }
        milestones = CohortApplication.Milestone.allCases.map(\.label)
        progress = projects.map { a in
            Progress(href: "/parcours/cohortes/projets/\(a.id)", territory: territory(a), steps: a.milestones.map { $0.progress.status.label },
                     reached: a.milestones.filter { $0.progress.status == .fait }.count)
        }
        modes = Option.list(CohortCall.Mode.allCases, current: CohortCall.Mode.presentiel.rawValue, value: \.rawValue, label: \.label)
        form = CohortCallForm.Fields(call)
        base = "/operateur/cohortes/\(call.id)"
        self.csrf = csrf
    }
}

/// The cohort's exports for the programme's partners, in the French Excel CSV of the other exports: the selected
/// projects only, one line per person, per session and person, per project.
enum CohortExports {
    private static func territory(_ a: CohortApplication, _ referential: Referential) -> String { Owner(a.owner).map(referential.ownerLabel) ?? a.owner }

    private static func people(_ projects: [CohortApplication], _ referential: Referential) -> [(CohortApplication, String, String)] {
        projects.sorted { territory($0, referential) < territory($1, referential) }.flatMap { a in [(a, a.metier, "référent métier"), (a, a.donnees, "référent données")] }
    }

    static func participants(_ projects: [CohortApplication], names: [String: String], referential: Referential) -> String {
        FrenchCSV.document(header: ["collectivite", "code", "role_binome", "identifiant", "nom", "cas_usage", "candidature_deposee_le"],
                           rows: people(projects, referential).map { a, login, role in
            [.text(territory(a, referential)), .text(a.owner), .text(role), .text(login), .text(names[login] ?? ""), .text(a.useCaseTitle),
             .text(FrenchDay.format(a.createdAt))]
        })
    }

    static func attendance(_ call: CohortCall, _ projects: [CohortApplication], names: [String: String], referential: Referential) -> String {
        let people = people(projects, referential)
        return FrenchCSV.document(header: ["date", "seance", "lieu", "collectivite", "code", "role_binome", "identifiant", "nom", "presence"],
                                  rows: call.sessions.flatMap { s in people.map { a, login, role in
            [.text(Format.date(s.day)), .text(s.topic), .text(CohortFormat.place(s)), .text(territory(a, referential)), .text(a.owner), .text(role),
             .text(login), .text(names[login] ?? ""), .text(s.attendance[login]?.label ?? "non saisi")]
        } })
    }

    static func progress(_ projects: [CohortApplication], referential: Referential) -> String {
        let milestones = CohortApplication.Milestone.allCases
        return FrenchCSV.document(header: ["collectivite", "code", "cas_usage"] + milestones.flatMap { ["\($0.rawValue)_statut", "\($0.rawValue)_preuve"] }
                                    + ["jalons_faits"],
                                  rows: projects.sorted { territory($0, referential) < territory($1, referential) }.map { a in
            [.text(territory(a, referential)), .text(a.owner), .text(a.useCaseTitle)]
                + a.milestones.flatMap { [FrenchCSV.Cell.text($0.progress.status.label), .text($0.progress.evidence)] }
                + [.integer(a.milestones.filter { $0.progress.status == .fait }.count)]
        })
    }
}
