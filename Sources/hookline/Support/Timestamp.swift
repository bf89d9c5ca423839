import Foundation

/// How the CLI shows a point in time: ISO 8601, UTC, with milliseconds.
enum Timestamp {
    /// `2026-01-31T09:15:00.123Z`.
    static func text(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    /// The text of a Unix time in milliseconds.
    static func text(milliseconds: Double) -> String {
        text(Date(timeIntervalSince1970: milliseconds / 1000))
    }
}
