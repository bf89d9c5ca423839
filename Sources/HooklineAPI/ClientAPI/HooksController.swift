import Foundation
import Hummingbird
import HooklineCore
import HooklineStore

/// `/stores/{store_hash}/v3/hooks` and `/hooks/{id}`: BigCommerce's webhook CRUD.
///
/// Each handler reads: parse → (account from auth) → validate with Core → call storage → shape the reply.
struct HooksController {
    let storage: any HooklineStorage
    let settings: APISettings

    func register(on group: RouterGroup<HooklineRequestContext>) {
        group.post("hooks", use: create)
        group.get("hooks", use: list)
        group.get("hooks/:webhook_id", use: show)
        group.put("hooks/:webhook_id", use: update)
        group.delete("hooks/:webhook_id", use: delete)
        MethodNotAllowed.register(on: group, path: "hooks", allowed: [.get, .post])
        MethodNotAllowed.register(on: group, path: "hooks/:webhook_id", allowed: [.get, .put, .delete])
    }

    @Sendable func create(_ request: Request, context: HooklineRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        guard let object = try await JSONRequestBody.object(from: request) else {
            throw APIError.invalidFields(["scope": "is required", "destination": "is required"])
        }
        let draft = try WebhookRequest(object, catalog: settings.catalog, policy: settings.destinationPolicy).draft()
        let hook = try await storage.createHook(draft, owner: account.owner, limits: settings.limits, now: WallClock.now())
        context.logger.info("webhook created", metadata: ["store": "\(hook.owner.storeHash)", "hook": "\(hook.id)"])
        return JSONResponse.envelope(WebhookWire(hook))
    }

    @Sendable func list(_ request: Request, context: HooklineRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        var query = QueryParameters(request)
        let page = query.pageRequest()
        let isActive = query.bool("is_active")
        let scope = query.string("scope").map(ScopeCatalog.normalise)
        let destination = query.string("destination")
        try query.throwIfInvalid()
        let result = try await storage.hooks(
            owner: account.owner, filter: WebhookFilter(isActive: isActive, scope: scope, destination: destination),
            page: page)
        var extraQuery = ""
        if let isActive { extraQuery += "&is_active=\(isActive)" }
        if let scope { extraQuery += "&scope=\(QueryParameters.encode(scope))" }
        if let destination { extraQuery += "&destination=\(QueryParameters.encode(destination))" }
        return JSONResponse.make(
            status: .ok,
            body: Envelope(data: result.items.map { WebhookWire($0) }, meta: PaginationMeta(result, extraQuery: extraQuery)))
    }

    @Sendable func show(_ request: Request, context: HooklineRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let id = try Self.webhookID(context)
        guard let hook = try await storage.hook(id: id, owner: account.owner) else { throw APIError.webhookNotFound(id) }
        return JSONResponse.envelope(WebhookWire(hook))
    }

    @Sendable func update(_ request: Request, context: HooklineRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let id = try Self.webhookID(context)
        guard let object = try await JSONRequestBody.object(from: request) else { throw WebhookRequest.noFieldsError }
        let changes = try WebhookRequest(object, catalog: settings.catalog, policy: settings.destinationPolicy).changes()
        guard
            let hook = try await storage.updateHook(
                id: id, owner: account.owner, changes: changes, limits: settings.limits, now: WallClock.now())
        else { throw APIError.webhookNotFound(id) }
        context.logger.info("webhook updated", metadata: ["store": "\(hook.owner.storeHash)", "hook": "\(hook.id)"])
        return JSONResponse.envelope(WebhookWire(hook))
    }

    @Sendable func delete(_ request: Request, context: HooklineRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let id = try Self.webhookID(context)
        guard let hook = try await storage.deleteHook(id: id, owner: account.owner) else {
            throw APIError.webhookNotFound(id)
        }
        context.logger.info("webhook deleted", metadata: ["store": "\(hook.owner.storeHash)", "hook": "\(hook.id)"])
        return JSONResponse.envelope(WebhookWire(hook))
    }

    /// The `webhook_id` path parameter; anything but a positive 64-bit integer names no webhook (404).
    static func webhookID(_ context: HooklineRequestContext) throws -> Int64 {
        let raw = context.parameters.get("webhook_id") ?? ""
        guard let id = Int64(raw), id >= 1 else { throw APIError.webhookNotFound(raw.prefix(64)) }
        return id
    }
}
