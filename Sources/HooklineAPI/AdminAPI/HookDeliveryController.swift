import Hummingbird
import HooklineCore
import HooklineStore

/// `/admin/v1/stores/{store_hash}/hooks/{id}/delivery`: the operator reads and changes how a
/// webhook's deliveries go out (ordering, rate and in-flight limits). Hookline's own extension: the
/// client API's webhooks keep BigCommerce's wire format.
struct HookDeliveryController {
    let storage: any HooklineStorage

    static let path: RouterPath = "stores/:store_hash/hooks/:webhook_id/delivery"

    func register(on group: RouterGroup<HooklineRequestContext>) {
        group.get(Self.path, use: show)
        group.put(Self.path, use: update)
        MethodNotAllowed.register(on: group, path: Self.path, allowed: [.get, .put])
    }

    /// A webhook's delivery settings as the admin API shows them: every field present, an unset
    /// limit as `null`.
    static func wire(hookID: Int64, _ settings: HookDeliverySettings) -> JSONValue {
        let limit = { (value: Int?) in value.map { JSONValue.number(Double($0)) } ?? .null }
        return .object([
            "hook_id": .number(Double(hookID)), "ordering": .string(settings.ordering.rawValue),
            "max_per_second": limit(settings.maxPerSecond), "max_in_flight": limit(settings.maxInFlight),
        ])
    }

    @Sendable func show(_ request: Request, context: HooklineRequestContext) async throws -> Response {
        let storeHash = try await context.existingStoreHash(in: storage)
        let id = try HooksController.webhookID(context)
        guard let settings = try await storage.deliverySettings(hookID: id, storeHash: storeHash) else {
            throw APIError.webhookNotFound(id)
        }
        return JSONResponse.envelope(Self.wire(hookID: id, settings))
    }

    @Sendable func update(_ request: Request, context: HooklineRequestContext) async throws -> Response {
        let storeHash = try await context.existingStoreHash(in: storage)
        let id = try HooksController.webhookID(context)
        let change = HookDeliverySettingsChange(try await JSONRequestBody.object(from: request) ?? [:])
        guard change.errors.isEmpty else { throw APIError.invalidFields(change.errors) }
        guard let settings = try await storage.updateDeliverySettings(hookID: id, storeHash: storeHash, change: change) else {
            throw APIError.webhookNotFound(id)
        }
        context.logger.info(
            "webhook delivery settings changed",
            metadata: [
                "store": "\(storeHash)", "hook": "\(id)", "ordering": "\(settings.ordering.rawValue)",
                "max_per_second": "\(settings.maxPerSecond.map(String.init) ?? "none")",
                "max_in_flight": "\(settings.maxInFlight.map(String.init) ?? "none")",
            ])
        return JSONResponse.envelope(Self.wire(hookID: id, settings))
    }
}
