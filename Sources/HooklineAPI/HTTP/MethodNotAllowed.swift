import Hummingbird

/// Answers 405 with an `Allow` header for methods a known path does not support.
///
/// Hummingbird's router answers unknown methods like unknown paths (404); clients deserve to
/// learn that the path exists and which methods it takes. Every method HTTP defines on a path
/// (RFC 9110 §9; `CONNECT` names an authority, not a path) is covered, so a fuzzer's `TRACE` or
/// `OPTIONS` is told the same as a `PATCH`; `HEAD` is left to the router where `GET` is allowed.
enum MethodNotAllowed {
    /// The methods answered with 405 wherever a path does not take them.
    static let candidates: [HTTPRequest.Method] = [
        .get, .head, .post, .put, .delete, .patch, .options, .trace,
    ]

    /// Registers a 405 answer, listing `allowed` in `Allow`, for every other method on `path`.
    static func register(
        on routes: some RouterMethods<HooklineRequestContext>, path: RouterPath, allowed: [HTTPRequest.Method]
    ) {
        let allow = allowed.map(\.rawValue).joined(separator: ", ")
        for method in candidates where !allowed.contains(method) && !(method == .head && allowed.contains(.get)) {
            routes.on(path, method: method) { request, _ -> Response in
                throw APIError(
                    .methodNotAllowed, "Method \(request.method.rawValue) is not allowed here; use \(allow).",
                    headers: [.allow: allow])
            }
        }
    }
}
