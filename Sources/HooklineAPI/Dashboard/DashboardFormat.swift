import Foundation

/// How the dashboard writes times (UTC) and reads the times its forms send (`datetime-local`, read as UTC).
enum DashboardFormat {
    private static let utc = TimeZone(identifier: "UTC")!

    /// `2026-12-01 17:05:09` for Unix milliseconds.
    static func timestamp(milliseconds: Int64) -> String {
        format(Date(timeIntervalSince1970: Double(milliseconds) / 1000), "yyyy-MM-dd HH:mm:ss")
    }

    /// `17:05` for a minute (Unix ms / 60,000).
    static func clock(minute: Int64) -> String {
        format(Date(timeIntervalSince1970: Double(minute) * 60), "HH:mm")
    }

    /// The value a `datetime-local` input shows for Unix milliseconds.
    static func inputValue(milliseconds: Int64) -> String {
        format(Date(timeIntervalSince1970: Double(milliseconds) / 1000), "yyyy-MM-dd'T'HH:mm")
    }

    /// Unix milliseconds of a `datetime-local` value (`2026-12-01T17:05`, seconds optional), read as UTC.
    static func milliseconds(fromInput text: String) -> Int64? {
        for pattern in ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss"] {
            let formatter = formatter(pattern)
            if let date = formatter.date(from: text) { return Int64(date.timeIntervalSince1970 * 1000) }
        }
        return nil
    }

    /// The first `characters` characters of `text`, and its whole length when that cut it
    /// (`nil` when all of it is shown), for bodies and payloads a page shows only the start of.
    static func excerpt(_ text: String, characters: Int) -> (text: String, totalCharacters: Int?) {
        guard let end = text.index(text.startIndex, offsetBy: characters, limitedBy: text.endIndex), end < text.endIndex else {
            return (text, nil)
        }
        return (String(text[..<end]), text.count)
    }

    /// `json` indented, keys sorted, for reading; unchanged when it does not parse.
    static func indentedJSON(_ json: String) -> String {
        guard let value = try? JSONSerialization.jsonObject(with: Data(json.utf8), options: [.fragmentsAllowed]),
            let data = try? JSONSerialization.data(withJSONObject: value, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes, .fragmentsAllowed])
        else { return json }
        return String(decoding: data, as: UTF8.self)
    }

    private static func format(_ date: Date, _ pattern: String) -> String { formatter(pattern).string(from: date) }

    private static func formatter(_ pattern: String) -> DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = utc
        formatter.dateFormat = pattern
        return formatter
    }
}
