import Hummingbird

/// Lets a dashboard request through only with a live session; without one, a page asks for the
/// login page (303) and a form post is refused (403), so no data is shown or changed.
struct DashboardSessionMiddleware: RouterMiddleware {
    typealias Context = HooklineRequestContext

    let sessions: DashboardSessions

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        guard sessions.session(of: request, now: WallClock.now()) != nil else {
            if request.method == .get || request.method == .head { return DashboardPage.redirect(to: "/dashboard/login") }
            return DashboardPage.render(
                "message", ["heading": "Signed out", "text": "Your session has ended; log in again.", "back": "/dashboard/login"],
                status: .forbidden)
        }
        return try await next(request, context)
    }
}
