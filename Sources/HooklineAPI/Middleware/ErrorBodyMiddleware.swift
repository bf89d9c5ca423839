import Hummingbird

/// Gives every error answer BigCommerce's body shape, whatever raised it (router, body reader, handler).
struct ErrorBodyMiddleware: RouterMiddleware {
    typealias Context = HooklineRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        do {
            return try await next(request, context)
        } catch {
            return APIError.from(error, logger: context.logger).response()
        }
    }
}
