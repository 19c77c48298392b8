import Accounts
import Foundation
import Referential

/// The operator's accounts (`/operateur/comptes`): every account with filters by collectivité, role and state,
/// the form that creates a collectivité's account, and, just after a creation, its activation link shown once.
struct OperatorAccountsPage {
    static let template = "operateur-comptes"

    /// The states an account is filtered by, in the words of the list.
    enum State: String, CaseIterable {
        case actif, desactive, enAttente = "en_attente"

        var label: String {
            switch self {
            case .actif: "actif"
            case .desactive: "désactivé"
            case .enAttente: "en attente d'activation"
            }
        }

        init(_ account: AccountStatus) {
            self = account.user.disabled ? .desactive : account.pendingActivation ? .enAttente : .actif
        }
    }

    /// The roles a collectivité's account may have (operator accounts are made on the command line).
    static let collectiviteRoles: [Role] = [.agent, .elu, .referent]

    struct Filters {
        var collectivite = ""
        var role: Role?
        var state: State?

        init(_ query: Query) {
            collectivite = (query["collectivite"] ?? "").trimmingCharacters(in: .whitespaces)
            role = query["role"].flatMap(Role.init(rawValue:))
            state = query["etat"].flatMap(State.init(rawValue:))
        }

        /// The filter on the collectivité matches its code or SIREN, or words of its name, accents and case aside.
        func matches(_ account: AccountStatus, label: String) -> Bool {
            if let role, account.user.role != role { return false }
            if let state, State(account) != state { return false }
            guard !collectivite.isEmpty else { return true }
            return account.user.owner.description.hasSuffix(":" + collectivite)
                || SearchText.normalize(label).contains(SearchText.normalize(collectivite))
        }
    }

    struct Row {
        let login: String
        let name: String
        let role: String
        let owner: String
        let ownerHref: String?
        let state: String
        let created: String
        /// For a pending account, until when its link works (or that it has expired).
        let activation: String?
        /// What the operator may do here: collectivités' accounts only (operators are managed on the command line).
        let manageable: Bool
        let disabled: Bool
        let pending: Bool
    }

    /// The account just created (or given a new link), with the link to pass on.
    struct Created {
        let login: String
        let url: String
        let expires: String
    }

    /// What the creation form shows again after a refusal: the fields typed, why, and the collectivités the
    /// name given may designate.
    struct Form {
        var login = ""
        var name = ""
        var role: Role = .agent
        var collectivite = ""
        var message: String?
        var candidates: [Option] = []
    }

    let filterCollectivite: String
    let roleFilter: [Option]
    let stateFilter: [Option]
    let rows: [Row]
    let total: Int
    let hasRows: Bool
    let created: Created?
    let form: Form
    let roles: [Option]
    let csrf: String?
    let lifetimeDays: Int

    init(_ accounts: [AccountStatus], filters: Filters, created: Created?, form: Form, now: Date, referential: Referential, csrf: String?) {
        filterCollectivite = filters.collectivite
        roleFilter = [Option(value: "", label: "tous les rôles", selected: filters.role == nil)]
            + Option.list(Role.allCases, current: filters.role?.rawValue, value: \.rawValue, label: \.label)
        stateFilter = [Option(value: "", label: "tous les états", selected: filters.state == nil)]
            + Option.list(State.allCases, current: filters.state?.rawValue, value: \.rawValue, label: \.label)
        rows = accounts.compactMap { account in
            let owner = OwnerLabel(account.user.owner, in: referential)
            guard filters.matches(account, label: owner.label) else { return nil }
            let activation = account.activationExpiresAt.map { $0 > now ? "lien valable jusqu'au \(Format.dateTime($0))" : "lien expiré le \(Format.dateTime($0))" }
            return Row(login: account.user.login, name: account.user.name, role: account.user.role.label, owner: owner.label, ownerHref: owner.href,
                       state: State(account).label, created: Format.day(account.createdAt), activation: activation,
                       manageable: account.user.owner != .operateur, disabled: account.user.disabled, pending: account.pendingActivation)
        }
        total = accounts.count
        hasRows = !rows.isEmpty
        self.created = created
        self.form = form
        roles = Option.list(Self.collectiviteRoles, current: form.role.rawValue, value: \.rawValue, label: \.label)
        self.csrf = csrf
        lifetimeDays = Int(Activation.lifetime / 86_400)
    }

    /// The collectivité a typed text designates: `commune:CODE` or `epci:SIREN` (a choice of the form), an INSEE
    /// code, a SIREN, or a name. `.choose` lists the collectivités a name may designate when it is not one only.
    enum Designation: Equatable {
        case owner(Owner)
        case choose([Owner])
        case none
    }

    static func designate(_ typed: String, in referential: Referential) -> Designation {
        let text = typed.trimmingCharacters(in: .whitespaces)
        if let owner = Owner(text), owner != .operateur {
            switch owner {
            case .commune(let code): return referential.commune(code) == nil ? .none : .owner(owner)
            case .epci(let siren): return referential.epci(siren) == nil ? .none : .owner(owner)
            case .operateur: return .none
            }
        }
        if let commune = referential.commune(text.uppercased()) { return .owner(.commune(commune.code)) }
        if let epci = referential.epci(text) { return .owner(.epci(epci.siren)) }
        let folded = SearchText.normalize(text)
        guard !folded.isEmpty else { return .none }
        // Communes found by the site's search (its words, « st » for Saint), EPCI whose name holds the words.
        let communes = referential.search.find(text, limit: 8).filter { $0.matchedSubCommune == nil }.map { (Owner.commune($0.commune.code), $0.commune.name) }
        let epcis = referential.epcis.filter { SearchText.normalize($0.name).contains(folded) }.prefix(8).map { (Owner.epci($0.siren), $0.name) }
        let found = communes + epcis
        // One collectivité bearing exactly that name is the one meant, even when others contain it.
        let exact = found.filter { SearchText.normalize($0.1) == folded }
        if exact.count == 1 { return .owner(exact[0].0) }
        switch found.count {
        case 0: return .none
        case 1: return .owner(found[0].0)
        default: return .choose(found.map(\.0))
        }
    }
}

/// An account in the operator's API (`/api/v1/operateur/comptes`), named on the wire by `APIJSON`.
struct AccountDTO: Encodable {
    let login: String
    let name: String
    let role: String
    let owner: String
    /// actif, desactive or en_attente (of activation).
    let state: String
    let createdAt: Date
    /// Until when the activation link works, for an account waiting for it.
    let activation_expire_le: Date?

    init(_ account: AccountStatus) {
        login = account.user.login
        name = account.user.name
        role = account.user.role.rawValue
        owner = account.user.owner.description
        state = OperatorAccountsPage.State(account).rawValue
        createdAt = account.createdAt
        activation_expire_le = account.activationExpiresAt
    }
}

/// The account just created and its one-time link, given once.
struct CreatedAccountDTO: Encodable {
    let compte: AccountDTO
    let lien_activation: String
}

/// `POST /api/v1/operateur/comptes` (`identifiant`, `nom`, `role`, `collectivite`): the collectivité as the page reads
/// it (a code, a SIREN, `commune:…`, or a name that designates one collectivité only).
struct NewAccountBody: Decodable {
    let login: String
    let name: String
    let role: String
    let owner: String
}
