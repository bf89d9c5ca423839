import HTTPTypes
import Hummingbird
import HooklineCore
import HooklineStore

/// Authenticates client API requests by `X-Auth-Token` and checks the token belongs to the store in the path.
///
/// A missing or unknown token, or a token of another store, is 401 with the same body, so a
/// caller cannot learn whether a store exists.
struct ClientAuthMiddleware: RouterMiddleware {
    typealias Context = HooklineRequestContext

    /// The `X-Auth-Token` header.
    static let authTokenField = HTTPField.Name("X-Auth-Token")!

    let storage: any HooklineStorage
    /// Counts, logs and throttles failures.
    let failures: AuthFailureGuard

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        guard let token = request.headers[Self.authTokenField], !token.isEmpty, token.utf8.count <= 512 else {
            throw failures.reject(.unauthorized, api: .client, context: context, path: request.uri.path)
        }
        let tokenHash = Credentials.tokenHash(token)
        guard let account = try await storage.account(tokenHash: tokenHash),
            account.storeHash == context.parameters.get("store_hash")
        else {
            throw failures.reject(.unauthorized, api: .client, context: context, path: request.uri.path)
        }
        var context = context
        context.account = account
        return try await next(request, context)
    }
}
