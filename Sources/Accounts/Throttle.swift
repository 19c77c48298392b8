import Foundation

/// The login throttling rules. Failures are counted per key within `window` and kept in the database
/// (`AccountStore.recordLoginFailure`), so every server instance behind a load balancer applies the same count:
/// - per address and account (10): one machine guessing one password;
/// - per account (50): many machines guessing one password, without one address locking an account out alone;
/// - per address (100): one machine trying many accounts. Behind a reverse proxy every user shares the proxy's
///   address unless it is declared trusted (`serve --trusted-proxy`), hence a ceiling well above one person's typos.
/// A success clears the account's counts, never the address's: a valid login of the attacker's own account
/// must not reset the guessing of the others.
public struct LoginThrottling: Sendable {
    public struct Counter: Sendable, Equatable {
        public let key: String
        public let limit: Int
        /// Whether a successful login clears it.
        public let clearedBySuccess: Bool

        public func isBlocked(failures: Int) -> Bool { failures >= limit }
    }

    public let perAddressAndAccount: Int
    public let perAccount: Int
    public let perAddress: Int
    public let window: TimeInterval

    public init(perAddressAndAccount: Int = 10, perAccount: Int = 50, perAddress: Int = 100, window: TimeInterval = 15 * 60) {
        self.perAddressAndAccount = perAddressAndAccount
        self.perAccount = perAccount
        self.perAddress = perAddress
        self.window = window
    }

    /// The counters an attempt is checked against, and a failure adds to.
    public func counters(login: String, address: String) -> [Counter] {
        [Counter(key: "adresse+compte:\(address) \(login)", limit: perAddressAndAccount, clearedBySuccess: true),
         Counter(key: "compte:\(login)", limit: perAccount, clearedBySuccess: true),
         Counter(key: "adresse:\(address)", limit: perAddress, clearedBySuccess: false)]
    }

    public func windowStart(_ now: Date) -> Date { now.addingTimeInterval(-window) }
}
