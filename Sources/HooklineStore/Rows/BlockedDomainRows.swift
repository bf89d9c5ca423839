import Foundation
import HooklineCore

extension BlockedDomain.Reason {
    /// A reason from a row of `CompletionSQL.blockReasons`; failures with neither status nor error
    /// class are described as `failure`.
    init(row: some SQLRow) throws {
        self.init(
            failure_description: try row.optionalText("description") ?? "failure", count: try row.int("count"),
            timestamp: try row.integer("timestamp"))
    }
}

extension BlockedDomain {
    /// A block from a row of `blocked_domains` (`host`, `destination`, `blocked_until`, `reasons` as JSON).
    init(row: some SQLRow) throws {
        let reasons = try JSONDecoder().decode([Reason].self, from: Data(try row.text("reasons").utf8))
        self.init(
            host: try row.text("host"), destination: try row.text("destination"),
            blockedUntil: try row.integer("blocked_until"), reasons: reasons)
    }
}
