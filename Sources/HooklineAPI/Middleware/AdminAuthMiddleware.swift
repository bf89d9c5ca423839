import Hummingbird
import HooklineCore

/// Authenticates operator requests by `Authorization: Bearer <admin token>`, compared in constant time.
struct AdminAuthMiddleware: RouterMiddleware {
    typealias Context = HooklineRequestContext

    /// The admin token in force.
    let credential: AdminCredential
    /// Counts, logs and throttles failures.
    let failures: AuthFailureGuard

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        guard let authorization = request.headers[.authorization], authorization.hasPrefix("Bearer "),
            try await credential.accepts(String(authorization.dropFirst("Bearer ".count)), now: .now)
        else {
            throw failures.reject(
                APIError(.unauthorized, "Unauthorized - send the operator admin token as 'Authorization: Bearer <token>'."),
                api: .admin, context: context, path: request.uri.path)
        }
        return try await next(request, context)
    }
}
