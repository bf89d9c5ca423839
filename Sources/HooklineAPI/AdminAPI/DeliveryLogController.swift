import Foundation
import Hummingbird
import HooklineCore
import HooklineStore

/// The operator's view of deliveries: attempts per webhook and per event, retry one delivery now,
/// replay a webhook's events since a time.
struct DeliveryLogController {
    let storage: any HooklineStorage
    let settings: APISettings

    func register(on group: RouterGroup<HooklineRequestContext>) {
        group.get("stores/:store_hash/hooks/:webhook_id/attempts", use: hookAttempts)
        group.get("stores/:store_hash/events/:event_id/attempts", use: eventAttempts)
        group.post("stores/:store_hash/deliveries/:delivery_id/retry", use: retry)
        group.get("stores/:store_hash/deliveries/:delivery_id", use: showDelivery)
        group.get("stores/:store_hash/events/:event_id/deliveries", use: eventDeliveries)
        group.post("stores/:store_hash/hooks/:webhook_id/replay", use: replay)
        MethodNotAllowed.register(on: group, path: "stores/:store_hash/hooks/:webhook_id/attempts", allowed: [.get])
        MethodNotAllowed.register(on: group, path: "stores/:store_hash/events/:event_id/attempts", allowed: [.get])
        MethodNotAllowed.register(on: group, path: "stores/:store_hash/deliveries/:delivery_id/retry", allowed: [.post])
        MethodNotAllowed.register(on: group, path: "stores/:store_hash/hooks/:webhook_id/replay", allowed: [.post])
    }

    /// An attempt as the delivery log shows it.
    struct AttemptWire: Encodable {
        var id: Int64
        var delivery_id: Int64
        var event_id: String
        var hook_id: Int64
        var attempt: Int
        var outcome: String
        var status_code: Int?
        var error: String?
        var error_message: String?
        var response_excerpt: String?
        var started_at_ms: Int64
        var latency_ms: Int64
        var concurrency_limit: Int?
        var node: String

        init(_ record: AttemptRecord) {
            id = record.id
            delivery_id = record.deliveryID
            event_id = record.eventID
            hook_id = record.hookID
            attempt = record.attemptNumber
            outcome = record.succeeded ? "succeeded" : "failed"
            status_code = record.result.statusCode
            error = record.result.errorClass?.rawValue
            error_message = record.result.errorMessage
            response_excerpt = record.result.responseExcerpt
            started_at_ms = record.result.startedAtMilliseconds
            latency_ms = record.result.durationMilliseconds
            concurrency_limit = record.result.concurrencyLimit
            node = record.node
        }
    }

    /// A delivery as the operator sees it.
    struct DeliveryWire: Encodable {
        var id: Int64
        var event_id: String
        var hook_id: Int64
        var state: String
        var attempts: Int
        var next_attempt_at_ms: Int64?
        var last_status: Int?
        var last_error: String?

        init(_ record: DeliveryRecord) {
            id = record.id
            event_id = record.eventID
            hook_id = record.hookID
            state = record.state.rawValue
            attempts = record.attempts
            next_attempt_at_ms = record.state == .pending ? record.nextAttemptAt : nil
            last_status = record.lastStatus
            last_error = record.lastError
        }
    }

    @Sendable func showDelivery(_ request: Request, context: HooklineRequestContext) async throws -> Response {
        let storeHash = try await context.existingStoreHash(in: storage)
        let raw = context.parameters.get("delivery_id") ?? ""
        guard let id = Int64(raw), id >= 1,
            let record = try await storage.deliveries(storeHash: storeHash, id: id, eventID: nil).first
        else { throw APIError(.notFound, "Delivery '\(raw.prefix(64))' not found in store '\(storeHash)'.") }
        return JSONResponse.envelope(DeliveryWire(record))
    }

    @Sendable func eventDeliveries(_ request: Request, context: HooklineRequestContext) async throws -> Response {
        let storeHash = try await context.existingStoreHash(in: storage)
        let eventID = (context.parameters.get("event_id") ?? "").removingPercentEncoding ?? ""
        let records = try await storage.deliveries(storeHash: storeHash, id: nil, eventID: eventID)
        return JSONResponse.envelope(records.map(DeliveryWire.init))
    }

    @Sendable func hookAttempts(_ request: Request, context: HooklineRequestContext) async throws -> Response {
        let (storeHash, hookID) = try await existingHook(context)
        return try await list(request, filter: AttemptFilter(storeHash: storeHash, hookID: hookID))
    }

    @Sendable func eventAttempts(_ request: Request, context: HooklineRequestContext) async throws -> Response {
        let storeHash = try await context.existingStoreHash(in: storage)
        let eventID = (context.parameters.get("event_id") ?? "").removingPercentEncoding ?? ""
        guard try await storage.eventExists(storeHash: storeHash, eventID: eventID) else {
            throw APIError(.notFound, "Event '\(eventID.prefix(64))' not found in store '\(storeHash)'.")
        }
        return try await list(request, filter: AttemptFilter(storeHash: storeHash, eventID: eventID))
    }

    private func list(_ request: Request, filter: AttemptFilter) async throws -> Response {
        var filter = filter
        var query = QueryParameters(request)
        let page = query.pageRequest()
        switch query.string("outcome") {
        case nil: break
        case "succeeded"?: filter.succeeded = true
        case "failed"?: filter.succeeded = false
        default: throw APIError(.unprocessableContent, "Query parameters are invalid", errors: ["outcome": "must be succeeded or failed"])
        }
        try query.throwIfInvalid()
        let result = try await storage.attempts(filter, page: page)
        return JSONResponse.make(
            status: .ok, body: Envelope(data: result.items.map(AttemptWire.init), meta: PaginationMeta(result)))
    }

    @Sendable func retry(_ request: Request, context: HooklineRequestContext) async throws -> Response {
        let storeHash = try await context.existingStoreHash(in: storage)
        let raw = context.parameters.get("delivery_id") ?? ""
        guard let id = Int64(raw), id >= 1 else { throw APIError(.notFound, "Delivery '\(raw.prefix(64))' not found.") }
        switch try await storage.retryDelivery(id: id, storeHash: storeHash, now: WallClock.nowMilliseconds()) {
        case .notFound: throw APIError(.notFound, "Delivery \(id) not found in store '\(storeHash)'.")
        case .inFlight: throw APIError(.conflict, "Delivery \(id) is being attempted right now.")
        // The storage's `newWork()` stream tells the delivery engine.
        case .scheduled:
            return JSONResponse.envelope(["delivery_id": id], status: .accepted)
        }
    }

    @Sendable func replay(_ request: Request, context: HooklineRequestContext) async throws -> Response {
        let (storeHash, hookID) = try await existingHook(context)
        let body = try await JSONRequestBody.object(from: request) ?? [:]
        var errors: [String: String] = [:]
        for key in body.keys where key != "since" && key != "until" { errors[key] = "unknown field; accepted fields are since, until" }
        func seconds(_ key: String) -> Int64? {
            switch body[key] {
            case nil, .null?: return nil
            case .number(let value)? where value.rounded() == value && value >= 0 && value < 1e11: return Int64(value)
            default:
                errors[key] = "must be Unix seconds"
                return nil
            }
        }
        let since = seconds("since")
        let until = seconds("until") ?? WallClock.now()
        if since == nil && errors["since"] == nil { errors["since"] = "is required" }
        guard errors.isEmpty, let since else { throw APIError.invalidFields(errors) }
        let count = try await storage.replay(
            hookID: hookID, storeHash: storeHash, since: since, until: until, now: WallClock.nowMilliseconds())
        return JSONResponse.envelope(["deliveries": count], status: .accepted)
    }

    private func existingHook(_ context: HooklineRequestContext) async throws -> (String, Int64) {
        let storeHash = try await context.existingStoreHash(in: storage)
        let id = try HooksController.webhookID(context)
        guard try await storage.hook(id: id, storeHash: storeHash) != nil else { throw APIError.webhookNotFound(id) }
        return (storeHash, id)
    }
}
