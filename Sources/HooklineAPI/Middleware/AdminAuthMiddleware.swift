import Hummingbird
import HooklineCore

/// Authenticates operator requests by `Authorization: Bearer <admin token>`, compared in constant time.
struct AdminAuthMiddleware: RouterMiddleware {
    typealias Context = HooklineRequestContext

    /// SHA-256 hex digest of the admin token.
    let adminTokenHash: String
    /// Counts, logs and throttles failures.
    let failures: AuthFailureGuard

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        guard let authorization = request.headers[.authorization], authorization.hasPrefix("Bearer "),
            Credentials.token(String(authorization.dropFirst("Bearer ".count)), matches: adminTokenHash)
        else {
            throw failures.reject(
                APIError(.unauthorized, "Unauthorized - send the operator admin token as 'Authorization: Bearer <token>'."),
                api: .admin, context: context, path: request.uri.path)
        }
        return try await next(request, context)
    }
}
