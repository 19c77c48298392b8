import Accounts
import Foundation
import Hummingbird
import NIOCore
import Parcours
import Referential

/// Formation-action cohorts (`Cohorts`): the operator opens a call, collectivités apply with their pair, the
/// operator selects, runs the sessions and follows each project's milestones up to the restitution. The project
/// page and its forms serve both roles: the signed-in role gives the `Cohorts.Viewer`, which scopes every read
/// (another collectivité's project is a 404).
extension ParcoursController {
    func registerCohorts(on router: Router<AppRequestContext>) {
        router.get("/parcours/cohortes/{id}/restitution", use: cohortRestitution)
        let members = router.group().add(middleware: Access(.signedIn))
        members.get("/parcours/cohortes", use: cohortList)
        members.get("/parcours/cohortes/appels/{id}/candidature", use: cohortApplyForm)
        members.post("/parcours/cohortes/appels/{id}/candidature", use: cohortApply)
        members.get("/parcours/cohortes/projets/{id}", use: cohortProject)
        members.post("/parcours/cohortes/projets/{id}/decision", use: cohortDecide)
        members.post("/parcours/cohortes/projets/{id}/jalons", use: cohortMilestone)
        let operators = router.group().add(middleware: Access(.operatorOnly))
        operators.get("/operateur/cohortes", use: cohortDesk)
        operators.post("/operateur/cohortes", use: cohortOpen)
        operators.get("/operateur/cohortes/{id}", use: cohortCall)
        operators.post("/operateur/cohortes/{id}", use: cohortEdit)
        operators.post("/operateur/cohortes/{id}/etat", use: cohortState)
        operators.post("/operateur/cohortes/{id}/seances", use: cohortSchedule)
        operators.post("/operateur/cohortes/{id}/seances/{seance}/presences", use: cohortAttendance)
        operators.get("/operateur/cohortes/{id}/participants.csv", use: cohortParticipantsCSV)
        operators.get("/operateur/cohortes/{id}/presences.csv", use: cohortAttendanceCSV)
        operators.get("/operateur/cohortes/{id}/avancement.csv", use: cohortProgressCSV)
        router.get("/api/v1/cohortes/appels", use: apiCohortCalls)
        let api = router.group().add(middleware: Access(.signedIn, message: "Jeton d'API ou session nécessaire."))
        api.get("/api/v1/cohortes/candidatures", use: apiCohortApplications)
        api.post("/api/v1/cohortes/appels/{id}/candidatures", use: apiCohortApply)
        api.get("/api/v1/cohortes/projets/{id}", use: apiCohortProject)
        api.post("/api/v1/cohortes/projets/{id}/jalons", use: apiCohortMilestone)
    }

    var cohorts: Cohorts { Cohorts(store: store) }

    static func viewer(_ user: User) -> Cohorts.Viewer {
        user.role == .operateur ? .operateur(login: user.login)
            : .collectivite(owner: user.owner.description, login: user.login, canWrite: user.canWrite(user.owner))
    }

    /// The domain's refusals as HTTP statuses, the same for the pages and the API: what the state or the capacity
    /// forbids now is 409, what the caller's role or collectivité may not do is 403, missing or unreadable input
    /// is 400, what is not found in the caller's scope is 404.
    func cohort<T>(_ work: () async throws -> T) async throws -> T {
        do { return try await work() } catch let error as CohortError {
            switch error {
            case .impossible, .full, .belowSelected, .callClosed, .alreadyClosed, .alreadyOpen, .alreadyApplied, .notSelected: throw WebError.conflict(error.description)
            case .notYours, .notEligible, .notInPair, .readOnly, .applicantsOnly: throw WebError.forbidden(error.description)
            case .unknownCall, .unknownApplication, .unknownSession: throw WebError.notFound(error.description)
            case .titleNeeded, .badDay, .daysOutOfOrder, .badCapacity, .badThreshold, .topicNeeded, .notParticipant, .pairIncomplete, .samePerson,
                 .notMember, .unknownUseCase, .useCaseNeeded, .motivationNeeded, .reasonNeeded, .evidenceNeeded:
                throw WebError.badRequest(error.description)
            }
        }
    }

    private func id(_ context: AppRequestContext, _ name: String = "id") throws -> Int64 {
        guard let id = context.parameters.get(name).flatMap(Int64.init) else { throw WebError.notFound("Rien à cette adresse.") }
        return id
    }

    private func call(_ id: Int64) async throws -> CohortCall {
        guard let call = try await store.cohortCall(id: id) else { throw WebError.notFound(CohortError.unknownCall(id).description) }
        return call
    }

    private func project(_ id: Int64, _ viewer: Cohorts.Viewer) async throws -> CohortApplication {
        guard let found = try await cohorts.application(id, for: viewer) else { throw WebError.notFound(CohortError.unknownApplication(id).description) }
        return found
    }

    /// What eligibility reads of a collectivité: its population (referential) and the level of its complete diagnostic.
    private func standing(_ owner: Owner) async throws -> (population: Int?, level: MaturityLevel?) {
        let result = try await diagnostics.of(owner.description)?.result
        return (Self.profile(for: owner, in: referential)?.population, result.flatMap { $0.isComplete ? $0.level : nil })
    }

    /// The active accounts of a collectivité, the persons its pair is chosen among.
    private func accounts(of owner: Owner) async throws -> [User] {
        try await store.users().filter { $0.owner == owner && !$0.disabled }.sorted { $0.login < $1.login }
    }

    /// Each account's name by its login, for the pages and exports that name the persons of a pair.
    private func accountNames() async throws -> [String: String] {
        Dictionary(try await store.users().map { ($0.login, $0.name) }, uniquingKeysWith: { a, _ in a })
    }

    private var cohortCrumbs: [Link] { breadcrumbs + [Link(label: "Formations-actions", href: "/parcours/cohortes")] }
    private static var deskCrumbs: [Link] { [Link.home, Link(label: "Formations-actions", href: "/operateur/cohortes")] }

    // MARK: The collectivité's pages

    @Sendable func cohortList(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.signedIn
        guard user.role != .operateur else { return .redirect(to: "/operateur/cohortes", type: .normal) }
        let (population, level) = try await standing(user.owner)
        let viewer = Self.viewer(user)
        let all = try await store.cohortCalls()
        let model = CohortsPage(territory: referential.ownerLabel(user.owner), open: try await cohorts.openCalls(population: population, level: level),
                                otherOpen: all.filter { $0.state == .ouvert }.count, calls: all, applications: try await cohorts.applications(for: viewer),
                                canWrite: user.canWrite(user.owner))
        return views.page(CohortsPage.template, model, title: "Formations-actions", breadcrumbs: breadcrumbs, sources: [])
    }

    @Sendable func cohortApplyForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.signedIn
        guard user.role != .operateur else { throw WebError.forbidden(CohortError.applicantsOnly.description) }
        guard user.canWrite(user.owner) else { throw WebError.forbidden(CohortError.readOnly.description) }
        let call = try await call(try id(context))
        // One application per collectivité and call: the form leads to the one already sent.
        if let sent = try await store.cohortApplications(callID: call.id, owner: user.owner.description).first {
            return .redirect(to: "/parcours/cohortes/projets/\(sent.id)", type: .normal)
        }
        let model = CohortApplyPage(call: call, accounts: try await accounts(of: user.owner), territory: referential.ownerLabel(user.owner),
                                    csrf: context.session?.csrfToken)
        return views.page(CohortApplyPage.template, model, title: "Candidater : \(call.title)", breadcrumbs: cohortCrumbs, sources: [])
    }

    @Sendable func cohortApply(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.signedIn
        let form = context.form
        let input = CohortApplyBody(referent_metier: form["referent_metier"] ?? "", referent_donnees: form["referent_donnees"] ?? "",
                                    cas_usage_catalogue: form["cas_usage_catalogue"], useCase: form["cas_usage"], motivation: form["motivation"] ?? "")
        let created = try await apply(input, to: try id(context), user: user)
        return .redirect(to: "/parcours/cohortes/projets/\(created.id)", type: .normal)
    }

    private func apply(_ input: CohortApplyBody, to callID: Int64, user: User) async throws -> CohortApplication {
        let (population, level) = try await standing(user.owner)
        let members = Set(try await accounts(of: user.owner).map(\.login))
        let own = try EngineeringInput.limited(input.useCase ?? "", "cas_usage", 2_000), motivation = try EngineeringInput.limited(input.motivation, "motivation", 4_000)
        return try await cohort {
            try await cohorts.apply(to: callID, as: Self.viewer(user), population: population, level: level, members: members,
                                    metier: input.referent_metier, donnees: input.referent_donnees, useCaseID: input.cas_usage_catalogue,
                                    ownUseCase: own, motivation: motivation)
        }
    }

    /// One project (or application) for both roles, with the moves and updates the reader may make.
    @Sendable func cohortProject(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.signedIn
        let viewer = Self.viewer(user)
        let found = try await project(try id(context), viewer)
        let call = try await call(found.callID)
        let names = try await accountNames()
        let model = CohortProjectPage(found, call: call, viewer: viewer, names: names, referential: referential, csrf: context.session?.csrfToken)
        let crumbs = user.role == .operateur ? Self.deskCrumbs + [Link(label: call.title, href: "/operateur/cohortes/\(call.id)")] : cohortCrumbs
        return views.page(CohortProjectPage.template, model, title: model.title, breadcrumbs: crumbs, sources: [])
    }

    @Sendable func cohortDecide(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.signedIn
        guard let next = CohortApplication.State(rawValue: context.form["etat"] ?? "") else {
            throw WebError.badRequest("Décision attendue : " + CohortApplication.State.allCases.map(\.rawValue).joined(separator: ", ") + ".")
        }
        let reason = try EngineeringInput.limited(context.form["motif"] ?? "", "motif", 2_000)
        let decided = try await cohort { try await cohorts.decide(try id(context), next, reason: reason, as: Self.viewer(user)) }
        return .redirect(to: "/parcours/cohortes/projets/\(decided.id)", type: .normal)
    }

    @Sendable func cohortMilestone(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.signedIn
        let form = context.form
        let body = CohortMilestoneBody(jalon: form["jalon"] ?? "", status: form["statut"] ?? "", preuve: form["preuve"], commentaire: form["commentaire"])
        let updated = try await updateMilestone(body, id: try id(context), user: user)
        return .redirect(to: "/parcours/cohortes/projets/\(updated.id)#jalons", type: .normal)
    }

    private func updateMilestone(_ body: CohortMilestoneBody, id: Int64, user: User) async throws -> CohortApplication {
        guard let milestone = CohortApplication.Milestone(rawValue: body.jalon) else {
            throw WebError.badRequest("Jalon attendu : " + CohortApplication.Milestone.allCases.map(\.rawValue).joined(separator: ", ") + ".")
        }
        guard let status = CohortApplication.MilestoneStatus(rawValue: body.status) else {
            throw WebError.badRequest("Statut attendu : " + CohortApplication.MilestoneStatus.allCases.map(\.rawValue).joined(separator: ", ") + ".")
        }
        let evidence = try EngineeringInput.limited(body.preuve ?? "", "preuve", 2_000), comment = try EngineeringInput.limited(body.commentaire ?? "", "commentaire", 4_000)
        return try await cohort { try await cohorts.update(id, milestone, status: status, evidence: evidence, comment: comment, as: Self.viewer(user)) }
    }

    /// The restitution: public once published, otherwise for the operator and the cohort's collectivités (404 for anyone else).
    @Sendable func cohortRestitution(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try id(context)
        guard let restitution = try await cohorts.restitution(id, for: context.user.map(Self.viewer)) else {
            throw WebError.notFound("Aucune restitution publiée pour l'appel n° \(id).")
        }
        let model = CohortRestitutionPage(restitution, referential: referential, isOperator: context.user?.role == .operateur)
        return views.page(CohortRestitutionPage.template, model, title: "Restitution : \(restitution.call.title)", breadcrumbs: breadcrumbs, sources: [])
    }

    // MARK: The operator's pages

    @Sendable func cohortDesk(_ request: Request, context: AppRequestContext) async throws -> Response {
        let state = try Query(request.uri.query)["etat"].flatMap { text -> CohortCall.State? in
            guard !text.isEmpty else { return nil }
            guard let state = CohortCall.State(rawValue: text) else { throw WebError.badRequest("État d'appel inconnu « \(text.prefix(20)) ».") }
            return state
        }
        let model = OperatorCohortsPage(calls: try await store.cohortCalls(), applications: try await store.cohortApplications(callID: nil, owner: nil),
                                        state: state, csrf: context.session?.csrfToken)
        return views.page(OperatorCohortsPage.template, model, title: "Formations-actions : appels et cohortes", breadcrumbs: [Link.home], sources: [])
    }

    @Sendable func cohortOpen(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.signedIn
        let fields = try CohortCallForm(context.form)
        let call = CohortCall(title: fields.title, theme: fields.theme, deadline: fields.deadline, startsOn: fields.startsOn, endsOn: fields.endsOn,
                              capacity: fields.capacity, eligibility: fields.eligibility, createdAt: Date().timeIntervalSince1970)
        let opened = try await cohort { try await cohorts.open(call, by: user.login) }
        return .redirect(to: "/operateur/cohortes/\(opened.id)", type: .normal)
    }

    @Sendable func cohortCall(_ request: Request, context: AppRequestContext) async throws -> Response {
        let call = try await call(try id(context))
        let state = try Query(request.uri.query)["etat"].flatMap { text -> CohortApplication.State? in
            guard !text.isEmpty else { return nil }
            guard let state = CohortApplication.State(rawValue: text) else { throw WebError.badRequest("État de candidature inconnu « \(text.prefix(20)) ».") }
            return state
        }
        let names = try await accountNames()
        let model = OperatorCohortPage(call: call, applications: try await store.cohortApplications(callID: call.id, owner: nil), state: state,
                                       names: names, referential: referential, csrf: context.session?.csrfToken)
        return views.page(OperatorCohortPage.template, model, title: call.title, breadcrumbs: Self.deskCrumbs, sources: [])
    }

    @Sendable func cohortEdit(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.signedIn
        let f = try CohortCallForm(context.form)
        let edited = try await cohort {
            try await cohorts.edit(try id(context), title: f.title, theme: f.theme, deadline: f.deadline, startsOn: f.startsOn, endsOn: f.endsOn,
                                   capacity: f.capacity, eligibility: f.eligibility, by: user.login)
        }
        return .redirect(to: "/operateur/cohortes/\(edited.id)", type: .normal)
    }

    /// Closing or reopening the call, publishing or withdrawing its restitution.
    @Sendable func cohortState(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.signedIn
        let id = try id(context)
        let changed = try await cohort {
            switch context.form["action"] ?? "" {
            case "clore": try await cohorts.close(id, by: user.login)
            case "rouvrir": try await cohorts.reopen(id, by: user.login)
            case "publier": try await cohorts.publish(id, true, by: user.login)
            case "retirer": try await cohorts.publish(id, false, by: user.login)
            default: throw WebError.badRequest("Action attendue : clore, rouvrir, publier ou retirer.")
            }
        }
        return .redirect(to: "/operateur/cohortes/\(changed.id)", type: .normal)
    }

    @Sendable func cohortSchedule(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.signedIn
        let form = context.form
        guard let mode = CohortCall.Mode(rawValue: form["mode"] ?? "") else { throw WebError.badRequest("Modalité attendue : presentiel ou visio.") }
        let topic = try EngineeringInput.limited(form["theme"] ?? "", "theme", 300), place = try EngineeringInput.limited(form["lieu"] ?? "", "lieu", 300)
        let day = (form["date"] ?? "").trimmingCharacters(in: .whitespaces)
        let call = try await cohort { try await cohorts.schedule(try id(context), day: day, topic: topic, place: place, mode: mode, by: user.login) }
        return .redirect(to: "/operateur/cohortes/\(call.id)#seances", type: .normal)
    }

    /// The presences of one session: a field `presence.<login>` per person (present, absent, excuse; empty leaves it as it was).
    @Sendable func cohortAttendance(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.signedIn
        guard let session = context.parameters.get("seance").flatMap(Int.init) else { throw WebError.notFound("Aucune séance à cette adresse.") }
        let callID = try id(context)
        var presences: [String: CohortCall.Presence] = [:]
        for login in try await cohorts.participants(of: callID) {
            guard let value = context.form["presence.\(login)"], !value.isEmpty else { continue }
            guard let presence = CohortCall.Presence(rawValue: value) else { throw WebError.badRequest("Présence attendue : present, absent ou excuse.") }
            presences[login] = presence
        }
        let call = try await cohort { try await cohorts.record(callID, session: session, presences, by: user.login) }
        return .redirect(to: "/operateur/cohortes/\(call.id)#seance-\(session)", type: .normal)
    }

    private func exportData(_ context: AppRequestContext) async throws -> (CohortCall, [CohortApplication], [String: String]) {
        let call = try await call(try id(context))
        let names = try await accountNames()
        return (call, try await store.cohortApplications(callID: call.id, owner: nil).filter { $0.state == .retenue }, names)
    }

    @Sendable func cohortParticipantsCSV(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (call, projects, names) = try await exportData(context)
        return .csv(CohortExports.participants(projects, names: names, referential: referential), filename: "cohorte-\(call.id)-participants.csv")
    }

    @Sendable func cohortAttendanceCSV(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (call, projects, names) = try await exportData(context)
        return .csv(CohortExports.attendance(call, projects, names: names, referential: referential), filename: "cohorte-\(call.id)-presences.csv")
    }

    @Sendable func cohortProgressCSV(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (call, projects, _) = try await exportData(context)
        return .csv(CohortExports.progress(projects, referential: referential), filename: "cohorte-\(call.id)-avancement.csv")
    }

    // MARK: API

    @Sendable func apiCohortCalls(_ request: Request, context: AppRequestContext) async throws -> Response {
        try .json(try await store.cohortCalls().filter { $0.state == .ouvert }.map(CohortCallDTO.init))
    }

    @Sendable func apiCohortApplications(_ request: Request, context: AppRequestContext) async throws -> Response {
        try .json(try await cohorts.applications(for: Self.viewer(try context.signedIn)).map(CohortApplicationDTO.init))
    }

    @Sendable func apiCohortProject(_ request: Request, context: AppRequestContext) async throws -> Response {
        try .json(CohortApplicationDTO(try await project(try id(context), Self.viewer(try context.signedIn))))
    }

    @Sendable func apiCohortApply(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.signedIn
        // Who may not apply is refused before the body is read.
        if user.role == .operateur { throw WebError.forbidden(CohortError.applicantsOnly.description) }
        if !user.canWrite(user.owner) { throw WebError.forbidden(CohortError.readOnly.description) }
        let input = try await APIJSON.body(CohortApplyBody.self, request, context,
                                         example: "{\"referent_metier\": \"…\", \"referent_donnees\": \"…\", \"cas_usage_catalogue\": \"…\", \"motivation\": \"…\"}")
        return try .json(CohortApplicationDTO(try await apply(input, to: try id(context), user: user)), status: .created)
    }

    @Sendable func apiCohortMilestone(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.signedIn
        let id = try id(context)
        // Another collectivité's project is not found before the body is read.
        _ = try await project(id, Self.viewer(user))
        let input = try await APIJSON.body(CohortMilestoneBody.self, request, context, example: "{\"jalon\": \"cadrage\", \"statut\": \"en_cours\"}")
        return try .json(CohortApplicationDTO(try await updateMilestone(input, id: id, user: user)))
    }
}
