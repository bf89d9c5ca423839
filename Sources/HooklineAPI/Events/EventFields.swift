import HooklineCore

/// Reads the fields every published event has (`scope`, `data`, `created_at`) from a JSON object,
/// with the same rules and messages wherever events come in: the admin API's publish and the
/// inbound gateway. Problems are recorded under `prefix` + field name.
struct EventFields {
    /// Which scopes exist.
    let catalog: ScopeCatalog

    /// The event's concrete scope (not Hookline's own notices), or `nil` with a problem recorded.
    func scope(_ object: [String: JSONValue], prefix: String, errors: inout [String: String]) -> String? {
        switch object["scope"] {
        case .string(let raw)?:
            if let concrete = catalog.eventScope(raw), concrete != DeliveryExceptionCode.scope { return concrete }
            errors[prefix + "scope"] =
                raw == DeliveryExceptionCode.scope
                ? "store/hook/deliveryException notices are sent by Hookline itself"
                : "'\(raw)' is not a concrete event scope (no wildcards; channel ids numeric)"
        case nil:
            errors[prefix + "scope"] = "is required"
        case let other?:
            errors[prefix + "scope"] = "must be a string, not \(other.typeName)"
        }
        return nil
    }

    /// The event's `data`, of the shape `scope` takes (an object; an array for price-list records),
    /// or `nil` with a problem recorded.
    func data(_ object: [String: JSONValue], scope: String, prefix: String, errors: inout [String: String]) -> JSONValue? {
        let data = object["data"] ?? .null
        switch data {
        case .object: return data
        case .array where EventDraft.takesArrayData(scope): return data
        default:
            errors[prefix + "data"] =
                EventDraft.takesArrayData(scope) ? "must be an object or an array" : "must be an object, such as {\"type\": \"order\", \"id\": 1}"
            return nil
        }
    }

    /// The event's `created_at` (Unix seconds; `now` in ms when absent), or `nil` with a problem recorded.
    func createdAt(_ object: [String: JSONValue], now: Int64, prefix: String, errors: inout [String: String]) -> Int64? {
        switch object["created_at"] {
        case nil, .null?: return now / 1000
        case .number(let number)? where number.rounded() == number && number >= 0 && number < 1e11:
            return Int64(number)
        default:
            errors[prefix + "created_at"] = "must be Unix seconds (a non-negative integer)"
            return nil
        }
    }

    /// A new event id, time-ordered: what an event gets when its publisher names none.
    static func generatedID(now: Int64) -> String {
        "evt_" + RandomIdentifier.timeOrderedUUID(milliseconds: now)
    }
}
