import Foundation
import Hummingbird
import Logging
import ServiceLifecycle

/// A webhook receiver on 127.0.0.1 that timestamps every arrival (monotonic clock) as soon as its
/// request head is in, and records it in a `LatencyLedger`.
///
/// `POST /healthy/{hook}`: the hook number comes from the path, the event number from the body's
/// `data.id`. Every request is answered 200 at once.
final class TimestampingReceiver: Sendable {
    /// The part of a BigCommerce callback the receiver reads.
    private struct CallbackBody: Decodable {
        struct EventData: Decodable { var id: Int }
        var data: EventData
    }

    /// The port it listens on.
    let port: Int
    private let group: ServiceGroup

    /// Starts listening on a free port of 127.0.0.1; returns once the port is known.
    init(ledger: LatencyLedger) async throws {
        let router = Router()
        router.post("healthy/:hook") { request, context -> Response in
            let arrivedAt = ContinuousClock.now
            let body = try await request.body.collect(upTo: 1 << 20)
            if let hook = context.parameters.get("hook", as: Int.self),
                let callback = try? JSONDecoder().decode(CallbackBody.self, from: body)
            {
                ledger.recordArrival(hook: hook, event: callback.data.id, at: arrivedAt)
            } else {
                ledger.recordArrival(hook: -1, event: -1, at: arrivedAt)
            }
            return Response(status: .ok)
        }
        var logger = Logger(label: "hookline-bench.receiver")
        logger.logLevel = .critical
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0), serverName: "hookline-bench"),
            onServerRunning: { channel in portContinuation.yield(channel.localAddress?.port ?? 0) }, logger: logger)
        let group = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [], logger: logger))
        self.group = group
        Task { try await group.run() }
        var iterator = ports.makeAsyncIterator()
        port = await iterator.next() ?? 0
        guard port > 0 else { throw BenchFailure("the timestamping receiver did not start") }
    }

    /// Stops listening, gracefully: cancelling the serving task instead can trap in NIO on a connection
    /// accepted at that moment (swift-nio#2637), and Hookline may still be delivering.
    func stop() {
        let group = self.group
        Task { await group.triggerGracefulShutdown() }
    }
}
