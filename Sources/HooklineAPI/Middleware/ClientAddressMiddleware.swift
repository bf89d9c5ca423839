import HTTPTypes
import Hummingbird
import HooklineCore

/// Names the request's client address (the connection's peer, or behind a trusted reverse proxy
/// the address its `X-Forwarded-For` gives) on the context and in every log line of the request.
struct ClientAddressMiddleware: RouterMiddleware {
    typealias Context = HooklineRequestContext

    /// The `X-Forwarded-For` header.
    static let forwardedForField = HTTPField.Name("X-Forwarded-For")!

    let trustedProxies: TrustedProxies

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        var context = context
        context.clientAddress = trustedProxies.clientAddress(
            peer: context.clientAddress, forwardedFor: request.headers[values: Self.forwardedForField])
        context.logger[metadataKey: "peer"] = "\(context.clientAddress)"
        return try await next(request, context)
    }
}
