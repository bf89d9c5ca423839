import Foundation
import Hummingbird
import HooklineCore
import HooklineStore

/// `POST /admin/v1/stores/{store_hash}/events`: the platform publishes one event or a batch.
///
/// Everything is checked before anything is written; then `publisher` writes the events and their
/// deliveries in one transaction before the 202 (and hands them to the delivery engine).
struct EventsController {
    let publisher: any EventPublishing
    let settings: APISettings

    /// Most events in one batch.
    static let maxBatch = 1000

    /// A publish body: one event, or `{events: [...]}`; each event's `data` is usually an
    /// object with a numeric `id`.
    static let bodyShape = JSONObjectShape(
        objectKeys: ["data": JSONObjectShape(numberKeys: ["id"])], objectArrayKeys: ["events"])

    func register(on group: RouterGroup<HooklineRequestContext>) {
        group.post("stores/:store_hash/events", use: publish)
        MethodNotAllowed.register(on: group, path: "stores/:store_hash/events", allowed: [.post])
    }

    /// One event's result.
    struct PublishedWire: Encodable {
        var id: String
        var deliveries: Int
        var duplicate: Bool
    }

    @Sendable func publish(_ request: Request, context: HooklineRequestContext) async throws -> Response {
        let started = ContinuousClock.now
        let storeHash = context.parameters.get("store_hash") ?? ""
        guard let body = try await JSONRequestBody.object(from: request, shape: Self.bodyShape) else {
            throw APIError.invalidFields(["body": "send one event {scope, data, id?, created_at?} or {events: [...]}"])
        }
        let now = WallClock.nowMilliseconds()
        let isBatch = body["events"] != nil
        let drafts: [EventDraft]
        var errors: [String: String] = [:]
        if isBatch {
            for key in body.keys where key != "events" { errors[key] = "unknown field; a batch has only events" }
            guard case .array(let items)? = body["events"] else {
                throw APIError.invalidFields(["events": "must be an array of events"])
            }
            if items.isEmpty || items.count > Self.maxBatch {
                throw APIError.invalidFields(["events": "must hold 1 to \(Self.maxBatch) events, not \(items.count)"])
            }
            var parsed: [EventDraft] = []
            for (index, item) in items.enumerated() {
                guard case .object(let object) = item else {
                    errors["events[\(index)]"] = "must be an object, not \(item.typeName)"
                    continue
                }
                if let draft = parse(object, prefix: "events[\(index)].", now: now, errors: &errors) { parsed.append(draft) }
            }
            drafts = parsed
        } else {
            drafts = parse(body, prefix: "", now: now, errors: &errors).map { [$0] } ?? []
        }
        guard errors.isEmpty else { throw APIError.invalidFields(errors) }

        let published = try await publisher.publish(drafts, storeHash: storeHash, now: now)
        HooklineMetrics.published(newEvents: published.count { !$0.duplicate }, duration: ContinuousClock.now - started)
        context.logger.debug(
            "events published", metadata: ["store": "\(storeHash)", "events": "\(published.count)"])
        let wire = published.map { PublishedWire(id: $0.eventID, deliveries: $0.deliveries, duplicate: $0.duplicate) }
        return isBatch ? JSONResponse.envelope(wire, status: .accepted) : JSONResponse.envelope(wire[0], status: .accepted)
    }

    /// Checks one event; records problems under `prefix` + field name.
    private func parse(_ object: [String: JSONValue], prefix: String, now: Int64, errors: inout [String: String]) -> EventDraft? {
        let known: Set<String> = ["id", "scope", "data", "created_at"]
        for key in object.keys where !known.contains(key) { errors[prefix + key] = "unknown field; accepted fields are created_at, data, id, scope" }
        var valid = true
        var eventID = ""
        switch object["id"] {
        case nil, .null?:
            eventID = EventFields.generatedID(now: now)
        case .string(let id)? where !id.isEmpty && id.utf8.count <= EventDraft.maxEventIDLength:
            eventID = id
        case .number(let number)? where number.rounded() == number && abs(number) < 9e15:
            eventID = String(Int64(number))
        default:
            errors[prefix + "id"] = "must be a string of 1 to \(EventDraft.maxEventIDLength) characters or an integer"
            valid = false
        }
        let fields = EventFields(catalog: settings.catalog)
        let scope = fields.scope(object, prefix: prefix, errors: &errors)
        let data = fields.data(object, scope: scope ?? "", prefix: prefix, errors: &errors)
        let createdAt = fields.createdAt(object, now: now, prefix: prefix, errors: &errors)
        guard valid, let scope, let data, let createdAt else { return nil }
        return EventDraft(eventID: eventID, scope: scope, data: data, createdAt: createdAt)
    }
}
