import Foundation

/// A call for applications to a formation-action cohort: about ten collectivités, each a pair (a référent métier
/// and a référent données) bringing its own use case, trained together, then followed project by project up to
/// a collective restitution. The call carries the cohort's sessions and their attendance.
public struct CohortCall: Sendable, Equatable, Identifiable {
    /// Open: collectivités apply; closed: no more applications (the operator still selects and runs the cohort).
    public enum State: String, Sendable, CaseIterable {
        case ouvert, clos

        public var label: String { self == .ouvert ? "ouvert" : "clos" }
    }

    /// Who may apply: a population under a threshold and/or some maturity levels (none named: any level).
    public struct Eligibility: Sendable, Equatable {
        /// Strictly under this many inhabitants.
        public var maxPopulation: Int?
        public var levels: Set<MaturityLevel>

        public init(maxPopulation: Int? = nil, levels: Set<MaturityLevel> = []) {
            self.maxPopulation = maxPopulation
            self.levels = levels
        }

        /// A collectivité whose population is unknown is not admitted under a threshold; one without a complete
        /// diagnostic has no level, so it is not admitted when levels are named.
        public func admits(population: Int?, level: MaturityLevel?) -> Bool {
            if let max = maxPopulation, !((population ?? max) < max) { return false }
            if !levels.isEmpty, !(level.map(levels.contains) ?? false) { return false }
            return true
        }

        /// In words, for the call's page and the refusal.
        public var label: String {
            var parts: [String] = []
            if let max = maxPopulation { parts.append("moins de \(DiagnosticRules.inhabitants(max)) habitants") }
            if !levels.isEmpty {
                let names = levels.sorted().map(\.label)
                parts.append("diagnostic complet de niveau " + names.joined(separator: " ou "))
            }
            return parts.isEmpty ? "toutes les collectivités" : parts.joined(separator: ", ")
        }
    }

    public enum Mode: String, Sendable, CaseIterable {
        case presentiel, visio

        public var label: String { self == .presentiel ? "en présentiel" : "en visio" }
    }

    public enum Presence: String, Sendable, CaseIterable {
        case present, absent, excuse

        public var label: String {
            switch self {
            case .present: "présent"
            case .absent: "absent"
            case .excuse: "excusé"
            }
        }
    }

    /// A session of the cohort; attendance per person (login), recorded by the operator.
    public struct Session: Sendable, Equatable, Identifiable {
        /// Numbered within the call from 1; sessions are never removed, so a number keeps its session.
        public let id: Int
        public var day: String
        public var topic: String
        public var place: String
        public var mode: Mode
        public var attendance: [String: Presence]

        public init(id: Int, day: String, topic: String, place: String, mode: Mode, attendance: [String: Presence] = [:]) {
            (self.id, self.day, self.topic, self.place, self.mode, self.attendance) = (id, day, topic, place, mode, attendance)
        }
    }

    public let id: Int64
    public var title: String
    public var theme: String
    /// Days as AAAA-MM-JJ: the deadline for applications, the cohort's first and last days.
    public var deadline: String
    public var startsOn: String
    public var endsOn: String
    public var capacity: Int
    public var eligibility: Eligibility
    public private(set) var state: State
    /// The restitution page is public once published; before, only the operator and the cohort's members read it.
    public private(set) var published: Bool
    public let createdAt: Double
    public private(set) var sessions: [Session]

    public static let defaultCapacity = 10

    public init(id: Int64 = 0, title: String, theme: String, deadline: String, startsOn: String, endsOn: String,
                capacity: Int = CohortCall.defaultCapacity, eligibility: Eligibility = Eligibility(), state: State = .ouvert,
                published: Bool = false, createdAt: Double, sessions: [Session] = []) {
        (self.id, self.title, self.theme, self.deadline, self.startsOn, self.endsOn) = (id, title, theme, deadline, startsOn, endsOn)
        (self.capacity, self.eligibility, self.state, self.published, self.createdAt, self.sessions) =
            (capacity, eligibility, state, published, createdAt, sessions)
    }

    /// The checks of a call as the operator writes it: a title, readable days in order, a capacity of 1 to 50.
    public func validated() throws -> CohortCall {
        var call = self
        call.title = title.trimmingCharacters(in: .whitespacesAndNewlines)
        call.theme = theme.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !call.title.isEmpty else { throw CohortError.titleNeeded }
        for day in [deadline, startsOn, endsOn] where !EngineeringRequest.isDay(day) { throw CohortError.badDay(day) }
        guard deadline <= startsOn, startsOn <= endsOn else { throw CohortError.daysOutOfOrder }
        guard (1...50).contains(capacity) else { throw CohortError.badCapacity }
        if let max = eligibility.maxPopulation, max <= 0 { throw CohortError.badThreshold }
        return call
    }

    public mutating func close() throws {
        guard state == .ouvert else { throw CohortError.alreadyClosed }
        state = .clos
    }

    public mutating func reopen() throws {
        guard state == .clos else { throw CohortError.alreadyOpen }
        state = .ouvert
    }

    public mutating func publish(_ on: Bool) { published = on }

    /// A new session; returns it (numbered after the last one).
    @discardableResult
    public mutating func schedule(day: String, topic: String, place: String, mode: Mode) throws -> Session {
        let topic = topic.trimmingCharacters(in: .whitespacesAndNewlines)
        guard EngineeringRequest.isDay(day) else { throw CohortError.badDay(day) }
        guard !topic.isEmpty else { throw CohortError.topicNeeded }
        let session = Session(id: (sessions.map(\.id).max() ?? 0) + 1, day: day, topic: topic,
                              place: place.trimmingCharacters(in: .whitespacesAndNewlines), mode: mode)
        sessions.append(session)
        sessions.sort { ($0.day, $0.id) < ($1.day, $1.id) }
        return session
    }

    /// The presences of a session, for the persons of the cohort only (the pairs of the selected applications);
    /// a person left out keeps what was recorded.
    public mutating func record(session id: Int, _ presences: [String: Presence], participants: Set<String>) throws {
        guard let index = sessions.firstIndex(where: { $0.id == id }) else { throw CohortError.unknownSession(id) }
        if let stranger = presences.keys.sorted().first(where: { !participants.contains($0) }) { throw CohortError.notParticipant(stranger) }
        sessions[index].attendance.merge(presences) { _, new in new }
    }
}

/// One collectivité's application to a call, which becomes its project once selected: the pair, the use case, the
/// motivation, the decision, then the milestones. Every decision and every milestone update is an entry (who,
/// when, what, why): the history is the record.
public struct CohortApplication: Sendable, Equatable, Identifiable {
    public enum State: String, Sendable, CaseIterable {
        case deposee, retenue, refusee, retiree

        public var label: String {
            switch self {
            case .deposee: "déposée"
            case .retenue: "retenue"
            case .refusee: "refusée"
            case .retiree: "retirée"
            }
        }
    }

    public enum Actor: String, Sendable { case collectivite, operateur }

    public enum Milestone: String, Sendable, CaseIterable {
        case cadrage, accesDonnees = "acces_donnees", prototype, restitution

        public var label: String {
            switch self {
            case .cadrage: "Cadrage"
            case .accesDonnees: "Accès aux données"
            case .prototype: "Prototype"
            case .restitution: "Restitution"
            }
        }
    }

    public enum MilestoneStatus: String, Sendable, CaseIterable {
        case aFaire = "a_faire", enCours = "en_cours", fait, bloque

        public var label: String {
            switch self {
            case .aFaire: "à faire"
            case .enCours: "en cours"
            case .fait: "fait"
            case .bloque: "bloqué"
            }
        }
    }

    /// A decision (from → to, with its reason) or a milestone update (status, evidence, comment).
    public struct Entry: Sendable, Equatable {
        public enum Kind: String, Sendable { case transition, milestone }

        public let kind: Kind
        public let at: Double
        public let author: String
        public let actor: Actor
        public let from: State?
        public let to: State?
        public let milestone: Milestone?
        public let status: MilestoneStatus?
        /// The reason of a decision, the comment of an update.
        public let text: String
        /// A milestone's evidence: a sentence or a link.
        public let evidence: String

        public init(kind: Kind, at: Double, author: String, actor: Actor, from: State? = nil, to: State? = nil, milestone: Milestone? = nil,
                    status: MilestoneStatus? = nil, text: String, evidence: String = "") {
            (self.kind, self.at, self.author, self.actor, self.from, self.to) = (kind, at, author, actor, from, to)
            (self.milestone, self.status, self.text, self.evidence) = (milestone, status, text, evidence)
        }
    }

    /// Where a milestone stands: its last status and evidence, and every update's comment.
    public struct Progress: Sendable, Equatable {
        public let status: MilestoneStatus
        public let evidence: String
        public let updates: [Entry]
    }

    public let id: Int64
    public let callID: Int64
    public let owner: String
    /// The pair: two accounts of the applicant collectivité.
    public let metier: String
    public let donnees: String
    /// A use case of `UseCaseCatalogue`, or the collectivité's own (then `ownUseCase` says it).
    public let useCaseID: String?
    public let ownUseCase: String
    public let motivation: String
    public private(set) var state: State
    public let createdAt: Double
    public private(set) var entries: [Entry]

    public init(id: Int64 = 0, callID: Int64, owner: String, metier: String, donnees: String, useCaseID: String?, ownUseCase: String,
                motivation: String, state: State = .deposee, createdAt: Double, entries: [Entry] = []) {
        (self.id, self.callID, self.owner, self.metier, self.donnees) = (id, callID, owner, metier, donnees)
        (self.useCaseID, self.ownUseCase, self.motivation, self.state, self.createdAt, self.entries) =
            (useCaseID, ownUseCase, motivation, state, createdAt, entries)
    }

    /// What the collectivité asks for, checked: the call open, the collectivité eligible, a pair of two distinct
    /// accounts of its own (`members`: the logins of its accounts), a use case of the catalogue or its own words,
    /// a motivation.
    public static func apply(to call: CohortCall, owner: String, population: Int?, level: MaturityLevel?, members: Set<String>,
                             metier: String, donnees: String, useCaseID: String?, ownUseCase: String, motivation: String, at: Double) throws -> CohortApplication {
        let (metier, donnees) = (metier.trimmingCharacters(in: .whitespaces), donnees.trimmingCharacters(in: .whitespaces))
        let useCaseID = useCaseID.flatMap { $0.isEmpty ? nil : $0 }
        let ownUseCase = ownUseCase.trimmingCharacters(in: .whitespacesAndNewlines), motivation = motivation.trimmingCharacters(in: .whitespacesAndNewlines)
        guard call.state == .ouvert else { throw CohortError.callClosed }
        guard call.eligibility.admits(population: population, level: level) else { throw CohortError.notEligible(call.eligibility.label) }
        guard !metier.isEmpty, !donnees.isEmpty else { throw CohortError.pairIncomplete }
        guard metier != donnees else { throw CohortError.samePerson }
        for login in [metier, donnees] where !members.contains(login) { throw CohortError.notMember(login) }
        if let id = useCaseID, !UseCaseCatalogue.all.contains(where: { $0.id == id }) { throw CohortError.unknownUseCase(id) }
        guard useCaseID != nil || !ownUseCase.isEmpty else { throw CohortError.useCaseNeeded }
        guard !motivation.isEmpty else { throw CohortError.motivationNeeded }
        return CohortApplication(callID: call.id, owner: owner, metier: metier, donnees: donnees, useCaseID: useCaseID, ownUseCase: ownUseCase,
                                 motivation: motivation, createdAt: at)
    }

    /// The use case in words: the catalogue's title, or the collectivité's own text.
    public var useCaseTitle: String {
        useCaseID.flatMap { id in UseCaseCatalogue.all.first { $0.id == id }?.title } ?? ownUseCase
    }

    /// The two persons of the pair.
    public var pair: [String] { [metier, donnees] }

    /// Who may make a decision. Selection and refusal are the operator's; the collectivité may withdraw.
    public static let transitions: [State: [State: Set<Actor>]] = [
        .deposee: [.retenue: [.operateur], .refusee: [.operateur], .retiree: [.collectivite]],
        .retenue: [.retiree: [.collectivite, .operateur]],
    ]

    public func allowedNext(for actor: Actor) -> [State] {
        State.allCases.filter { Self.transitions[state]?[$0]?.contains(actor) == true }
    }

    /// A decision on the application. Selecting takes a seat: never more selected than the call's capacity
    /// (`selected`: the applications of the call already selected). A refusal or a withdrawal says why.
    public mutating func decide(_ next: State, by author: String, as actor: Actor, reason: String, call: CohortCall, selected: Int, at: Double) throws {
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard Self.transitions[state]?[next] != nil else { throw CohortError.impossible(from: state, to: next) }
        guard Self.transitions[state]?[next]?.contains(actor) == true else { throw CohortError.notYours(next) }
        if (next == .refusee || next == .retiree) && reason.isEmpty { throw CohortError.reasonNeeded(next) }
        if next == .retenue && selected >= call.capacity { throw CohortError.full(capacity: call.capacity) }
        entries.append(Entry(kind: .transition, at: at, author: author, actor: actor, from: state, to: next, text: reason))
        state = next
    }

    /// Where each milestone stands (à faire until a first update).
    public var milestones: [(milestone: Milestone, progress: Progress)] {
        Milestone.allCases.map { m in
            let updates = entries.filter { $0.kind == .milestone && $0.milestone == m }
            return (m, Progress(status: updates.last?.status ?? .aFaire, evidence: updates.last(where: { !$0.evidence.isEmpty })?.evidence ?? "",
                                updates: updates))
        }
    }

    /// A milestone update by the pair or the operator, once selected. A milestone declared done names its evidence.
    public mutating func update(_ milestone: Milestone, status: MilestoneStatus, evidence: String, comment: String, by author: String,
                                as actor: Actor, at: Double) throws {
        guard state == .retenue else { throw CohortError.notSelected }
        guard actor == .operateur || pair.contains(author) else { throw CohortError.notInPair }
        let evidence = evidence.trimmingCharacters(in: .whitespacesAndNewlines), comment = comment.trimmingCharacters(in: .whitespacesAndNewlines)
        if status == .fait && evidence.isEmpty && milestones.first(where: { $0.milestone == milestone })?.progress.evidence.isEmpty != false {
            throw CohortError.evidenceNeeded(milestone)
        }
        entries.append(Entry(kind: .milestone, at: at, author: author, actor: actor, milestone: milestone, status: status, text: comment, evidence: evidence))
    }
}

public enum CohortError: Error, Equatable, CustomStringConvertible {
    case titleNeeded
    case badDay(String)
    case daysOutOfOrder
    case badCapacity
    case badThreshold
    case alreadyClosed
    case alreadyOpen
    case topicNeeded
    case unknownSession(Int)
    case notParticipant(String)
    case callClosed
    case notEligible(String)
    case pairIncomplete
    case samePerson
    case notMember(String)
    case unknownUseCase(String)
    case useCaseNeeded
    case motivationNeeded
    case alreadyApplied
    case impossible(from: CohortApplication.State, to: CohortApplication.State)
    case notYours(CohortApplication.State)
    case reasonNeeded(CohortApplication.State)
    case full(capacity: Int)
    case belowSelected(Int)
    case notSelected
    case notInPair
    case evidenceNeeded(CohortApplication.Milestone)
    case readOnly
    case applicantsOnly
    case unknownCall(Int64)
    case unknownApplication(Int64)

    public var description: String {
        switch self {
        case .titleNeeded: "Donnez un titre à l'appel à candidatures."
        case .badDay(let day): "Date illisible : « \(day.prefix(20)) » (attendu : AAAA-MM-JJ)."
        case .daysOutOfOrder: "Les dates se suivent : la clôture des candidatures, puis le début, puis la fin de la formation-action."
        case .badCapacity: "Le nombre de places va de 1 à 50."
        case .badThreshold: "Le seuil de population est un nombre d'habitants supérieur à 0."
        case .alreadyClosed: "L'appel est déjà clos."
        case .alreadyOpen: "L'appel est déjà ouvert."
        case .topicNeeded: "Donnez le thème de la séance."
        case .unknownSession(let id): "Aucune séance n° \(id) dans cette formation-action."
        case .notParticipant(let login): "« \(login.prefix(64)) » ne fait pas partie d'un binôme retenu dans cette formation-action."
        case .callClosed: "Cet appel à candidatures est clos."
        case .notEligible(let rule): "Votre collectivité ne remplit pas les conditions de cet appel (\(rule))."
        case .pairIncomplete: "Nommez les deux personnes du binôme : le ou la référente métier et le ou la référente données."
        case .samePerson: "Le binôme réunit deux personnes différentes : la référente métier et la référente données ne peuvent pas être le même compte."
        case .notMember(let login): "« \(login.prefix(64)) » n'est pas un compte de votre collectivité : les deux personnes du binôme en font partie."
        case .unknownUseCase(let id): "Cas d'usage inconnu du catalogue : « \(id.prefix(60)) »."
        case .useCaseNeeded: "Choisissez un cas d'usage du catalogue ou décrivez le vôtre."
        case .motivationNeeded: "Dites en quelques lignes pourquoi votre collectivité candidate."
        case .alreadyApplied: "Votre collectivité a déjà candidaté à cet appel."
        case .impossible(let from, let to): "Une candidature « \(from.label) » ne peut pas passer à « \(to.label) »."
        case .notYours(let to): to == .retiree ? "Seule la collectivité peut retirer sa candidature à ce stade."
            : "Seul l'opérateur du programme décide qu'une candidature est \(to.label)."
        case .reasonNeeded(let state): "Donnez la raison : une candidature \(state.label) en garde la trace."
        case .full(let capacity): "La formation-action est complète : \(capacity) candidatures déjà retenues pour \(capacity) places."
        case .belowSelected(let selected): "Le nombre de places ne peut pas descendre sous les \(selected) candidatures déjà retenues."
        case .notSelected: "Les jalons se suivent une fois la candidature retenue."
        case .notInPair: "Seules les deux personnes du binôme et l'opérateur mettent à jour les jalons du projet."
        case .evidenceNeeded(let m): "Pour déclarer « \(m.label) » fait, donnez une preuve : un texte ou un lien."
        case .readOnly: "Les candidatures et les projets sont rédigés par les agents et référents de la collectivité ; un compte d'élu les lit."
        case .applicantsOnly: "Les candidatures sont faites par les collectivités."
        case .unknownCall(let id): "Aucun appel à candidatures n° \(id)."
        case .unknownApplication(let id): "Aucun projet ni candidature n° \(id)."
        }
    }
}

/// Where calls, sessions and applications are kept. `owner` nil is the operator (every application); a
/// collectivité's calls name its owner, and another's application is not found.
public protocol CohortStore: Sendable {
    func createCohortCall(_ call: CohortCall, actor: String) async throws -> CohortCall
    func cohortCalls() async throws -> [CohortCall]
    func cohortCall(id: Int64) async throws -> CohortCall?
    /// Reads the call, applies `change` and writes it back (sessions and attendance included) in one transaction.
    func updateCohortCall(id: Int64, actor: String, _ change: @Sendable (inout CohortCall) throws -> Void) async throws -> CohortCall
    /// Reads the call, refuses a second application of the same collectivité (`CohortError.alreadyApplied`),
    /// then records what `make` builds from the call, in one transaction.
    func createCohortApplication(callID: Int64, owner: String, actor: String,
                                 _ make: @Sendable (CohortCall) throws -> CohortApplication) async throws -> CohortApplication
    func cohortApplications(callID: Int64?, owner: String?) async throws -> [CohortApplication]
    func cohortApplication(id: Int64, owner: String?) async throws -> CohortApplication?
    /// Reads the call first (so two selections in one call are made one after the other), then the application,
    /// applies `change` with the call and the number of its applications already selected, and appends the new entries.
    func updateCohortApplication(id: Int64, owner: String?, actor: String,
                                 _ change: @Sendable (inout CohortApplication, CohortCall, Int) throws -> Void) async throws -> CohortApplication
}

/// The use case of formation-action cohorts, for both roles: a `Viewer` is the operator or a collectivité's
/// account, and every read is scoped by it (another collectivité's application is not found).
public struct Cohorts: Sendable {
    public enum Viewer: Sendable, Equatable {
        case operateur(login: String)
        /// A collectivité's account; `canWrite`: an agent or referent (an elected official reads).
        case collectivite(owner: String, login: String, canWrite: Bool)

        var login: String {
            switch self {
            case .operateur(let login), .collectivite(_, let login, _): login
            }
        }

        /// The owner the store's calls are scoped to (nil: every collectivité).
        var scope: String? {
            if case .collectivite(let owner, _, _) = self { return owner }
            return nil
        }

        var actor: CohortApplication.Actor { scope == nil ? .operateur : .collectivite }
    }

    /// A cohort's restitution: each selected project with its outcome.
    public struct Restitution: Sendable {
        public let call: CohortCall
        public let projects: [CohortApplication]
    }

    let store: any CohortStore & NoticeStore
    let now: @Sendable () -> Double

    public init(store: any CohortStore & NoticeStore, now: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }) {
        self.store = store
        self.now = now
    }

    // MARK: The operator's calls

    public func open(_ call: CohortCall, by login: String) async throws -> CohortCall {
        try await store.createCohortCall(try call.validated(), actor: login)
    }

    /// The operator's edit of a call's words, days, capacity and eligibility (never below the projects selected).
    public func edit(_ id: Int64, title: String, theme: String, deadline: String, startsOn: String, endsOn: String, capacity: Int,
                     eligibility: CohortCall.Eligibility, by login: String) async throws -> CohortCall {
        let selected = try await store.cohortApplications(callID: id, owner: nil).filter { $0.state == .retenue }.count
        guard capacity >= selected else { throw CohortError.belowSelected(selected) }
        return try await store.updateCohortCall(id: id, actor: login) { call in
            (call.title, call.theme, call.deadline, call.startsOn, call.endsOn) = (title, theme, deadline, startsOn, endsOn)
            (call.capacity, call.eligibility) = (capacity, eligibility)
            call = try call.validated()
        }
    }

    public func close(_ id: Int64, by login: String) async throws -> CohortCall {
        try await store.updateCohortCall(id: id, actor: login) { try $0.close() }
    }

    public func reopen(_ id: Int64, by login: String) async throws -> CohortCall {
        try await store.updateCohortCall(id: id, actor: login) { try $0.reopen() }
    }

    public func publish(_ id: Int64, _ on: Bool, by login: String) async throws -> CohortCall {
        try await store.updateCohortCall(id: id, actor: login) { $0.publish(on) }
    }

    /// A session of the cohort, announced to its participants.
    public func schedule(_ id: Int64, day: String, topic: String, place: String, mode: CohortCall.Mode, by login: String) async throws -> CohortCall {
        let call = try await store.updateCohortCall(id: id, actor: login) { try $0.schedule(day: day, topic: topic, place: place, mode: mode) }
        // Each person of the selected pairs is told, once the session is recorded.
        let at = now()
        for login in try await participants(of: id).sorted() {
            try await store.postNotice(Notice.Content(title: "Séance programmée : \(call.title)",
                                                      text: "Le \(FrenchDay.date(day)) : \(topic), \(mode.label)\(place.isEmpty ? "" : ", \(place)").",
                                                      link: "/parcours/cohortes"), to: .account(login), at: at)
        }
        return call
    }

    /// The persons of a cohort: both members of each selected pair.
    public func participants(of callID: Int64) async throws -> Set<String> {
        Set(try await store.cohortApplications(callID: callID, owner: nil).filter { $0.state == .retenue }.flatMap(\.pair))
    }

    public func record(_ id: Int64, session: Int, _ presences: [String: CohortCall.Presence], by login: String) async throws -> CohortCall {
        let participants = try await participants(of: id)
        return try await store.updateCohortCall(id: id, actor: login) { try $0.record(session: session, presences, participants: participants) }
    }

    // MARK: Applications and projects

    /// The open calls a collectivité may apply to.
    public func openCalls(population: Int?, level: MaturityLevel?) async throws -> [CohortCall] {
        try await store.cohortCalls().filter { $0.state == .ouvert && $0.eligibility.admits(population: population, level: level) }
    }

    /// A collectivité's application with its pair; `members` are the logins of its active accounts.
    public func apply(to callID: Int64, as viewer: Viewer, population: Int?, level: MaturityLevel?, members: Set<String>, metier: String,
                      donnees: String, useCaseID: String?, ownUseCase: String, motivation: String) async throws -> CohortApplication {
        guard case .collectivite(let owner, let login, let canWrite) = viewer else { throw CohortError.applicantsOnly }
        guard canWrite else { throw CohortError.readOnly }
        let at = now()
        return try await store.createCohortApplication(callID: callID, owner: owner, actor: login) { call in
            try CohortApplication.apply(to: call, owner: owner, population: population, level: level, members: members, metier: metier,
                                        donnees: donnees, useCaseID: useCaseID, ownUseCase: ownUseCase, motivation: motivation, at: at)
        }
    }

    public func applications(callID: Int64? = nil, for viewer: Viewer) async throws -> [CohortApplication] {
        try await store.cohortApplications(callID: callID, owner: viewer.scope)
    }

    /// An application or project as the viewer may read it: the operator any, a collectivité its own (nil otherwise).
    public func application(_ id: Int64, for viewer: Viewer) async throws -> CohortApplication? {
        try await store.cohortApplication(id: id, owner: viewer.scope)
    }

    /// Selection, refusal, withdrawal: a decision by the role allowed to make it, capacity respected.
    public func decide(_ id: Int64, _ next: CohortApplication.State, reason: String, as viewer: Viewer) async throws -> CohortApplication {
        if case .collectivite(_, _, false) = viewer { throw CohortError.readOnly }
        let at = now(), login = viewer.login, actor = viewer.actor
        let decided = try await store.updateCohortApplication(id: id, owner: viewer.scope, actor: login) { application, call, selected in
            try application.decide(next, by: login, as: actor, reason: reason, call: call, selected: selected, at: at)
        }
        // The operator's decision is told to the pair; the collectivité's own withdrawal tells nobody.
        if actor == .operateur {
            let why = next == .refusee && !reason.isEmpty ? " Motif : \(reason)" : ""
            for login in decided.pair {
                try await store.postNotice(Notice.Content(title: "Candidature \(next.label) à la formation-action",
                                                          text: "Votre candidature est \(next.label).\(why)", link: "/parcours/cohortes/projets/\(decided.id)"),
                                           to: .account(login), at: at)
            }
        }
        return decided
    }

    public func update(_ id: Int64, _ milestone: CohortApplication.Milestone, status: CohortApplication.MilestoneStatus, evidence: String,
                       comment: String, as viewer: Viewer) async throws -> CohortApplication {
        let at = now(), login = viewer.login, actor = viewer.actor
        return try await store.updateCohortApplication(id: id, owner: viewer.scope, actor: login) { application, _, _ in
            try application.update(milestone, status: status, evidence: evidence, comment: comment, by: login, as: actor, at: at)
        }
    }

    /// The restitution of a cohort: public once published; before, for the operator and the cohort's member
    /// collectivités only (nil for anyone else, as for an unknown call).
    public func restitution(_ callID: Int64, for viewer: Viewer?) async throws -> Restitution? {
        guard let call = try await store.cohortCall(id: callID) else { return nil }
        let projects = try await store.cohortApplications(callID: callID, owner: nil).filter { $0.state == .retenue }
        let member: Bool = switch viewer {
        case .operateur: true
        case .collectivite(let owner, _, _): projects.contains { $0.owner == owner }
        case nil: false
        }
        guard call.published || member else { return nil }
        return Restitution(call: call, projects: projects)
    }
}
