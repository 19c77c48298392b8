import Accounts
import Renovation

/// What the demo invites its visitor to do next: sign in, import the collectivité's own inventory (its agents
/// and referents), or read it (its elected officials); the operator, who owns no buildings, is invited to nothing.
enum DemoInvitation: String, Sendable {
    case signIn, importOwn, readOwn, none

    init(_ user: User?) {
        guard let user else { self = .signIn; return }
        self = user.canWrite(user.owner) ? .importOwn : user.role == .operateur ? .none : .readOwn
    }
}

/// Numbers of the rénovation pages, formatted the French way.
enum RenovationFormat {
    static func int(_ x: Double) -> String { Format.integer(Int(x.rounded())) }
    static func decimal(_ x: Double, _ digits: Int = 1) -> String { Format.decimal(x, decimals: digits) }
    static func percent(_ x: Double) -> String { "\(Int((x * 100).rounded())) %" }
}
