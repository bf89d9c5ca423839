import ArgumentParser
import Foundation
import HooklineCore

/// `hookline deliveries attempts|retry|replay`: the operator's delivery log and its repairs.
struct Deliveries: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Inspect delivery attempts, retry a delivery, replay a webhook's events, on a running server.",
        subcommands: [Attempts.self, Retry.self, Replay.self])

    /// An attempt's outcome, as the delivery log filters it.
    enum Outcome: String, ExpressibleByArgument, CaseIterable {
        case succeeded, failed
    }

    /// `hookline deliveries attempts`: the delivery log of a webhook or an event.
    struct Attempts: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List delivery attempts of a webhook or of an event, newest first.")
        @Option(help: "The store's hash.") var store: String
        @Option(help: "The webhook's id.") var hook: Int64?
        @Option(help: "The event's id.") var event: String?
        @Option(help: "Only attempts that succeeded or failed.") var outcome: Outcome?
        @Option(help: "Page number.") var page = 1
        @Option(help: "Attempts per page.") var limit = 50
        @OptionGroup var connection: AdminConnectionOptions

        /// Exactly one of `--hook` and `--event`.
        func validate() throws {
            guard (hook == nil) != (event == nil) else { throw ValidationError("pass either --hook ID or --event EVENT_ID") }
        }

        /// Fetches one page of attempts and prints it as a table, or the raw answer with `--json`.
        func run() async throws {
            let subject = hook.map { "/hooks/\($0)" } ?? "/events/\(Deliveries.pathSegment(event ?? ""))"
            var query = "page=\(page)&limit=\(limit)"
            if let outcome { query += "&outcome=\(outcome.rawValue)" }
            let (raw, data) = try await connection.client().send(.GET, "/stores/\(store)\(subject)/attempts?\(query)")
            if connection.json { print(raw); return }
            guard case .array(let attempts) = data, !attempts.isEmpty else {
                print("No attempts.")
                return
            }
            TablePrinter.print(
                headers: ["ID", "DELIVERY", "EVENT", "HOOK", "TRY", "OUTCOME", "STATUS", "LATENCY_MS", "HOST_LIMIT", "STARTED", "ERROR"],
                rows: attempts.map { attempt in
                    ["id", "delivery_id", "event_id", "hook_id", "attempt", "outcome", "status_code", "latency_ms", "concurrency_limit"]
                        .map { TablePrinter.cell(attempt, $0) } + [Self.started(attempt), Self.problem(attempt)]
                })
            if case .object(let envelope)? = try? JSONValue.parse(Array(raw.utf8)),
                case .object(let meta)? = envelope["meta"], let pagination = meta["pagination"]
            {
                let page = TablePrinter.cell(pagination, "current_page")
                let pages = TablePrinter.cell(pagination, "total_pages")
                let total = TablePrinter.cell(pagination, "total")
                print("Page \(page) of \(pages), \(total) \(total == "1" ? "attempt" : "attempts").")
            }
        }

        /// When the attempt started, ISO 8601 UTC.
        static func started(_ attempt: JSONValue) -> String {
            guard case .object(let fields) = attempt, case .number(let milliseconds)? = fields["started_at_ms"] else { return "" }
            return Timestamp.text(milliseconds: milliseconds)
        }

        /// What went wrong, on one line: the error class and its message or the answer's excerpt.
        static func problem(_ attempt: JSONValue) -> String {
            let errorClass = TablePrinter.cell(attempt, "error")
            guard !errorClass.isEmpty else { return "" }
            var detail = TablePrinter.cell(attempt, "error_message")
            if detail.isEmpty { detail = TablePrinter.cell(attempt, "response_excerpt") }
            let text = detail.isEmpty ? errorClass : "\(errorClass): \(detail)"
            let line = text.split(whereSeparator: \.isNewline).joined(separator: " ")
            return line.count > 100 ? line.prefix(99) + "…" : line
        }
    }

    /// `hookline deliveries retry`: one delivery attempted again now.
    struct Retry: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Attempt a delivery again now, whatever its state (not while an attempt is in flight).")
        @Option(help: "The store's hash.") var store: String
        @Argument(help: "The delivery's id (delivery_id in the attempts).") var deliveryID: Int64
        @OptionGroup var connection: AdminConnectionOptions

        /// Asks the server to retry the delivery.
        func run() async throws {
            let (raw, _) = try await connection.client().send(.POST, "/stores/\(store)/deliveries/\(deliveryID)/retry")
            if connection.json { print(raw); return }
            print("Delivery \(deliveryID) will be attempted now.")
        }
    }

    /// `hookline deliveries replay`: a webhook's events of a time range delivered again.
    struct Replay: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Deliver a webhook's events of a time range again, as new deliveries.")
        @Option(help: "The store's hash.") var store: String
        @Option(help: "The webhook's id.") var hook: Int64
        @Option(help: "Replay events created at or after this time, Unix seconds.") var since: Int64
        @Option(help: "Replay events created up to this time, Unix seconds; default: now.") var until: Int64?
        @Flag(help: "Then follow the new deliveries until each was attempted, showing progress.") var follow = false
        @Option(help: "With --follow, give up following after this many seconds.") var followSeconds = 600
        @OptionGroup var connection: AdminConnectionOptions

        /// A non-negative, ordered time range.
        func validate() throws {
            guard since >= 0 else { throw ValidationError("--since must be Unix seconds") }
            if let until, until < since { throw ValidationError("--until must not be before --since") }
        }

        /// Asks the server to replay and prints how many deliveries it scheduled; with `--follow`,
        /// shows the webhook's attempts since then until there are as many.
        func run() async throws {
            var body: [String: JSONValue] = ["since": .number(Double(since))]
            if let until { body["until"] = .number(Double(until)) }
            let client = try connection.client()
            let attemptsBefore = follow ? try await attemptCount(client) : 0
            let (raw, data) = try await client.send(.POST, "/stores/\(store)/hooks/\(hook)/replay", body: .object(body))
            if connection.json && !follow { print(raw); return }
            let count = TablePrinter.cell(data, "deliveries")
            print("Scheduled \(count) \(count == "1" ? "delivery" : "deliveries") to webhook \(hook).")
            guard follow, let total = Int(count), total > 0 else { return }
            var progress = ProgressDisplay(total: total, label: "attempted")
            let deadline = ContinuousClock.now + .seconds(followSeconds)
            var attempted = 0
            while attempted < total {
                attempted = try await attemptCount(client) - attemptsBefore
                progress.update(attempted)
                guard attempted < total else { break }
                guard ContinuousClock.now < deadline else {
                    progress.finish()
                    throw CommandFailure("stopped following after \(followSeconds) s: \(attempted) of \(total) attempted")
                }
                try await Task.sleep(for: .milliseconds(250))
            }
            progress.finish()
        }

        /// How many attempts the webhook's log holds.
        private func attemptCount(_ client: AdminClient) async throws -> Int {
            let (raw, _) = try await client.send(.GET, "/stores/\(store)/hooks/\(hook)/attempts?limit=1")
            guard case .object(let envelope)? = try? JSONValue.parse(Array(raw.utf8)), case .object(let meta)? = envelope["meta"],
                let pagination = meta["pagination"]
            else { return 0 }
            return Int(TablePrinter.cell(pagination, "total")) ?? 0
        }
    }

    /// Percent-encodes a value for one path segment (event ids may hold any character).
    static func pathSegment(_ value: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove("/")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
    }
}
