import Foundation

/// Who owns data and who belongs where: a commune (INSEE code), an EPCI (SIREN), or the operator that runs
/// the programme for all.
public enum Owner: Hashable, Sendable, Codable, CustomStringConvertible {
    case commune(String)
    case epci(String)
    case operateur

    /// The stored form: "commune:29103", "epci:242900314", "operateur".
    public var description: String {
        switch self {
        case .commune(let code): "commune:\(code)"
        case .epci(let siren): "epci:\(siren)"
        case .operateur: "operateur"
        }
    }

    public init?(_ text: String) {
        if text == "operateur" { self = .operateur; return }
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { return nil }
        switch parts[0] {
        case "commune": self = .commune(parts[1])
        case "epci": self = .epci(parts[1])
        default: return nil
        }
    }
}

public enum Role: String, Sendable, Codable, CaseIterable {
    /// Reads and writes its collectivité's data.
    case agent
    /// Reads its collectivité's data.
    case elu
    /// Data referent: an agent who also runs the diagnostics.
    case referent
    /// Runs the programme: sees every collectivité's programme data; not a database superuser.
    case operateur

    public var label: String {
        switch self {
        case .agent: "agent"
        case .elu: "élu·e"
        case .referent: "référent·e données"
        case .operateur: "opérateur du programme"
        }
    }
}

public struct User: Sendable, Equatable, Codable {
    public let id: Int64
    public let login: String
    public let name: String
    public let owner: Owner
    public let role: Role
    public let disabled: Bool

    public init(id: Int64, login: String, name: String, owner: Owner, role: Role, disabled: Bool) {
        self.id = id
        self.login = login
        self.name = name
        self.owner = owner
        self.role = role
        self.disabled = disabled
    }

    /// Reading data owned by `owner`: its own collectivité's, or any for the operator.
    public func canRead(_ owner: Owner) -> Bool { role == .operateur || self.owner == owner }

    /// Writing data owned by `owner`: agents and referents of that collectivité only.
    public func canWrite(_ owner: Owner) -> Bool { self.owner == owner && (role == .agent || role == .referent) }
}

/// An API token as its owner sees it: the secret itself is shown once at creation and stored only hashed.
public struct APITokenInfo: Sendable, Equatable, Codable {
    public let id: Int64
    public let label: String
    public let createdAt: Date
    public let lastUsedAt: Date?

    public init(id: Int64, label: String, createdAt: Date, lastUsedAt: Date?) {
        self.id = id
        self.label = label
        self.createdAt = createdAt
        self.lastUsedAt = lastUsedAt
    }
}

/// What the audit log records, one spelling for every store and for the web layer's own lines (failed and
/// blocked logins): the log is read by these strings, so each is written in one place.
public enum AuditAction: String, Sendable, CaseIterable {
    case accountCreated = "compte.creation"
    case passwordChanged = "compte.mot_de_passe"
    case accountDisabled = "compte.desactivation"
    case accountEnabled = "compte.reactivation"
    case activationIssued = "compte.lien_activation"
    case accountActivated = "compte.activation"
    case sessionOpened = "session.ouverture"
    case loginFailed = "connexion.echec"
    case loginBlocked = "connexion.bloquee"
    case tokenCreated = "jeton.creation"
    case tokenRevoked = "jeton.revocation"
    case diagnosticSubmitted = "diagnostic.reponses"
    case diagnosticDraft = "diagnostic.brouillon"
    case helpRequested = "demande.creation"
    case helpFollowedUp = "demande.suivi"
    case fileValidated = "validation.fichier"
    case buildingsImported = "batiments.import"
    case ownSeriesSaved = "donnees_propres.enregistrement"
    case ownSeriesDeleted = "donnees_propres.suppression"
    case engineeringCreated = "ingenierie.creation"
    case engineeringUpdated = "ingenierie.suivi"
    case barometerNoteSaved = "barometre.note"
    case worksProfileSaved = "travaux.caracteristiques"
    case worksScenarioSaved = "travaux.scenario"
    case worksScenarioDeleted = "travaux.scenario_suppression"
    case worksSettingsSaved = "travaux.reglages"
    case cohortCallSaved = "cohorte.appel"
    case cohortApplied = "cohorte.candidature"
    case cohortProjectUpdated = "cohorte.suivi"
}

/// One line of the audit log: who did what, when.
public struct AuditEntry: Sendable, Equatable, Codable {
    public let at: Date
    public let actor: String
    public let owner: String
    public let action: String
    public let detail: String

    public init(at: Date, actor: String, owner: String, action: String, detail: String) {
        self.at = at
        self.actor = actor
        self.owner = owner
        self.action = action
        self.detail = detail
    }
}

public struct Session: Sendable, Equatable {
    public let user: User
    public let csrfToken: String
    public let expiresAt: Date

    public init(user: User, csrfToken: String, expiresAt: Date) {
        self.user = user
        self.csrfToken = csrfToken
        self.expiresAt = expiresAt
    }
}

public enum AccountError: Error, Equatable, CustomStringConvertible {
    case loginTaken(String)
    case unknownLogin(String)
    case invalidLogin(String)
    case alreadyActivated(String)

    public var description: String {
        switch self {
        case .loginTaken(let login): "l'identifiant « \(login) » existe déjà"
        case .unknownLogin(let login): "aucun compte « \(login) »"
        case .invalidLogin(let login): "identifiant invalide « \(login) » : lettres minuscules, chiffres, point, tiret, 3 à 64 caractères"
        case .alreadyActivated(let login): "le compte « \(login) » a déjà son mot de passe : un lien d'activation ne sert qu'à un compte qui n'en a pas"
        }
    }
}

/// An account as the operator's list shows it: besides the user, when it was created and whether it still waits
/// for its activation link (created on the web without a password).
public struct AccountStatus: Sendable, Equatable {
    public let user: User
    public let createdAt: Date
    /// Until then the account's activation link works; nil once the account has a password.
    public let activationExpiresAt: Date?
    public let pendingActivation: Bool

    public init(user: User, createdAt: Date, pendingActivation: Bool, activationExpiresAt: Date?) {
        self.user = user
        self.createdAt = createdAt
        self.pendingActivation = pendingActivation
        self.activationExpiresAt = activationExpiresAt
    }
}

/// There is no mail server: an account created on the web gets a one-time link, shown once to the operator who
/// passes it on, with which the person chooses their password. Only the link's SHA-256 digest is stored.
public enum Activation {
    /// A link works for 7 days: long enough to reach a person by mail or phone, short enough that a forgotten link dies.
    public static let lifetime: TimeInterval = 7 * 86_400

    /// What a link is worth when it is opened or used.
    public enum Status: Sendable, Equatable {
        case valid(User)
        case unknown
        case expired
        case used
        case disabled

        /// Why a link no longer works, in the words the person reads.
        public var refusal: String? {
            switch self {
            case .valid: nil
            case .unknown: "Ce lien d'activation n'existe pas. Vérifiez qu'il a été copié en entier, ou demandez-en un nouveau à l'opérateur du programme."
            case .expired: "Ce lien d'activation a expiré (il vaut 7 jours). Demandez-en un nouveau à l'opérateur du programme."
            case .used: "Ce lien d'activation a déjà servi : le mot de passe du compte est choisi. Connectez-vous avec lui."
            case .disabled: "Ce compte est désactivé : adressez-vous à l'opérateur du programme."
            }
        }
    }
}

/// The rule every password meets, whether typed on the command line or on the activation page.
public enum Passwords {
    public static let minimumLength = 12

    /// Why `password` is refused, in French; nil when it is acceptable.
    public static func problem(_ password: String) -> String? {
        password.count >= minimumLength ? nil : "Le mot de passe doit compter au moins \(minimumLength) caractères."
    }
}

/// Accounts, sessions, API tokens and the audit log. Secrets reach it only as hashes. Every write appends
/// to the audit log in the same transaction.
public protocol AccountStore: Sendable {
    func createUser(login: String, name: String, owner: Owner, role: Role, passwordHash: String, actor: String) async throws -> User
    /// An account without a password yet, and its activation link (its digest) valid until `expiresAt`, in one transaction.
    func createPendingUser(login: String, name: String, owner: Owner, role: Role, activationHash: String, expiresAt: Date,
                           actor: String) async throws -> User
    /// A new link for an account that has no password yet; its earlier links stop working. `AccountError.alreadyActivated` otherwise.
    func renewActivation(login: String, activationHash: String, expiresAt: Date, actor: String) async throws
    /// What the link of this digest is worth now.
    func activation(tokenHash: String, now: Date) async throws -> Activation.Status
    /// Sets the password with a valid link and spends the link, in one transaction (a second use is `.used`).
    func activate(tokenHash: String, passwordHash: String, now: Date) async throws -> Activation.Status
    /// Every account with its creation date and activation state, by login.
    func accountStatuses() async throws -> [AccountStatus]
    func userWithPasswordHash(login: String) async throws -> (User, String)?
    func users() async throws -> [User]
    func setPassword(login: String, passwordHash: String, actor: String) async throws
    /// Disabling ends the account's sessions and revokes its API tokens; enabling gives back neither.
    func setDisabled(login: String, disabled: Bool, actor: String) async throws

    func createSession(tokenHash: String, user: User, csrfToken: String, expiresAt: Date) async throws
    func session(tokenHash: String, now: Date) async throws -> Session?
    func deleteSession(tokenHash: String) async throws

    func createToken(user: User, label: String, tokenHash: String) async throws -> APITokenInfo
    func tokens(of user: User) async throws -> [APITokenInfo]
    /// Revokes a token of `user`; false when `user` has no such token (whoever else may own it).
    func revokeToken(id: Int64, of user: User) async throws -> Bool
    func user(forTokenHash hash: String, now: Date) async throws -> User?

    /// Failed logins, per key ("compte:…", "adresse:…"), shared by all instances.
    func recordLoginFailure(keys: [String], at: Date) async throws
    func loginFailures(key: String, since: Date) async throws -> Int
    func clearLoginFailures(key: String) async throws

    func audit(actor: String, owner: String, action: AuditAction, detail: String) async throws
    func auditLog(limit: Int) async throws -> [AuditEntry]
}

public enum Logins {
    /// Lower-case letters, digits, dots and dashes, 3 to 64 characters: safe in URLs, logs and forms.
    public static func isValid(_ login: String) -> Bool {
        (3...64).contains(login.count) && login.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "." || $0 == "-" }
    }
}
