import HooklineCore
import Hummingbird
import Synchronization

/// The dashboard's signed-in sessions on this node: a random id in an HttpOnly cookie, each with
/// its own CSRF token and an end.
///
/// Sessions live in this process: a restart signs everyone out, and behind a load balancer a
/// session belongs to the node that issued it. One lock guards the table.
public final class DashboardSessions: Sendable {
    /// One signed-in session.
    struct Session: Sendable {
        /// The token every form of this session must send back.
        var csrf: String
        /// When it ends, Unix seconds.
        var expiresAt: Int64
    }

    /// The session cookie's name.
    static let cookieName = "hookline_session"
    /// How long a session lasts, seconds.
    let lifetime: Int64
    private let sessions = Mutex<[String: Session]>([:])

    /// Sessions lasting `lifetime` seconds (default 8 hours).
    public init(lifetime: Int64 = 8 * 3600) {
        self.lifetime = lifetime
    }

    /// Starts a session at `now` (Unix seconds); returns its id and CSRF token. Ended sessions are dropped.
    func start(now: Int64) -> (id: String, session: Session) {
        let id = Credentials.randomString(length: 43)
        let session = Session(csrf: Credentials.randomString(length: 43), expiresAt: now + lifetime)
        sessions.withLock { table in
            table = table.filter { $0.value.expiresAt > now }
            table[Credentials.tokenHash(id)] = session
        }
        return (id, session)
    }

    /// The live session whose id `request` carries in its cookie, if any.
    func session(of request: Request, now: Int64) -> Session? {
        guard let id = request.cookies[Self.cookieName]?.value, !id.isEmpty else { return nil }
        let key = Credentials.tokenHash(id)
        return sessions.withLock { table in
            guard let session = table[key] else { return nil }
            guard session.expiresAt > now else {
                table[key] = nil
                return nil
            }
            return session
        }
    }

    /// Ends the session `request` carries, if any.
    func end(of request: Request) {
        guard let id = request.cookies[Self.cookieName]?.value else { return }
        let key = Credentials.tokenHash(id)
        _ = sessions.withLock { $0.removeValue(forKey: key) }
    }

    /// The cookie that carries session `id` (or, with `nil`, clears it): HttpOnly, SameSite=Strict,
    /// limited to `/dashboard`, Secure when the page was asked for over https.
    func cookie(_ id: String?, secure: Bool) -> Cookie {
        Cookie(
            name: Self.cookieName, value: id ?? "", maxAge: id == nil ? 0 : Int(lifetime), path: "/dashboard",
            secure: secure, httpOnly: true, sameSite: .strict)
    }
}
