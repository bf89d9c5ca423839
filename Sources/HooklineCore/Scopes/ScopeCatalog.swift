import Foundation

/// The set of event scopes Hookline knows, and the rules for naming and matching them.
///
/// A *concrete* scope names one kind of event (`store/order/created`). Channel scopes carry a
/// numeric channel id in place of the catalogue's `{channel_id}` placeholder
/// (`store/channel/1/cart/created`). A *subscription* scope, the one a webhook is created with,
/// may also use wildcards: a trailing `/*` matches every scope below it (`store/order/*` matches
/// `store/order/created` and `store/order/message/created`), and a `*` segment in the middle matches
/// any one segment (`store/channel/*/cart/created`).
public struct ScopeCatalog: Sendable {
    /// The placeholder segment that stands for a numeric channel id in catalogue entries.
    public static let channelIDPlaceholder = "{channel_id}"

    /// Catalogue entries, split into their `/`-separated segments.
    private let templates: [[Substring]]
    /// Catalogue entries without placeholders, for constant-time lookup of the common case.
    private let plainScopes: Set<String>

    /// Every concrete scope of the catalogue, as written (channel scopes with `{channel_id}`).
    public let scopes: [String]

    /// Creates a catalogue from concrete scope templates.
    public init(scopes: [String]) {
        self.scopes = scopes
        self.templates = scopes.map { $0.split(separator: "/", omittingEmptySubsequences: false) }
        self.plainScopes = Set(scopes.filter { !$0.contains(Self.channelIDPlaceholder) })
    }

    /// The catalogue of BigCommerce's documented webhook scopes.
    public static let bigCommerce = ScopeCatalog(scopes: bigCommerceScopes)

    /// Trims surrounding whitespace and trailing slashes, the forms BigCommerce treats as equal.
    public static func normalise(_ raw: String) -> String {
        // The usual case: nothing to trim (printable ASCII at both ends, no trailing slash). Every
        // publish normalises its scope, and Foundation's trimming costs more than the rest of it.
        if let first = raw.utf8.first, let last = raw.utf8.last, (0x21...0x7E).contains(first),
            (0x21...0x7E).contains(last), last != UInt8(ascii: "/")
        {
            return raw
        }
        var scope = Substring(raw.trimmingCharacters(in: .whitespacesAndNewlines))
        while scope.hasSuffix("/") { scope = scope.dropLast() }
        return String(scope)
    }

    /// Returns the normalised subscription scope if it is a catalogue scope or a wildcard that
    /// covers at least one catalogue scope; `nil` otherwise.
    public func subscriptionScope(_ raw: String) -> String? {
        let scope = Self.normalise(raw)
        if plainScopes.contains(scope) { return scope }
        let segments = scope.split(separator: "/", omittingEmptySubsequences: false)
        guard segments.count >= 2, segments.allSatisfy(Self.isWellFormedSegment) else { return nil }
        return templates.contains { Self.pattern(segments, covers: $0) } ? scope : nil
    }

    /// Returns the normalised scope if it names one concrete event of the catalogue (no wildcards,
    /// channel ids numeric); `nil` otherwise. Published events must have such a scope.
    public func eventScope(_ raw: String) -> String? {
        let scope = Self.normalise(raw)
        if plainScopes.contains(scope) { return scope }
        guard !scope.contains("*") else { return nil }
        let segments = scope.split(separator: "/", omittingEmptySubsequences: false)
        return templates.contains { Self.concrete(segments, instantiates: $0) } ? scope : nil
    }

    /// Whether a webhook subscribed to `subscription` receives an event of scope `event`.
    ///
    /// Both are expected normalised; `event` is concrete.
    public static func matches(subscription: String, event: String) -> Bool {
        if subscription == event { return true }
        guard subscription.contains("*") else { return false }
        let pattern = subscription.split(separator: "/", omittingEmptySubsequences: false)
        let segments = event.split(separator: "/", omittingEmptySubsequences: false)
        return segmentsMatch(pattern: pattern, segments: segments)
    }

    // MARK: - Segment rules

    private static func isWellFormedSegment(_ segment: Substring) -> Bool {
        !segment.isEmpty && (segment == "*" || !segment.contains("*"))
    }

    private static func isChannelID(_ segment: Substring) -> Bool {
        !segment.isEmpty && segment.count <= 18 && segment.allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// Pattern segments against concrete segments: `*` is one segment, a trailing `*` one or more.
    private static func segmentsMatch(pattern: [Substring], segments: [Substring]) -> Bool {
        for (index, part) in pattern.enumerated() {
            let isLast = index == pattern.count - 1
            if isLast && part == "*" { return segments.count > index }
            guard index < segments.count else { return false }
            if part != "*" && part != segments[index] { return false }
        }
        return pattern.count == segments.count
    }

    /// Whether a subscription pattern matches at least one event the template can produce.
    private static func pattern(_ pattern: [Substring], covers template: [Substring]) -> Bool {
        for (index, part) in pattern.enumerated() {
            let isLast = index == pattern.count - 1
            if isLast && part == "*" { return template.count > index }
            guard index < template.count else { return false }
            let expected = template[index]
            if expected == Substring(channelIDPlaceholder) {
                if part != "*" && !isChannelID(part) { return false }
            } else if part != expected {
                // A `*` inside a pattern stands only for a channel id.
                return false
            }
        }
        return pattern.count == template.count
    }

    /// Whether concrete segments are the template with a numeric id in each placeholder.
    private static func concrete(_ segments: [Substring], instantiates template: [Substring]) -> Bool {
        guard segments.count == template.count else { return false }
        for (part, expected) in zip(segments, template) {
            if expected == Substring(channelIDPlaceholder) {
                if !isChannelID(part) { return false }
            } else if part != expected {
                return false
            }
        }
        return true
    }
}
