import Hummingbird
import HooklineCore

/// Per-request state: Hummingbird's core context plus the API account a client request authenticated as.
public struct HooklineRequestContext: RequestContext {
    /// Hummingbird's per-request storage (logger, parameters, allocator).
    public var coreContext: CoreRequestContextStorage
    /// The account of a client API request, set by `ClientAuthMiddleware`.
    public var account: APIAccount?

    /// Creates the context for a new request.
    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.account = nil
    }

    /// The authenticated account; only reachable behind `ClientAuthMiddleware`.
    func requireAccount() throws -> APIAccount {
        guard let account else { throw APIError.unauthorized }
        return account
    }
}
