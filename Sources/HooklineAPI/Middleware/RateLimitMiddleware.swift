import HTTPTypes
import Hummingbird
import Foundation
import HooklineCore
import HooklineStore

/// Applies the per-token quota and puts BigCommerce's four `X-Rate-Limit-*` headers on every answer.
///
/// Sits behind `ClientAuthMiddleware`; answers 429 past the quota. The counting is the storage's, so
/// nodes sharing a PostgreSQL database share each token's quota.
struct RateLimitMiddleware: RouterMiddleware {
    typealias Context = HooklineRequestContext

    static let windowField = HTTPField.Name("X-Rate-Limit-Time-Window-Ms")!
    static let resetField = HTTPField.Name("X-Rate-Limit-Time-Reset-Ms")!
    static let quotaField = HTTPField.Name("X-Rate-Limit-Requests-Quota")!
    static let leftField = HTTPField.Name("X-Rate-Limit-Requests-Left")!

    let storage: any HooklineStorage
    let policy: RateLimitPolicy

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        let account = try context.requireAccount()
        let decision = try await storage.recordRequest(
            key: account.clientID, policy: policy, now: WallClock.nowMilliseconds())
        var response: Response
        if decision.allowed {
            do {
                response = try await next(request, context)
            } catch {
                response = APIError.from(error, logger: context.logger).response()
            }
        } else {
            response = APIError(
                .tooManyRequests,
                "Too many requests: the quota of \(decision.quota) requests per \(decision.windowMilliseconds) ms is used up; retry in \(decision.resetMilliseconds) ms."
            ).response()
            response.headers[.retryAfter] = String((decision.resetMilliseconds + 999) / 1000)
        }
        response.headers[Self.windowField] = String(decision.windowMilliseconds)
        response.headers[Self.resetField] = String(decision.resetMilliseconds)
        response.headers[Self.quotaField] = String(decision.quota)
        response.headers[Self.leftField] = String(decision.remaining)
        return response
    }
}
