import Foundation

/// When to try a delivery again after a failure: BigCommerce's schedule, configurable.
public struct RetrySchedule: Sendable, Equatable {
    /// Seconds to wait after the 1st, 2nd, … failed attempt; after the last, the delivery is given up.
    public var delays: [Int64]

    /// Creates a schedule; `delays` must not be empty.
    public init(delays: [Int64]) {
        precondition(!delays.isEmpty && delays.allSatisfy { $0 >= 0 })
        self.delays = delays
    }

    /// BigCommerce's: 60, 180, 300, 600, 900, 1800, 3600, 7200, 21600, 50400, 86400 s (≈48 h, 12 tries).
    public static let bigCommerce = RetrySchedule(delays: [60, 180, 300, 600, 900, 1800, 3600, 7200, 21600, 50400, 86400])

    /// The delay after failed attempt number `attempt` (1-based), or `nil` when no retry is left.
    public func delay(afterFailedAttempt attempt: Int) -> Int64? {
        guard attempt >= 1, attempt <= delays.count else { return nil }
        return delays[attempt - 1]
    }

    /// Parses `--retry-schedule`: a comma list of seconds (`1,2,5`), or `nil` if it is not one.
    public init?(parsing text: String) {
        let parts = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        let delays = parts.compactMap { Int64($0) }
        guard !parts.isEmpty, delays.count == parts.count, delays.allSatisfy({ $0 >= 0 }) else { return nil }
        self.init(delays: delays)
    }
}
