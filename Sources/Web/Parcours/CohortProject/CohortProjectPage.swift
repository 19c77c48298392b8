import Accounts
import Foundation
import Parcours
import Referential

/// `/parcours/cohortes/projets/{id}`: an application and, once selected, the project: its pair, its use case, its
/// milestones with their evidence and comments, the cohort's sessions with the pair's attendance, the history.
/// The decisions and updates shown are those the reader may make.
struct CohortProjectPage {
    static let template = "cohorte-projet"

    struct Person { let role: String, name: String, login: String }
    struct Move { let state: String, label: String, needsReason: Bool }
    struct Update { let at: String, author: String, status: String, text: String, evidence: String }
    struct Milestone {
        /// Nil until some evidence is given (the template then shows no empty line).
        let id: String, label: String, status: String, statusClass: String, evidence: String?, evidenceIsURL: Bool
        let updates: [Update]
        let statuses: [Option]
    }
    struct Session { let day: String, topic: String, place: String, presences: [String] }
    struct Line { let at: String, author: String, what: String, text: String }

    let id: Int64
    let title: String
    let callTitle: String
    let callHref: String
    let restitutionHref: String
    let territory: String
    let state: String
    let created: String
    let pair: [Person]
    let useCase: String
    let ownUseCase: String?
    let motivation: String
    let moves: [Move]
    let isSelected: Bool
    let canUpdate: Bool
    let milestones: [Milestone]
    let sessions: [Session]
    let timeline: [Line]
    let base: String
    let csrf: String?

    init(_ a: CohortApplication, call: CohortCall, viewer: Cohorts.Viewer, names: [String: String], referential: Referential, csrf: String?) {
        id = a.id
        territory = Owner(a.owner).map(referential.ownerLabel) ?? a.owner
        title = "Projet de \(territory) : \(call.title)"
        callTitle = call.title
        var isOperator = false, canWrite = false, login = ""
        switch viewer {
        case .operateur(let l): (isOperator, canWrite, login) = (true, true, l)
        case .collectivite(_, let l, let w): (canWrite, login) = (w, l)
        }
        callHref = isOperator ? "/operateur/cohortes/\(call.id)" : "/parcours/cohortes"
        restitutionHref = "/parcours/cohortes/\(call.id)/restitution"
        state = a.state.label
        created = FrenchDay.format(a.createdAt)
        pair = [Person(role: "Référent métier", name: names[a.metier] ?? a.metier, login: a.metier),
                Person(role: "Référent données", name: names[a.donnees] ?? a.donnees, login: a.donnees)]
        useCase = a.useCaseTitle
        ownUseCase = a.useCaseID != nil && !a.ownUseCase.isEmpty ? a.ownUseCase : nil
        motivation = a.motivation
        moves = canWrite ? a.allowedNext(for: isOperator ? .operateur : .collectivite).map {
            Move(state: $0.rawValue, label: Self.verb($0), needsReason: $0 != .retenue)
        } : []
        isSelected = a.state == .retenue
        canUpdate = isSelected && (isOperator || a.pair.contains(login))
        milestones = a.milestones.map { m, p in
            Milestone(id: m.rawValue, label: m.label, status: p.status.label, statusClass: p.status.rawValue, evidence: p.evidence.isEmpty ? nil : p.evidence,
                      evidenceIsURL: CohortFormat.isURL(p.evidence),
                      updates: p.updates.map { Update(at: Format.dateTime(Date(timeIntervalSince1970: $0.at)), author: names[$0.author] ?? $0.author,
                                                      status: $0.status?.label ?? "", text: $0.text, evidence: $0.evidence) },
                      statuses: Option.list(CohortApplication.MilestoneStatus.allCases, current: p.status.rawValue, value: \.rawValue, label: \.label))
        }
        sessions = call.sessions.map { s in
            Session(day: Format.date(s.day), topic: s.topic, place: CohortFormat.place(s),
                    presences: a.pair.map { "\(names[$0] ?? $0) : \(s.attendance[$0]?.label ?? "non saisi")" })
        }
        timeline = a.entries.map { e in
            let what = e.kind == .transition ? "\(e.from?.label ?? "") → \(e.to?.label ?? "")" : "\(e.milestone?.label ?? "") : \(e.status?.label ?? "")"
            let text = [e.text, e.evidence.isEmpty ? "" : "preuve : \(e.evidence)"].filter { !$0.isEmpty }.joined(separator: " · ")
            return Line(at: Format.dateTime(Date(timeIntervalSince1970: e.at)), author: "\(e.author) (\(e.actor == .operateur ? "opérateur" : "collectivité"))",
                        what: what, text: text)
        }
        base = "/parcours/cohortes/projets/\(a.id)"
        self.csrf = csrf
    }

    static func verb(_ next: CohortApplication.State) -> String {
        switch next {
        case .deposee: "Déposer"
        case .retenue: "Retenir la candidature"
        case .refusee: "Refuser la candidature"
        case .retiree: "Retirer la candidature"
        }
    }
}

/// How the cohort pages write a session's place and a piece of evidence.
enum CohortFormat {
    static func place(_ s: CohortCall.Session) -> String { s.place.isEmpty ? s.mode.label : "\(s.mode.label), \(s.place)" }
    static func isURL(_ text: String) -> Bool { text.hasPrefix("https://") || text.hasPrefix("http://") }
}

/// A milestone update, from the form or `POST /api/v1/cohortes/projets/{id}/jalons` (`statut` on the wire).
struct CohortMilestoneBody: Decodable {
    let jalon: String
    let status: String
    let preuve: String?
    let commentaire: String?
}

/// An open call in `/api/v1/cohortes/appels`.
struct CohortCallDTO: Encodable {
    struct Eligibility: Encodable { let population_max: Int?, niveaux: [String] }
    let id: Int64, title: String, theme: String, date_limite: String, debut: String, fin: String, places: Int, eligibilite: Eligibility, state: String

    init(_ c: CohortCall) {
        (id, title, theme, date_limite, debut, fin, places, state) = (c.id, c.title, c.theme, c.deadline, c.startsOn, c.endsOn, c.capacity, c.state.rawValue)
        eligibilite = Eligibility(population_max: c.eligibility.maxPopulation, niveaux: c.eligibility.levels.sorted().map(\.rawValue))
    }
}

/// An application or project in `/api/v1/cohortes/…`, with its milestones and whole history.
struct CohortApplicationDTO: Encodable {
    struct Milestone: Encodable { let jalon: String, status: String, preuve: String }
    struct Entry: Encodable {
        let kind: String, le: Date, auteur: String, en_tant_que: String, de: String?, vers: String?, jalon: String?, status: String?, commentaire: String, preuve: String
    }

    let id: Int64, appel: Int64, owner: String, referent_metier: String, referent_donnees: String
    let cas_usage_catalogue: String?
    let useCase: String, motivation: String, state: String, createdAt: Date
    let jalons: [Milestone]
    let historique: [Entry]

    init(_ a: CohortApplication) {
        (id, appel, owner, referent_metier, referent_donnees) = (a.id, a.callID, a.owner, a.metier, a.donnees)
        (cas_usage_catalogue, useCase, motivation, state, createdAt) = (a.useCaseID, a.useCaseTitle, a.motivation, a.state.rawValue, Date(timeIntervalSince1970: a.createdAt))
        jalons = a.milestones.map { Milestone(jalon: $0.milestone.rawValue, status: $0.progress.status.rawValue, preuve: $0.progress.evidence) }
        historique = a.entries.map {
            Entry(kind: $0.kind.rawValue, le: Date(timeIntervalSince1970: $0.at), auteur: $0.author, en_tant_que: $0.actor.rawValue, de: $0.from?.rawValue,
                  vers: $0.to?.rawValue, jalon: $0.milestone?.rawValue, status: $0.status?.rawValue, commentaire: $0.text, preuve: $0.evidence)
        }
    }
}
