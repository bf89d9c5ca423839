/// A rotation of an account's signing secret: how long the replaced secret keeps signing beside the
/// new one.
///
/// Rotating replaces the current secret and keeps it as the previous one until `now + overlap`;
/// an account keeps one previous secret, so rotating again during an overlap ends the older one.
public struct SecretRotation: Sendable, Equatable {
    /// The overlap when none is asked for: a day, as Svix and Outpost give.
    public static let defaultOverlapSeconds: Int64 = 86_400
    /// The longest overlap accepted: a week.
    public static let maxOverlapSeconds: Int64 = 604_800

    /// Seconds the replaced secret keeps signing.
    public let overlapSeconds: Int64

    /// A rotation with the default overlap.
    public init() {
        overlapSeconds = Self.defaultOverlapSeconds
    }

    /// A rotation with an overlap of `overlapSeconds`; throws if it is negative or over a week.
    public init(overlapSeconds: Int64) throws(SecretRotationError) {
        guard (0...Self.maxOverlapSeconds).contains(overlapSeconds) else {
            throw SecretRotationError(
                "must be a whole number of seconds from 0 to \(Self.maxOverlapSeconds) (7 days), not \(overlapSeconds)")
        }
        self.overlapSeconds = overlapSeconds
    }

    /// A rotation from the `overlap_seconds` of a request (absent or null: the default).
    public init(overlapSeconds value: JSONValue?) throws(SecretRotationError) {
        switch value {
        case nil, .null?:
            self.init()
        case .number(let number)?:
            guard number.rounded() == number, abs(number) <= Double(Int64.max / 2) else {
                throw SecretRotationError("must be a whole number of seconds from 0 to \(Self.maxOverlapSeconds) (7 days)")
            }
            try self.init(overlapSeconds: Int64(number))
        case let other?:
            throw SecretRotationError("must be a number of seconds, not \(other.typeName)")
        }
    }

    /// Until when (Unix seconds) the replaced secret signs, for a rotation at `now`.
    public func previousExpiresAt(now: Int64) -> Int64 {
        now + overlapSeconds
    }
}

/// Why a rotation's overlap was refused: a message for the `overlap_seconds` field.
public struct SecretRotationError: Error, Sendable, Equatable {
    /// What is wrong, for a person.
    public var message: String

    /// An error with `message`.
    public init(_ message: String) {
        self.message = message
    }
}
