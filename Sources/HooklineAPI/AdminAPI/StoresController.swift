import Hummingbird
import HooklineCore
import HooklineStore

/// `/admin/v1/stores`: the operator creates and lists stores.
struct StoresController {
    let storage: any HooklineStorage
    let provisioning: TenantProvisioning

    func register(on group: RouterGroup<HooklineRequestContext>) {
        group.post("stores", use: create)
        group.get("stores", use: list)
        group.get("stores/:store_hash", use: show)
        MethodNotAllowed.register(on: group, path: "stores", allowed: [.get, .post])
        MethodNotAllowed.register(on: group, path: "stores/:store_hash", allowed: [.get])
    }

    /// A store as the admin API shows it.
    struct StoreWire: Encodable {
        var store_hash: String
        var store_id: Int64
        var created_at: Int64

        init(_ store: CommerceStore) {
            store_hash = store.storeHash
            store_id = store.storeID
            created_at = store.createdAt
        }
    }

    @Sendable func create(_ request: Request, context: HooklineRequestContext) async throws -> Response {
        let object = try await JSONRequestBody.object(from: request) ?? [:]
        var errors: [String: String] = [:]
        for key in object.keys where key != "store_hash" { errors[key] = "unknown field; the only field is store_hash" }
        var hash: String?
        switch object["store_hash"] {
        case nil, .null?: break
        case .string(let value)?:
            if CommerceStore.isValidHash(value) {
                hash = value
            } else {
                errors["store_hash"] = "must be 1 to \(CommerceStore.maxHashLength) lowercase letters and digits"
            }
        case let other?: errors["store_hash"] = "must be a string, not \(other.typeName)"
        }
        guard errors.isEmpty else { throw APIError.invalidFields(errors) }
        let store = try await provisioning.createStore(hash: hash)
        context.logger.info("store created", metadata: ["store": "\(store.storeHash)"])
        return JSONResponse.envelope(StoreWire(store), status: .created)
    }

    @Sendable func list(_ request: Request, context: HooklineRequestContext) async throws -> Response {
        var query = QueryParameters(request)
        let page = query.pageRequest()
        try query.throwIfInvalid()
        let result = try await storage.stores(page: page)
        return JSONResponse.make(
            status: .ok, body: Envelope(data: result.items.map(StoreWire.init), meta: PaginationMeta(result)))
    }

    @Sendable func show(_ request: Request, context: HooklineRequestContext) async throws -> Response {
        let hash = context.parameters.get("store_hash") ?? ""
        guard let store = try await storage.store(hash: hash) else { throw StorageError.storeNotFound(storeHash: hash) }
        return JSONResponse.envelope(StoreWire(store))
    }
}
