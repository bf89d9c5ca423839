import Hummingbird
import HooklineCore
import HooklineStore

/// Per-request state: Hummingbird's core context plus the API account a client request authenticated as.
public struct HooklineRequestContext: RequestContext {
    /// Hummingbird's per-request storage (logger, parameters, allocator).
    public var coreContext: CoreRequestContextStorage
    /// The account of a client API request, set by `ClientAuthMiddleware`.
    public var account: APIAccount?
    /// The client's IP address: the connection's peer, or behind a trusted proxy the address it
    /// forwarded for (set by `ClientAddressMiddleware`).
    public var clientAddress: String

    /// Creates the context for a new request.
    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.account = nil
        self.clientAddress = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }

    /// The authenticated account; only reachable behind `ClientAuthMiddleware`.
    func requireAccount() throws -> APIAccount {
        guard let account else { throw APIError.unauthorized }
        return account
    }

    /// The `store_hash` path parameter of an admin route, checked to name an existing store (else 404).
    func existingStoreHash(in storage: any HooklineStorage) async throws -> String {
        let hash = parameters.get("store_hash") ?? ""
        guard try await storage.store(hash: hash) != nil else { throw StorageError.storeNotFound(storeHash: hash) }
        return hash
    }
}
