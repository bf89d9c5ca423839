/// Which custom headers a webhook may carry on its deliveries.
///
/// Names must be HTTP tokens, values must not contain control characters, and the headers
/// Hookline sets itself (signing, content type, framing) cannot be overridden.
public enum WebhookHeaderRules {
    /// The most custom headers one webhook may have.
    public static let maxCount = 50
    /// The longest header name or value accepted, in bytes.
    public static let maxLength = 4096

    /// Header names Hookline sets on every delivery, compared lowercased.
    public static let reservedNames: Set<String> = [
        "webhook-id", "webhook-timestamp", "webhook-signature", "content-type", "content-length",
        "host", "transfer-encoding", "connection", "user-agent", "te", "upgrade", "trailer",
        "keep-alive", "proxy-connection", "expect",
    ]

    /// Returns a message that says what is wrong with the headers, or `nil` when they are acceptable.
    public static func problem(with headers: [String: String]) -> String? {
        if headers.count > maxCount { return "at most \(maxCount) custom headers are allowed" }
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) {
            if name.isEmpty || name.utf8.count > maxLength || !name.utf8.allSatisfy(isTokenByte) {
                return "header name '\(name)' is not a valid HTTP header name"
            }
            if reservedNames.contains(name.lowercased()) {
                return "header '\(name)' is set by Hookline and cannot be overridden"
            }
            if value.utf8.count > maxLength || value.utf8.contains(where: { ($0 < 0x20 && $0 != 0x09) || $0 == 0x7F }) {
                return "value of header '\(name)' must be at most \(maxLength) bytes without control characters"
            }
        }
        return nil
    }

    /// RFC 9110 `tchar`.
    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
    }
}
