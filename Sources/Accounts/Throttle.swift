import Foundation

/// The login throttling rule: after `limit` failures on a key (an account, an address) within `window`,
/// attempts on that key are refused until the oldest failure leaves the window. The failures are kept in the
/// database (`AccountStore.recordLoginFailure`), so every server instance behind a load balancer applies the
/// same count.
public struct LoginThrottling: Sendable {
    public let limit: Int
    public let window: TimeInterval

    public init(limit: Int = 10, window: TimeInterval = 15 * 60) {
        self.limit = limit
        self.window = window
    }

    public func isBlocked(failures: Int) -> Bool { failures >= limit }

    public func windowStart(_ now: Date) -> Date { now.addingTimeInterval(-window) }
}
