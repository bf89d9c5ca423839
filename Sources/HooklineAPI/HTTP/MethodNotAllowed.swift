import Hummingbird

/// Answers 405 with an `Allow` header for methods a known path does not support.
///
/// Hummingbird's router answers unknown methods like unknown paths (404); clients deserve to
/// learn that the path exists and which methods it takes.
enum MethodNotAllowed {
    static let candidates: [HTTPRequest.Method] = [.get, .post, .put, .delete, .patch]

    static func register(
        on routes: some RouterMethods<HooklineRequestContext>, path: RouterPath, allowed: [HTTPRequest.Method]
    ) {
        let allow = allowed.map(\.rawValue).joined(separator: ", ")
        for method in candidates where !allowed.contains(method) {
            routes.on(path, method: method) { request, _ -> Response in
                throw APIError(
                    .methodNotAllowed, "Method \(request.method.rawValue) is not allowed here; use \(allow).",
                    headers: [.allow: allow])
            }
        }
    }
}
