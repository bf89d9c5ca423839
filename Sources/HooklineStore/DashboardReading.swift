import HooklineCore

/// The reads behind the operator dashboard's overview.
public protocol DashboardReading: Sendable {
    /// Attempts per minute in `from..<to` (Unix ms), the delivery queue and the hosts blocked at `now` (Unix ms).
    func dashboardOverview(from: Int64, to: Int64, now: Int64) async throws -> DashboardOverview
}

/// What the dashboard's overview shows, across every store.
public struct DashboardOverview: Sendable, Equatable {
    /// One minute of attempts.
    public struct Minute: Sendable, Equatable {
        /// The minute, as Unix ms divided by 60,000.
        public var minute: Int64
        /// Attempts the destination accepted.
        public var succeeded: Int
        /// Attempts that failed.
        public var failed: Int

        /// Creates a minute.
        public init(minute: Int64, succeeded: Int, failed: Int) {
            self.minute = minute
            self.succeeded = succeeded
            self.failed = failed
        }
    }

    /// The minutes that had attempts, oldest first (minutes without any are absent).
    public var minutes: [Minute]
    /// Pending deliveries no node holds (waiting for their time or for a node).
    public var queued: Int
    /// Pending deliveries a node holds a live lease on (being attempted).
    public var inFlight: Int
    /// Destination hosts blocked right now, over all clients.
    public var blockedDomains: Int

    /// Creates an overview.
    public init(minutes: [Minute], queued: Int, inFlight: Int, blockedDomains: Int) {
        self.minutes = minutes
        self.queued = queued
        self.inFlight = inFlight
        self.blockedDomains = blockedDomains
    }
}

/// The dashboard's statements, written once for both stores: `?` placeholders, bound in order,
/// which `postgresText` numbers for PostgreSQL.
///
/// A stand-in until the stores share a SQL dialect; these belong there.
enum DashboardStatements {
    /// Attempts per minute: binds `from`, `to` (Unix ms); columns `minute`, `ok`, `total`.
    static let attemptsPerMinute = """
        SELECT started_at / 60000 AS minute, SUM(CASE WHEN succeeded THEN 1 ELSE 0 END) AS ok, COUNT(*) AS total
        FROM attempts WHERE started_at >= ? AND started_at < ?
        GROUP BY started_at / 60000 ORDER BY minute
        """

    /// The queue: binds `now` (Unix ms) twice; columns `queued`, `in_flight`.
    static let queue = """
        SELECT COALESCE(SUM(CASE WHEN lease_owner IS NULL OR next_attempt_at <= ? THEN 1 ELSE 0 END), 0) AS queued,
               COALESCE(SUM(CASE WHEN lease_owner IS NOT NULL AND next_attempt_at > ? THEN 1 ELSE 0 END), 0) AS in_flight
        FROM deliveries WHERE state = 'pending'
        """

    /// Hosts blocked now: binds `now` (Unix seconds); column `blocked`.
    static let blockedDomains = "SELECT COUNT(*) AS blocked FROM blocked_domains WHERE blocked_until > ?"

    /// `sql` with its `?` placeholders numbered `$1`, `$2`, … as PostgreSQL wants them.
    static func postgresText(_ sql: String) -> String {
        var text = ""
        var number = 0
        for character in sql {
            if character == "?" {
                number += 1
                text += "$\(number)"
            } else {
                text.append(character)
            }
        }
        return text
    }

    /// Builds the overview from the three statements' results.
    static func overview(minutes: [(minute: Int64, ok: Int64, total: Int64)], queued: Int64, inFlight: Int64, blocked: Int64)
        -> DashboardOverview
    {
        DashboardOverview(
            minutes: minutes.map { .init(minute: $0.minute, succeeded: Int($0.ok), failed: Int($0.total - $0.ok)) },
            queued: Int(queued), inFlight: Int(inFlight), blockedDomains: Int(blocked))
    }
}
