/// A change to a webhook's delivery settings, as `PUT /admin/v1/stores/{store_hash}/hooks/{id}/delivery`
/// sends it, checked field by field: a field left out keeps its value, `null` removes a limit.
///
/// Every problem is collected, so one 422 names every wrong field.
public struct HookDeliverySettingsChange: Sendable, Equatable {
    /// The fields a change may hold.
    public static let fields: Set<String> = ["ordering", "max_per_second", "max_in_flight"]
    /// The values `max_per_second` may take (requests a second, per node).
    public static let maxPerSecondRange = 1...10_000
    /// The values `max_in_flight` may take (deliveries at once, across nodes).
    public static let maxInFlightRange = 1...1_000

    /// The new ordering, if given.
    public var ordering: HookDeliverySettings.Ordering?
    /// The new rate limit, if given (`.some(nil)`: no limit).
    public var maxPerSecond: Int??
    /// The new in-flight limit, if given (`.some(nil)`: no limit).
    public var maxInFlight: Int??
    /// What is wrong, by field; empty when the change may be applied.
    public var errors: [String: String] = [:]

    /// Parses and checks the fields of `object`.
    public init(_ object: [String: JSONValue]) {
        for key in object.keys where !Self.fields.contains(key) {
            errors[key] = "unknown field; accepted fields are \(Self.fields.sorted().joined(separator: ", "))"
        }
        switch object["ordering"] {
        case nil: break
        case .string(let raw)?:
            if let ordering = HookDeliverySettings.Ordering(rawValue: raw) {
                self.ordering = ordering
            } else {
                errors["ordering"] = "'\(raw.prefix(64))' is not an ordering; use \(Self.orderings)"
            }
        case let other?: errors["ordering"] = "must be \(Self.orderings), not \(other.typeName)"
        }
        maxPerSecond = Self.limit(object, "max_per_second", range: Self.maxPerSecondRange, errors: &errors)
        maxInFlight = Self.limit(object, "max_in_flight", range: Self.maxInFlightRange, errors: &errors)
        if object.isEmpty { errors["body"] = "at least one of \(Self.fields.sorted().joined(separator: ", ")) is required" }
    }

    /// The orderings, quoted, for messages.
    private static var orderings: String {
        HookDeliverySettings.Ordering.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: " or ")
    }

    /// A limit field: absent (`nil`), `null` (`.some(nil)`), or a whole number within `range`.
    private static func limit(
        _ object: [String: JSONValue], _ key: String, range: ClosedRange<Int>, errors: inout [String: String]
    ) -> Int?? {
        let problem = "must be a whole number from \(range.lowerBound) to \(range.upperBound), or null for no limit"
        switch object[key] {
        case nil: return nil
        case .null?: return .some(nil)
        case .number(let number)?:
            guard let value = Int(exactly: number), range.contains(value) else {
                errors[key] = problem
                return nil
            }
            return .some(value)
        case let other?:
            errors[key] = "\(problem), not \(other.typeName)"
            return nil
        }
    }

    /// `current` with this change applied.
    public func applied(to current: HookDeliverySettings) -> HookDeliverySettings {
        var settings = current
        if let ordering { settings.ordering = ordering }
        if let maxPerSecond { settings.maxPerSecond = maxPerSecond }
        if let maxInFlight { settings.maxInFlight = maxInFlight }
        return settings
    }
}
