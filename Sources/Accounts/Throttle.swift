import Foundation

/// Refuses attempts on a key (an account, an address) after `limit` failures within `window`, until the
/// oldest failure leaves the window. Kept in memory per server instance.
public struct Throttle: Sendable {
    public let limit: Int
    public let window: TimeInterval
    private var failures: [String: [Date]] = [:]

    public init(limit: Int = 10, window: TimeInterval = 15 * 60) {
        self.limit = limit
        self.window = window
    }

    public func isBlocked(_ key: String, now: Date) -> Bool {
        (failures[key] ?? []).filter { now.timeIntervalSince($0) < window }.count >= limit
    }

    public mutating func recordFailure(_ key: String, now: Date) {
        var recent = (failures[key] ?? []).filter { now.timeIntervalSince($0) < window }
        recent.append(now)
        failures[key] = recent
        if failures.count > 100_000 { failures = failures.filter { $0.value.contains { now.timeIntervalSince($0) < window } } }
    }

    public mutating func reset(_ key: String) { failures[key] = nil }
}
