import Foundation

/// How long Hookline keeps what is finished: deliveries no longer pending, their attempts, the
/// events no delivery or events-history row still needs, and events-history rows.
///
/// Written as a duration (`30d`, `12h`, `15m`, `90s`); a pending delivery and its event are kept
/// whatever their age.
public struct RetentionPolicy: Sendable, Equatable {
    /// The retention when none is given.
    public static let defaultText = "30d"
    /// The longest retention accepted (ten years), so cutoffs never overflow.
    public static let maxSeconds: Int64 = 3650 * 86_400

    /// How long finished rows are kept, in seconds.
    public let seconds: Int64

    /// A retention of `seconds` (at least 1, at most `maxSeconds`).
    public init(seconds: Int64) throws(RetentionPolicyError) {
        guard (1...Self.maxSeconds).contains(seconds) else {
            throw RetentionPolicyError("retention must be from 1s to 3650d, not \(seconds)s")
        }
        self.seconds = seconds
    }

    /// A retention from a duration: a whole number and a unit, `s`, `m`, `h` or `d` (`30d`, `12h`, `90s`).
    public init(parsing text: String) throws(RetentionPolicyError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let units: [Character: Int64] = ["s": 1, "m": 60, "h": 3600, "d": 86_400]
        guard let unit = trimmed.last, let multiplier = units[unit], let count = Int64(trimmed.dropLast()), count >= 0,
            trimmed.dropLast().allSatisfy(\.isASCII)
        else {
            throw RetentionPolicyError(
                "retention '\(text)' is not a duration: write a whole number and a unit, s, m, h or d (30d, 12h, 90s)")
        }
        let (total, overflow) = count.multipliedReportingOverflow(by: multiplier)
        guard !overflow else { throw RetentionPolicyError("retention '\(text)' is longer than 3650d") }
        do {
            try self.init(seconds: total)
        } catch {
            throw RetentionPolicyError("retention '\(text)' must be from 1s to 3650d")
        }
    }

    /// What is older than this is expired at `nowMilliseconds` (Unix ms).
    public func cutoff(nowMilliseconds: Int64) -> RetentionCutoff {
        RetentionCutoff(milliseconds: nowMilliseconds - seconds * 1000)
    }
}

/// The instant before which finished rows are expired, in both units the tables keep time in.
public struct RetentionCutoff: Sendable, Equatable {
    /// Unix milliseconds (deliveries, attempts).
    public let milliseconds: Int64
    /// Unix seconds, rounded down (events' acceptance, events history).
    public var seconds: Int64 { milliseconds.floorDivided(by: 1000) }

    /// A cutoff at `milliseconds` (Unix ms).
    public init(milliseconds: Int64) {
        self.milliseconds = milliseconds
    }
}

extension Int64 {
    fileprivate func floorDivided(by divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}

/// Why a retention was refused, for a person.
public struct RetentionPolicyError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong and what is accepted.
    public var message: String
    /// The message.
    public var description: String { message }

    /// An error with `message`.
    public init(_ message: String) {
        self.message = message
    }
}
