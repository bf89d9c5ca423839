import Hummingbird
import HooklineCore

/// Counts every API request by its route template and status class (`HooklineMetrics.apiRequest`).
///
/// It runs outside `ErrorBodyMiddleware`, so it sees the status an error was answered with.
struct RequestMetricsMiddleware: RouterMiddleware {
    typealias Context = HooklineRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        do {
            let response = try await next(request, context)
            HooklineMetrics.apiRequest(route: context.endpointPath ?? "unmatched", statusCode: response.status.code)
            return response
        } catch {
            let status = (error as? any HTTPResponseError)?.status.code ?? 500
            HooklineMetrics.apiRequest(route: context.endpointPath ?? "unmatched", statusCode: status)
            throw error
        }
    }
}
