import Foundation

/// A collectivité's request for ingénierie: consulting days or a co-financed study, followed from the draft to
/// the delivered work. Every change of state is an event (who, when, from, to, why) and the conversation is a
/// thread of messages: nothing is overwritten, so the request's history is its record.
public struct EngineeringRequest: Sendable, Equatable, Identifiable {
    public enum Kind: String, Sendable, CaseIterable {
        case journeesConseil = "journees_conseil", etudeCofinancee = "etude_cofinancee"

        public var label: String {
            switch self {
            case .journeesConseil: "Journées de conseil"
            case .etudeCofinancee: "Étude cofinancée"
            }
        }
    }

    public enum Topic: String, Sendable, CaseIterable {
        case strategie, gouvernance, premierCasUsage = "premier_cas_usage", secondCasUsage = "second_cas_usage", autre

        public var label: String {
            switch self {
            case .strategie: "Stratégie de la donnée"
            case .gouvernance: "Gouvernance de la donnée"
            case .premierCasUsage: "Premier cas d'usage"
            case .secondCasUsage: "Deuxième cas d'usage"
            case .autre: "Autre besoin"
            }
        }
    }

    public enum State: String, Sendable, CaseIterable {
        case brouillon, deposee, enInstruction = "en_instruction", acceptee, refusee, enCours = "en_cours", livree, abandonnee

        public var label: String {
            switch self {
            case .brouillon: "brouillon"
            case .deposee: "déposée"
            case .enInstruction: "en instruction"
            case .acceptee: "acceptée"
            case .refusee: "refusée"
            case .enCours: "en cours"
            case .livree: "livrée"
            case .abandonnee: "abandonnée"
            }
        }
    }

    /// Who acts on a request: the collectivité that owns it, or the programme's operator.
    public enum Actor: String, Sendable { case collectivite, operateur }

    /// What the operator grants when accepting: days of consulting, or a co-financing rate and amount, and the
    /// consultant who will do the work.
    public struct Grant: Sendable, Equatable {
        public var days: Double?
        /// Share of the study paid by the programme, 0-1.
        public var rate: Double?
        /// Amount committed by the programme, in euros.
        public var amount: Double?
        public var consultant: String

        public init(days: Double? = nil, rate: Double? = nil, amount: Double? = nil, consultant: String) {
            self.days = days
            self.rate = rate
            self.amount = amount
            self.consultant = consultant
        }
    }

    /// One line of the request's history: a change of state, a message, a deliverable, an assignment, days used.
    public struct Entry: Sendable, Equatable {
        public enum Kind: String, Sendable { case transition, message, deliverable, assignment, consumption }

        public let kind: Kind
        public let at: Double
        /// The login of the person, and as whom they acted.
        public let author: String
        public let actor: Actor
        /// For a transition: the state left and the state reached.
        public let from: State?
        public let to: State?
        /// The comment of a transition, the message, the deliverable's title, the assignee, the days used.
        public let text: String
        /// A deliverable's date (ISO 8601 day) and its link or file name.
        public let date: String?
        public let link: String?

        public init(kind: Kind, at: Double, author: String, actor: Actor, from: State? = nil, to: State? = nil, text: String,
                    date: String? = nil, link: String? = nil) {
            self.kind = kind
            self.at = at
            self.author = author
            self.actor = actor
            self.from = from
            self.to = to
            self.text = text
            self.date = date
            self.link = link
        }
    }

    public let id: Int64
    public let owner: String
    public var kind: Kind
    public var topic: Topic
    /// What the collectivité needs, its use case, and whom to contact.
    public var need: String
    public var useCase: String
    public var contact: String
    /// The help request (from a recommendation of the diagnostic) this request follows, if any.
    public var helpRequestID: Int64?
    public private(set) var state: State
    public var grant: Grant?
    public var daysConsumed: Double
    /// The operator account following the request.
    public var assignee: String?
    public let createdAt: Double
    public private(set) var entries: [Entry]

    public init(id: Int64 = 0, owner: String, kind: Kind, topic: Topic, need: String, useCase: String = "", contact: String,
                helpRequestID: Int64? = nil, state: State = .brouillon, grant: Grant? = nil, daysConsumed: Double = 0,
                assignee: String? = nil, createdAt: Double, entries: [Entry] = []) {
        self.id = id
        self.owner = owner
        self.kind = kind
        self.topic = topic
        self.need = need
        self.useCase = useCase
        self.contact = contact
        self.helpRequestID = helpRequestID
        self.state = state
        self.grant = grant
        self.daysConsumed = daysConsumed
        self.assignee = assignee
        self.createdAt = createdAt
        self.entries = entries
    }

    /// Who may move a request from one state to another. Anything else is refused.
    public static let transitions: [State: [State: Set<Actor>]] = [
        .brouillon: [.deposee: [.collectivite], .abandonnee: [.collectivite]],
        .deposee: [.enInstruction: [.operateur], .refusee: [.operateur], .abandonnee: [.collectivite]],
        .enInstruction: [.acceptee: [.operateur], .refusee: [.operateur], .abandonnee: [.collectivite]],
        .acceptee: [.enCours: [.operateur], .abandonnee: [.collectivite, .operateur]],
        .enCours: [.livree: [.operateur], .abandonnee: [.collectivite, .operateur]],
    ]

    /// The states the actor may move the request to now.
    public func allowedNext(for actor: Actor) -> [State] {
        State.allCases.filter { Self.transitions[state]?[$0]?.contains(actor) == true }
    }

    /// Moves the request to `next`, recording who did it and why; refuses a transition the actor may not make,
    /// a refusal or an abandon without a reason, an acceptance without a grant that fits the kind of request,
    /// and a delivery without a deliverable.
    public mutating func move(to next: State, by author: String, as actor: Actor, comment: String, grant: Grant? = nil, at: Double) throws {
        let comment = comment.trimmingCharacters(in: .whitespacesAndNewlines)
        guard Self.transitions[state]?[next] != nil else { throw EngineeringError.impossible(from: state, to: next) }
        guard Self.transitions[state]?[next]?.contains(actor) == true else { throw EngineeringError.notYours(to: next, actor: actor) }
        if (next == .refusee || next == .abandonnee) && comment.isEmpty { throw EngineeringError.reasonNeeded(next) }
        if next == .deposee {
            guard !need.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, !contact.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
            else { throw EngineeringError.incomplete }
        }
        if next == .acceptee {
            guard let grant = grant ?? self.grant else { throw EngineeringError.grantNeeded(kind) }
            try Self.check(grant, for: kind)
            self.grant = grant
        }
        if next == .livree && !entries.contains(where: { $0.kind == .deliverable }) { throw EngineeringError.deliverableNeeded }
        entries.append(Entry(kind: .transition, at: at, author: author, actor: actor, from: state, to: next, text: comment))
        state = next
    }

    /// A message of the conversation; the closed requests still take messages (a question after delivery).
    public mutating func say(_ text: String, by author: String, as actor: Actor, at: Double) throws {
        let text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw EngineeringError.emptyMessage }
        entries.append(Entry(kind: .message, at: at, author: author, actor: actor, text: String(text.prefix(4_000))))
    }

    /// A deliverable recorded by the operator once the work has started (title, date, link or file name).
    public mutating func deliver(title: String, date: String, link: String, by author: String, at: Double) throws {
        let title = title.trimmingCharacters(in: .whitespacesAndNewlines)
        guard state == .enCours || state == .livree else { throw EngineeringError.notStarted }
        guard !title.isEmpty else { throw EngineeringError.deliverableTitle }
        guard Self.isDay(date) else { throw EngineeringError.deliverableDate(date) }
        entries.append(Entry(kind: .deliverable, at: at, author: author, actor: .operateur, text: title, date: date,
                             link: link.trimmingCharacters(in: .whitespacesAndNewlines)))
    }

    /// The operator account that follows the request (an operator's act).
    public mutating func assign(to login: String, by author: String, at: Double) {
        assignee = login
        entries.append(Entry(kind: .assignment, at: at, author: author, actor: .operateur, text: login))
    }

    /// Consulting days used so far; never more than granted.
    public mutating func consume(days: Double, by author: String, at: Double) throws {
        guard state == .enCours || state == .livree, let granted = grant?.days else { throw EngineeringError.notStarted }
        guard days > 0, daysConsumed + days <= granted + 1e-9 else { throw EngineeringError.tooManyDays(granted: granted, used: daysConsumed) }
        daysConsumed += days
        entries.append(Entry(kind: .consumption, at: at, author: author, actor: .operateur, text: "\(days)"))
    }

    static func check(_ grant: Grant, for kind: Kind) throws {
        if grant.consultant.trimmingCharacters(in: .whitespaces).isEmpty { throw EngineeringError.grantNeeded(kind) }
        switch kind {
        case .journeesConseil:
            guard let days = grant.days, days > 0, days <= 100 else { throw EngineeringError.grantNeeded(kind) }
        case .etudeCofinancee:
            guard let rate = grant.rate, rate > 0, rate <= 1, let amount = grant.amount, amount > 0 else { throw EngineeringError.grantNeeded(kind) }
        }
    }

    static func isDay(_ text: String) -> Bool {
        let parts = text.split(separator: "-")
        guard parts.count == 3, parts[0].count == 4, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return false }
        var components = DateComponents(calendar: Calendar(identifier: .gregorian), year: y, month: m, day: d)
        components.timeZone = TimeZone(identifier: "UTC")
        return (2000...2100).contains(y) && components.isValidDate
    }
}

public enum EngineeringError: Error, Equatable, CustomStringConvertible {
    case impossible(from: EngineeringRequest.State, to: EngineeringRequest.State)
    case notYours(to: EngineeringRequest.State, actor: EngineeringRequest.Actor)
    case reasonNeeded(EngineeringRequest.State)
    case incomplete
    case grantNeeded(EngineeringRequest.Kind)
    case deliverableNeeded
    case notStarted
    case deliverableTitle
    case deliverableDate(String)
    case emptyMessage
    case tooManyDays(granted: Double, used: Double)
    case unknown(id: Int64)

    public var description: String {
        switch self {
        case .impossible(let from, let to): "Une demande « \(from.label) » ne peut pas passer à « \(to.label) »."
        case .notYours(let to, let actor):
            actor == .collectivite ? "Seul l'opérateur du programme peut passer une demande à « \(to.label) »."
                : "Seule la collectivité peut passer sa demande à « \(to.label) »."
        case .reasonNeeded(let state): "Donnez la raison : une demande \(state.label) en garde la trace."
        case .incomplete: "Décrivez le besoin et indiquez une personne à contacter avant de déposer la demande."
        case .grantNeeded(.journeesConseil): "Pour accepter, indiquez le nombre de journées accordées (plus de 0, au plus 100) et le consultant."
        case .grantNeeded(.etudeCofinancee): "Pour accepter, indiquez le taux de cofinancement (plus de 0 %, au plus 100 %), le montant engagé et le consultant."
        case .deliverableNeeded: "Enregistrez au moins un livrable avant de déclarer la demande livrée."
        case .notStarted: "Les livrables et les journées consommées s'enregistrent une fois l'accompagnement commencé."
        case .deliverableTitle: "Donnez un titre au livrable."
        case .deliverableDate(let date): "Date du livrable illisible : « \(date.prefix(20)) » (attendu : AAAA-MM-JJ)."
        case .emptyMessage: "Le message est vide."
        case .tooManyDays(let granted, let used):
            "Journées consommées au-delà de l'accord : \(used.formatted()) déjà consommées sur \(granted.formatted()) accordées."
        case .unknown(let id): "Aucune demande d'ingénierie n° \(id)."
        }
    }
}

/// Where ingénierie requests are kept. `owner` nil is the operator (every request); a collectivité's calls name
/// its owner, and another's request is not found.
public protocol EngineeringStore: Sendable {
    /// Records a new request (its id is given by the store) with its first entries.
    func createEngineering(_ request: EngineeringRequest) async throws -> EngineeringRequest
    func engineering(id: Int64, owner: String?) async throws -> EngineeringRequest?
    func engineeringRequests(owner: String?) async throws -> [EngineeringRequest]
    /// Reads the request, applies `change` (a domain method: `move`, `say`, `deliver`…) and writes the result
    /// and its new entries in one transaction, with the `notices(for:)` of the new entries posted to the collectivité's
    /// accounts; two changes at once are applied one after the other.
    func updateEngineering(id: Int64, owner: String?, actor: String,
                           _ change: @Sendable (inout EngineeringRequest) throws -> Void) async throws -> EngineeringRequest
}

/// The operator's desk over every ingénierie request: the filters it offers and its totals.
public enum EngineeringDesk {
    public struct Filter: Sendable, Equatable {
        public var states: Set<EngineeringRequest.State> = []
        public var kind: EngineeringRequest.Kind?
        public var regionCode: String?
        public var level: MaturityLevel?
        /// Created on or after / before (seconds since 1970).
        public var from: Double?
        public var until: Double?
        public var assignee: String?

        public init() {}
    }

    /// What the desk knows of a request's collectivité: its région and the level of its diagnostic.
    public struct Context: Sendable, Equatable {
        public let regionCode: String
        public let level: MaturityLevel?

        public init(regionCode: String, level: MaturityLevel?) {
            self.regionCode = regionCode
            self.level = level
        }
    }

    public struct Totals: Sendable, Equatable {
        public var requests = 0
        public var daysGranted = 0.0
        public var daysConsumed = 0.0
        /// Co-financing committed on accepted studies (not refused nor abandoned before starting).
        public var amountCommitted = 0.0

        public init(requests: Int = 0, daysGranted: Double = 0, daysConsumed: Double = 0, amountCommitted: Double = 0) {
            (self.requests, self.daysGranted, self.daysConsumed, self.amountCommitted) = (requests, daysGranted, daysConsumed, amountCommitted)
        }
    }

    public static func select(_ requests: [EngineeringRequest], _ filter: Filter,
                              context: (String) -> Context?) -> [EngineeringRequest] {
        requests.filter { r in
            let c = context(r.owner)
            if !filter.states.isEmpty && !filter.states.contains(r.state) { return false }
            if let k = filter.kind, r.kind != k { return false }
            if let region = filter.regionCode, c?.regionCode != region { return false }
            if let level = filter.level, c?.level != level { return false }
            if let from = filter.from, r.createdAt < from { return false }
            if let until = filter.until, r.createdAt >= until { return false }
            if let a = filter.assignee, r.assignee != a { return false }
            return true
        }
    }

    /// Totals overall, by région and by maturity level ("" when the collectivité has no diagnostic). What is
    /// granted counts once accepted; a request refused, or abandoned before it started, commits nothing.
    public static func totals(_ requests: [EngineeringRequest], context: (String) -> Context?)
        -> (all: Totals, byRegion: [String: Totals], byLevel: [String: Totals]) {
        var all = Totals(), byRegion: [String: Totals] = [:], byLevel: [String: Totals] = [:]
        for r in requests {
            let started = r.entries.contains { $0.kind == .transition && $0.to == .enCours }
            let committed = r.grant != nil && r.state != .refusee && (r.state != .abandonnee || started)
            func add(_ t: inout Totals) {
                t.requests += 1
                if committed {
                    t.daysGranted += r.grant?.days ?? 0
                    t.amountCommitted += r.grant?.amount ?? 0
                }
                t.daysConsumed += r.daysConsumed
            }
            let c = context(r.owner)
            add(&all)
            add(&byRegion[c?.regionCode ?? "", default: Totals()])
            add(&byLevel[c?.level?.rawValue ?? "", default: Totals()])
        }
        return (all, byRegion, byLevel)
    }
}
