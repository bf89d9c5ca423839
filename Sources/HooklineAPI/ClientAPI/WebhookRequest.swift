import HooklineCore

/// The body of `POST /hooks` and `PUT /hooks/{id}`, checked field by field.
///
/// Every problem is collected, so one 422 names every wrong field. Read-only fields a client may
/// echo back from a previous response (`id`, `created_at`, …) are ignored; any other unknown field
/// is refused, since it is most likely a typo of a real one.
struct WebhookRequest {
    /// Fields a client may set.
    static let writableFields: Set<String> = ["scope", "destination", "is_active", "headers", "events_history_enabled"]
    /// Fields of the webhook object that a client cannot set, ignored if sent.
    static let readOnlyFields: Set<String> = ["id", "client_id", "store_hash", "created_at", "updated_at", "status"]

    var scope: String?
    var destination: String?
    var isActive: Bool?
    var headers: [String: String]??
    var eventsHistoryEnabled: Bool?
    var errors: [String: String] = [:]

    /// Parses and validates the fields present in `object`.
    init(_ object: [String: JSONValue], catalog: ScopeCatalog, policy: DestinationPolicy) {
        for key in object.keys where !Self.writableFields.contains(key) && !Self.readOnlyFields.contains(key) {
            errors[key] = "unknown field; accepted fields are \(Self.writableFields.sorted().joined(separator: ", "))"
        }
        switch object["scope"] {
        case nil: break
        case .string(let raw)?:
            if let scope = catalog.subscriptionScope(raw) {
                self.scope = scope
            } else {
                errors["scope"] = "'\(raw)' is not a webhook scope; use an event such as store/order/created or a wildcard such as store/order/*"
            }
        case let other?: errors["scope"] = "must be a string, not \(other.typeName)"
        }
        switch object["destination"] {
        case nil: break
        case .string(let raw)?:
            switch policy.validate(raw) {
            case .success(let destination): self.destination = destination
            case .failure(let error): errors["destination"] = error.message
            }
        case let other?: errors["destination"] = "must be a string, not \(other.typeName)"
        }
        isActive = Self.bool(object, "is_active", errors: &errors)
        eventsHistoryEnabled = Self.bool(object, "events_history_enabled", errors: &errors)
        switch object["headers"] {
        case nil: break
        case .null?: headers = .some(nil)
        case .object(let fields)?:
            var parsed: [String: String] = [:]
            for (name, value) in fields {
                guard case .string(let text) = value else {
                    errors["headers"] = "header '\(name)' must have a string value, not \(value.typeName)"
                    break
                }
                parsed[name] = text
            }
            if errors["headers"] == nil {
                if let problem = WebhookHeaderRules.problem(with: parsed) {
                    errors["headers"] = problem
                } else {
                    headers = .some(parsed)
                }
            }
        case let other?: errors["headers"] = "must be an object of header names to string values, or null, not \(other.typeName)"
        }
    }

    private static func bool(_ object: [String: JSONValue], _ key: String, errors: inout [String: String]) -> Bool? {
        switch object[key] {
        case nil: return nil
        case .bool(let value)?: return value
        case let other?:
            errors[key] = "must be true or false, not \(other.typeName)"
            return nil
        }
    }

    /// The webhook to create; throws 422 if a required field is missing or any field is wrong.
    func draft() throws -> WebhookDraft {
        var errors = self.errors
        if scope == nil && errors["scope"] == nil { errors["scope"] = "is required" }
        if destination == nil && errors["destination"] == nil { errors["destination"] = "is required" }
        guard errors.isEmpty, let scope, let destination else { throw APIError.invalidFields(errors) }
        return WebhookDraft(
            scope: scope, destination: destination, headers: headers ?? nil, isActive: isActive ?? true,
            eventsHistoryEnabled: eventsHistoryEnabled ?? false)
    }

    /// The update to apply; throws 422 if any field is wrong or none is given.
    func changes() throws -> WebhookChanges {
        guard errors.isEmpty else { throw APIError.invalidFields(errors) }
        let changes = WebhookChanges(
            scope: scope, destination: destination, headers: headers, isActive: isActive,
            eventsHistoryEnabled: eventsHistoryEnabled)
        if changes.isEmpty { throw Self.noFieldsError }
        return changes
    }

    /// 422 for an update that names no field.
    static let noFieldsError = APIError.invalidFields([
        "body": "at least one of \(writableFields.sorted().joined(separator: ", ")) is required"
    ])
}
