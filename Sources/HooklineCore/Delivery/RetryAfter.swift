import Foundation

/// Parses an HTTP `Retry-After` header: delay seconds or an HTTP date.
public enum RetryAfter {
    /// The longest wait honoured (a day), so a hostile header cannot park a delivery forever.
    public static let maxSeconds: Int64 = 86_400

    /// Seconds to wait from `now`, or `nil` if the header is not a valid value.
    public static func seconds(from header: String, now: Date = Date()) -> Int64? {
        let text = header.trimmingCharacters(in: .whitespaces)
        if let seconds = Int64(text), seconds >= 0 { return min(seconds, maxSeconds) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: text) else { return nil }
        return min(max(0, Int64(date.timeIntervalSince(now).rounded(.up))), maxSeconds)
    }
}
