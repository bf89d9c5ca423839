import Foundation
import HTTPTypes
import Hummingbird
import HooklineCore
import HooklineStore
import Logging

/// `POST /inbound/{name}`: the inbound gateway. A declared source (`/admin/v1/inbound-sources`),
/// such as a BigCommerce store, sends its webhooks here; each is verified (Standard Webhooks,
/// keyed with the source's secret), recognised if already accepted, and published into the
/// source's store, so that store's webhooks receive it.
///
/// The answer is 202 only once the event and its dedupe keys are on disk (the publish's one
/// transaction); a webhook already accepted answers 200, so the sender stops retrying. The checks
/// run cheapest and least revealing first: the source, the content type, the size, the signature
/// (nothing of an unsigned body is parsed), then the payload.
struct InboundController {
    let sources: any InboundSourceStore
    let publisher: any EventPublishing
    let settings: APISettings
    let failures: AuthFailureGuard

    /// The content type a source must send (parameters such as `charset` are allowed).
    static let mediaType = "application/json"

    /// A webhook's body: BigCommerce's callback payload, whose `data` is usually an object with a numeric `id`.
    static let bodyShape = JSONObjectShape(objectKeys: ["data": JSONObjectShape(numberKeys: ["id"])])

    func register(on router: Router<HooklineRequestContext>) {
        router.post("inbound/:name", use: receive)
        MethodNotAllowed.register(on: router, path: "inbound/:name", allowed: [.post])
    }

    @Sendable func receive(_ request: Request, context: HooklineRequestContext) async throws -> Response {
        do {
            let (response, outcome) = try await answer(request, context: context)
            HooklineMetrics.inbound(outcome)
            return response
        } catch let error as APIError {
            HooklineMetrics.inbound(error.status == .unauthorized || error.status == .tooManyRequests ? .unauthorized : .refused)
            throw error
        }
    }

    /// The answer to one request, and what it was.
    private func answer(_ request: Request, context: HooklineRequestContext) async throws
        -> (Response, HooklineMetrics.InboundOutcome)
    {
        let name = context.parameters.get("name") ?? ""
        guard let source = try await sources.inboundSource(name: name) else { throw Self.sourceNotFound(name) }
        let contentType = request.headers[.contentType] ?? ""
        let mediaType = contentType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard mediaType == Self.mediaType else {
            throw APIError(
                .unsupportedMediaType,
                contentType.isEmpty
                    ? "Content-Type is missing; send the webhook as \(Self.mediaType)."
                    : "Content-Type '\(contentType.prefix(100))' is not accepted; send the webhook as \(Self.mediaType).")
        }
        let body = try await JSONRequestBody.bytes(of: request)
        let now = WallClock.nowMilliseconds()
        let webhookID = request.headers[Self.webhookID]
        let verdict = source.signatureCheck.verdict(
            id: webhookID, timestamp: request.headers[Self.webhookTimestamp],
            signature: request.headers[Self.webhookSignature], body: body.readableBytesView, now: now / 1000)
        guard case .valid = verdict, let webhookID else {
            let reason = if case .invalid(let reason) = verdict { reason } else { "missing webhook-id" }
            throw failures.reject(
                APIError(.unauthorized, "The webhook's signature is not valid for inbound source '\(name)': \(reason)."),
                api: .inbound, context: context, path: "/inbound/\(name)")
        }
        guard !webhookID.isEmpty, webhookID.utf8.count <= InboundDedupe.maxKeyPartLength else {
            throw APIError(.badRequest, "webhook-id must be 1 to \(InboundDedupe.maxKeyPartLength) bytes.")
        }
        guard let object = try JSONRequestBody.object(from: body, shape: Self.bodyShape) else {
            throw APIError.invalidFields(["body": "send the webhook's payload: {scope, data, hash?, created_at?, ...}"])
        }
        let draft = try Self.draft(object, source: source, webhookID: webhookID, catalog: settings.catalog, now: now)
        let published = try await publisher.publish([draft], storeHash: source.storeHash, now: now)[0]
        let metadata: Logger.Metadata = [
            "inbound_source": "\(name)", "store": "\(source.storeHash)", "event": "\(published.eventID)",
            "webhook_id": "\(webhookID.prefix(64))",
        ]
        if published.duplicate {
            context.logger.info("inbound webhook already accepted; dropped", metadata: metadata)
        } else {
            context.logger.debug("inbound webhook accepted", metadata: metadata)
        }
        let wire = EventsController.PublishedWire(
            id: published.eventID, deliveries: published.deliveries, duplicate: published.duplicate)
        return published.duplicate
            ? (JSONResponse.envelope(wire, status: .ok), .duplicate) : (JSONResponse.envelope(wire, status: .accepted), .accepted)
    }

    /// The event a webhook's payload publishes: its scope, data and time, with a new id, and the
    /// dedupe keys of its `webhook-id` and `hash`. Other payload fields (`store_id`, `producer`) are
    /// the sender's and are not kept: the event is re-sent as the target store's.
    static func draft(
        _ object: [String: JSONValue], source: InboundSource, webhookID: String, catalog: ScopeCatalog, now: Int64
    ) throws -> EventDraft {
        var errors: [String: String] = [:]
        let fields = EventFields(catalog: catalog)
        let scope = fields.scope(object, prefix: "", errors: &errors)
        let data = fields.data(object, scope: scope ?? "", prefix: "", errors: &errors)
        let createdAt = fields.createdAt(object, now: now, prefix: "", errors: &errors)
        var hash: String?
        switch object["hash"] {
        case nil, .null?: break
        case .string(let value)? where value.utf8.count <= InboundDedupe.maxKeyPartLength: hash = value
        case .string?: errors["hash"] = "must be at most \(InboundDedupe.maxKeyPartLength) characters"
        case let other?: errors["hash"] = "must be a string, not \(other.typeName)"
        }
        guard errors.isEmpty, let scope, let data, let createdAt else { throw APIError.invalidFields(errors) }
        return EventDraft(
            eventID: EventFields.generatedID(now: now), scope: scope, data: data, createdAt: createdAt,
            dedupeKeys: InboundDedupe.keys(
                source: source.name, webhookID: webhookID, payloadHash: hash, scope: scope,
                createdAt: object["created_at"] == nil || object["created_at"] == .null ? nil : createdAt))
    }

    /// The Standard Webhooks headers a source signs with.
    static let webhookID = HTTPField.Name("webhook-id")!
    static let webhookTimestamp = HTTPField.Name("webhook-timestamp")!
    static let webhookSignature = HTTPField.Name("webhook-signature")!

    /// 404 for a source nobody declared.
    static func sourceNotFound(_ name: String) -> APIError {
        APIError(.notFound, "Inbound source '\(name.prefix(64))' not found; declare it with POST /admin/v1/inbound-sources.")
    }
}
