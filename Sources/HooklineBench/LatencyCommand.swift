import ArgumentParser
import AsyncHTTPClient
import Foundation
import NIOCore

/// `hookline-bench latency`: publishes events at a steady rate to a running Hookline and measures,
/// per delivery, the time from the publish request being sent, and from its 202 being read, to the
/// request arriving at an in-process receiver; optionally with as many hooks again pointing at a listener that never answers.
struct LatencyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "latency",
        abstract: "Delivery latency at a steady publish rate (publish sent, and 202 read, → request received), as JSON.",
        discussion: """
            Creates the webhooks itself (scope \(WebhookRegistrar.scope)): --healthy-hooks to a \
            timestamping receiver on 127.0.0.1 and --hanging-hooks to a listener that accepts and never \
            answers, reached as 'localhost' so that it is another destination host. The server must allow \
            insecure and private destinations and a client rate limit above the hook count.
            """)

    @Option(help: "Base URL of the Hookline server under test.")
    var base: String

    @Option(help: "Operator admin token (publishes the events).")
    var adminToken: String

    @Option(help: "Store hash the hooks and events belong to.")
    var store: String

    @Option(help: "Access token of an API account of the store (creates the webhooks).")
    var accessToken: String

    @Option(help: "Events published per second, one request each.")
    var rate = 1000

    @Option(help: "Seconds to publish for.")
    var seconds = 30.0

    @Option(help: "Webhooks delivering to the timestamping receiver; every event goes to each.")
    var healthyHooks = 4

    @Option(help: "Webhooks delivering to the listener that never answers (their latency is not measured).")
    var hangingHooks = 0

    @Option(help: "Seconds to wait, after the last publish, for the last arrivals; any still missing then count as arriving then.")
    var drainTimeout = 30.0

    @Option(help: "Seconds one publish request may take before it counts as failed.")
    var publishTimeout = 30.0

    @Option(help: "Most connections the publisher opens to Hookline.")
    var connections = 32

    /// The number of events the run publishes.
    var eventCount: Int { Int((Double(rate) * seconds).rounded()) }

    func validate() throws {
        guard (1...100_000).contains(rate) else { throw ValidationError("--rate must be between 1 and 100000 events/s") }
        guard seconds > 0, eventCount >= 1 else { throw ValidationError("--seconds must be long enough for one event") }
        guard healthyHooks >= 1, hangingHooks >= 0 else {
            throw ValidationError("--healthy-hooks must be at least 1 and --hanging-hooks at least 0")
        }
        guard healthyHooks + hangingHooks <= 10 else {
            throw ValidationError("at most 10 hooks in all: Hookline allows 10 per scope")
        }
        guard drainTimeout > 0, publishTimeout > 0 else { throw ValidationError("timeouts must be positive") }
        guard connections >= 1 else { throw ValidationError("--connections must be at least 1") }
    }

    func run() async throws {
        let ledger = LatencyLedger(eventCount: eventCount, hookCount: healthyHooks)
        let receiver = try await TimestampingReceiver(ledger: ledger)
        let hanging = hangingHooks > 0 ? try await HangingListener() : nil
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: connections)
        // A request waiting for a free connection counts against the connect timeout: let a slow
        // server queue publishes as long as a publish may take, so they are measured, not dropped.
        let publishTimeout = TimeAmount.milliseconds(Int64(self.publishTimeout * 1000))
        configuration.timeout = .init(connect: publishTimeout, read: publishTimeout)
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        let report: Result<LatencyReport, any Error>
        do {
            report = .success(try await measure(client: client, ledger: ledger, receiver: receiver, hanging: hanging))
        } catch {
            report = .failure(error)
        }
        try? await client.shutdown()
        await hanging?.stop()
        receiver.stop()
        print(try report.get().json())
    }

    /// Creates the hooks, publishes on schedule, waits for the arrivals and summarises them.
    private func measure(
        client: HTTPClient, ledger: LatencyLedger, receiver: TimestampingReceiver, hanging: HangingListener?
    ) async throws -> LatencyReport {
        let registrar = WebhookRegistrar(client: client, base: base, storeHash: store, accessToken: accessToken)
        for hook in 0..<healthyHooks {
            try await registrar.register(destination: "http://127.0.0.1:\(receiver.port)/healthy/\(hook)")
        }
        if let hanging {
            for hook in 0..<hangingHooks {
                try await registrar.register(destination: "http://localhost:\(hanging.port)/hanging/\(hook)")
            }
        }

        let publisher = PacedPublisher(
            client: client, eventsURL: "\(base)/admin/v1/stores/\(store)/events", adminToken: adminToken, rate: rate,
            eventCount: eventCount, ledger: ledger, requestTimeout: .milliseconds(Int64(publishTimeout * 1000)))
        let published = await publisher.run()

        let drainDeadline = ContinuousClock.now + .milliseconds(Int64(drainTimeout * 1000))
        while ledger.arrivals < ledger.expectedArrivals, ContinuousClock.now < drainDeadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        let arrivals = ledger.arrivals
        let expected = ledger.expectedArrivals
        let summary = ledger.summary(deadline: ContinuousClock.now)
        let elapsedSeconds = Double(published.elapsed.microseconds) / 1_000_000
        return LatencyReport(
            rate_per_s: rate, seconds: seconds, healthy_hooks: healthyHooks, hanging_hooks: hangingHooks,
            events_scheduled: eventCount, events_accepted: published.accepted, publish_failures: published.failures,
            first_publish_failure: published.firstFailure,
            achieved_publish_rate_per_s: elapsedSeconds > 0 ? Double(published.accepted) / elapsedSeconds : 0,
            expected_arrivals: expected, arrivals: arrivals, missing_arrivals: summary.missing,
            latency_is_lower_bound: summary.missing > 0, duplicate_arrivals: summary.duplicates,
            unmatched_arrivals: summary.unknown, arrivals_before_accepted: summary.beforeAccepted,
            latency: LatencySummary(summary.sinceSent), latency_since_accepted: LatencySummary(summary.sinceAccepted),
            publish_response: LatencySummary(published.responseTimes), send_lateness: LatencySummary(published.lateness),
            hanging_connections_accepted: hanging?.acceptedConnections)
    }
}
