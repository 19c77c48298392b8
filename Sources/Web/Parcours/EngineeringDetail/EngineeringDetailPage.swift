import Accounts
import Foundation
import Parcours
import Referential

/// `/parcours/ingenierie/{id}` and `/operateur/ingenierie/{id}`: one request, its state, its history, its thread
/// and the moves the reader's role may make now (the operator also assigns, records deliverables and days).
struct EngineeringDetailPage {
    static let template = "ingenierie-demande"

    struct Line { let at: String, author: String, what: String, text: String }
    struct Message { let at: String, author: String, side: String, text: String }
    struct Deliverable { let title: String, date: String, link: String, isURL: Bool }
    /// A button of a move; a refusal or a withdrawal asks for a reason, an acceptance for the grant.
    struct Move { let state: String, label: String, needsReason: Bool, accepts: Bool, asksDays: Bool, asksStudy: Bool }

    let id: Int64
    let territory: String
    let kind: String, topic: String, state: String, need: String, contact: String, created: String
    /// Nil when the collectivité named none (the template then shows no empty line).
    let useCase: String?
    let helpRequestID: Int64?
    let region: String, level: String
    let grant: [String]
    let consumed: String
    let assignee: String
    let deliverables: [Deliverable]
    let timeline: [Line]
    let messages: [Message]
    let moves: [Move]
    let isOperator: Bool
    let canWrite: Bool
    let canRecord: Bool
    let operators: [Option]
    let base: String
    let csrf: String?

    init(_ r: EngineeringRequest, actor: EngineeringRequest.Actor, canWrite: Bool, referential: Referential, context: EngineeringDesk.Context?,
         operators: [String] = [], csrf: String?) {
        id = r.id
        territory = Owner(r.owner).map(referential.ownerLabel) ?? r.owner
        (kind, topic, state, need, contact) = (r.kind.label, r.topic.label, r.state.label, r.need, r.contact)
        useCase = r.useCase.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : r.useCase
        created = FrenchDay.format(r.createdAt)
        helpRequestID = r.helpRequestID
        region = context.flatMap { referential.region($0.regionCode)?.name } ?? "—"
        level = context?.level?.label ?? "pas de diagnostic complet"
        grant = r.grant.map(Self.describe) ?? []
        consumed = r.grant?.days.map { "\(EngineeringFormat.days(r.daysConsumed)) consommée(s) sur \(EngineeringFormat.days($0))" } ?? ""
        assignee = r.assignee ?? "personne"
        deliverables = r.entries.filter { $0.kind == .deliverable }.map {
            Deliverable(title: $0.text, date: $0.date.map(Format.date) ?? "", link: $0.link ?? "",
                        isURL: ($0.link ?? "").hasPrefix("https://") || ($0.link ?? "").hasPrefix("http://"))
        }
        timeline = r.entries.map { e in
            let what: String = switch e.kind {
            case .transition: "\(e.from?.label ?? "") → \(e.to?.label ?? "")"
            case .message: "message"
            case .deliverable: "livrable"
            case .assignment: "suivi confié à"
            case .consumption: "journées consommées"
            }
            let text = e.kind == .consumption ? (Double(e.text).map(EngineeringFormat.days) ?? e.text) : e.text
            return Line(at: Format.dateTime(Date(timeIntervalSince1970: e.at)), author: "\(e.author) (\(e.actor == .operateur ? "opérateur" : "collectivité"))",
                        what: what, text: text)
        }
        messages = r.entries.filter { $0.kind == .message }.map {
            Message(at: Format.dateTime(Date(timeIntervalSince1970: $0.at)), author: $0.author, side: $0.actor == .operateur ? "operateur" : "collectivite", text: $0.text)
        }
        moves = canWrite ? r.allowedNext(for: actor).map { next in
            Move(state: next.rawValue, label: Self.verb(next), needsReason: next == .refusee || next == .abandonnee, accepts: next == .acceptee,
                 asksDays: next == .acceptee && r.kind == .journeesConseil, asksStudy: next == .acceptee && r.kind == .etudeCofinancee)
        } : []
        isOperator = actor == .operateur
        self.canWrite = canWrite
        canRecord = actor == .operateur && (r.state == .enCours || r.state == .livree)
        self.operators = Option.list(operators, current: r.assignee, value: { $0 }, label: { $0 })
        base = actor == .operateur ? "/operateur/ingenierie/\(r.id)" : "/parcours/ingenierie/\(r.id)"
        self.csrf = csrf
    }

    static func describe(_ g: EngineeringRequest.Grant) -> [String] {
        var lines: [String] = []
        if let days = g.days { lines.append("\(EngineeringFormat.days(days)) accordée(s)") }
        if let rate = g.rate { lines.append("Cofinancement : \(Format.decimal(rate * 100, decimals: 0)) %") }
        if let amount = g.amount { lines.append("Montant engagé : \(EngineeringFormat.euros(amount))") }
        lines.append("Consultant : \(g.consultant)")
        return lines
    }

    /// What the button says: the act, not the state reached.
    static func verb(_ next: EngineeringRequest.State) -> String {
        switch next {
        case .brouillon: "Revenir au brouillon"
        case .deposee: "Déposer la demande"
        case .enInstruction: "Prendre en instruction"
        case .acceptee: "Accepter"
        case .refusee: "Refuser"
        case .enCours: "Démarrer l'accompagnement"
        case .livree: "Déclarer livrée"
        case .abandonnee: "Abandonner la demande"
        }
    }
}

/// Days and euros as the desk and the request pages write them.
enum EngineeringFormat {
    static func days(_ value: Double) -> String { "\(Format.decimal(value, decimals: value == value.rounded() ? 0 : 1)) j" }
    static func euros(_ value: Double) -> String { "\(Format.integer(Int(value.rounded()))) €" }
}

/// A move asked for by a form or the API: the state to reach, the comment, and the grant when the operator accepts.
struct EngineeringMove {
    let state: EngineeringRequest.State
    let comment: String
    let grant: EngineeringRequest.Grant?

    /// From the form: days, rate in percent, amount in euros, all with a decimal comma or point.
    init(state: String, comment: String, days: String?, ratePercent: String?, amount: String?, consultant: String?) throws {
        try self.init(state: state, comment: comment, days: try Self.field(days, "journées"), ratePercent: try Self.field(ratePercent, "taux"),
                      amount: try Self.field(amount, "montant"), consultant: consultant)
    }

    init(_ body: EngineeringMoveBody) throws {
        try self.init(state: body.state, comment: body.commentaire ?? "", days: body.accord?.jours, ratePercent: body.accord?.taux,
                      amount: body.accord?.montant, consultant: body.accord?.consultant)
    }

    private init(state: String, comment: String, days: Double?, ratePercent: Double?, amount: Double?, consultant: String?) throws {
        guard let next = EngineeringRequest.State(rawValue: state) else {
            throw WebError.badRequest("État attendu : " + EngineeringRequest.State.allCases.map(\.rawValue).joined(separator: ", ") + ".")
        }
        self.state = next
        self.comment = try EngineeringInput.limited(comment, "commentaire", 4_000)
        let consultant = try EngineeringInput.limited((consultant ?? "").trimmingCharacters(in: .whitespacesAndNewlines), "consultant", 200)
        // The bounds of the OpenAPI document, whatever the move: a grant out of them is refused, not ignored.
        if let days, !(days > 0 && days <= 100) { throw WebError.badRequest("Journées accordées : plus de 0, au plus 100.") }
        if let ratePercent, !(ratePercent > 0 && ratePercent <= 100) { throw WebError.badRequest("Taux de cofinancement : plus de 0 %, au plus 100 %.") }
        if let amount, !(amount > 0) { throw WebError.badRequest("Montant engagé : un nombre d'euros supérieur à 0.") }
        grant = days == nil && ratePercent == nil && amount == nil && consultant.isEmpty ? nil
            : EngineeringRequest.Grant(days: days, rate: ratePercent.map { $0 / 100 }, amount: amount, consultant: consultant)
    }

    /// A number typed in French or not ("1,5", "12 000"); nil when absent or empty.
    static func number(_ text: String?) -> Double? {
        guard let text = text?.filter({ !$0.isWhitespace && $0 != "\u{202F}" && $0 != "\u{00A0}" }), !text.isEmpty else { return nil }
        return Double(text.replacingOccurrences(of: ",", with: ".")).flatMap { $0.isFinite ? $0 : nil }
    }

    private static func field(_ text: String?, _ name: String) throws -> Double? {
        guard let text, !text.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
        guard let value = number(text) else { throw WebError.badRequest("Nombre illisible pour le \(name) : « \(text.prefix(20)) ».") }
        return value
    }
}

/// A new request, from the form or `POST /api/v1/ingenierie`.
struct EngineeringInput: Decodable {
    var kind: String
    var sujet: String
    var besoin: String
    var useCase: String?
    var contact: String
    /// The help request it details.
    var demande_aide: Int64?
    /// True: submitted at once; otherwise a draft.
    var deposer: Bool?

    /// A text within its limit, counted as JSON Schema counts (`maxLength` in the OpenAPI document): in Unicode
    /// scalars. Longer is refused, never cut, so what is kept is what was written.
    static func limited(_ text: String, _ field: String, _ limit: Int) throws -> String {
        guard text.unicodeScalars.count <= limit else {
            throw WebError.badRequest("Le champ « \(field) » est limité à \(Format.integer(limit)) caractères.")
        }
        return text
    }
}

/// The body of `POST /api/v1/ingenierie/{id}/etat`.
struct EngineeringMoveBody: Decodable {
    struct Grant: Decodable { let jours: Double?, taux: Double?, montant: Double?, consultant: String? }
    let state: String
    let commentaire: String?
    let accord: Grant?
}

/// The body of `POST /api/v1/ingenierie/{id}/messages`.
struct EngineeringMessageBody: Decodable { let message: String }

/// A request in `/api/v1/ingenierie`, with its whole history; `etats_possibles` are the moves open to the caller.
struct EngineeringDTO: Encodable {
    struct Grant: Encodable { let jours: Double?, taux: Double?, montant: Double?, consultant: String }
    struct Entry: Encodable {
        let kind: String, le: Date, auteur: String, en_tant_que: String, de: String?, vers: String?, text: String, date: String?, lien: String?
    }

    let id: Int64, owner: String, kind: String, sujet: String, state: String, besoin: String, useCase: String, contact: String
    let demande_aide: Int64?
    let accord: Grant?
    let jours_consommes: Double
    let suivi_par: String?
    let createdAt: Date
    let etats_possibles: [String]
    let historique: [Entry]

    init(_ r: EngineeringRequest, actor: EngineeringRequest.Actor) {
        (id, owner, kind, sujet, state, besoin, useCase, contact) = (r.id, r.owner, r.kind.rawValue, r.topic.rawValue, r.state.rawValue, r.need, r.useCase, r.contact)
        demande_aide = r.helpRequestID
        accord = r.grant.map { Grant(jours: $0.days, taux: $0.rate.map { $0 * 100 }, montant: $0.amount, consultant: $0.consultant) }
        (jours_consommes, suivi_par, createdAt) = (r.daysConsumed, r.assignee, Date(timeIntervalSince1970: r.createdAt))
        etats_possibles = r.allowedNext(for: actor).map(\.rawValue)
        historique = r.entries.map {
            Entry(kind: $0.kind.rawValue, le: Date(timeIntervalSince1970: $0.at), auteur: $0.author, en_tant_que: $0.actor.rawValue, de: $0.from?.rawValue,
                  vers: $0.to?.rawValue, text: $0.text, date: $0.date, lien: $0.link)
        }
    }
}
