import Hummingbird
import HooklineCore

/// `/admin/v1/admin-token`: the operator replaces the admin token.
struct AdminTokenController {
    let credential: AdminCredential

    func register(on group: RouterGroup<HooklineRequestContext>) {
        group.post("admin-token/rotate", use: rotate)
        MethodNotAllowed.register(on: group, path: "admin-token/rotate", allowed: [.post])
    }

    /// The answer of a rotation: the new token, shown only here.
    struct RotatedWire: Encodable {
        var admin_token: String
    }

    /// `POST /admin/v1/admin-token/rotate` (no body): a new admin token; the one that authorised
    /// this request is refused from now on.
    @Sendable func rotate(_ request: Request, context: HooklineRequestContext) async throws -> Response {
        let token = try await credential.rotate(now: .now)
        context.logger.notice("admin token rotated")
        return JSONResponse.envelope(RotatedWire(admin_token: token))
    }
}
