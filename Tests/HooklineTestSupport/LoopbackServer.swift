import Hummingbird
import Logging
import ServiceLifecycle

/// A Hummingbird server on 127.0.0.1 at a port the kernel picks (port 0), running until stopped:
/// the one way tests serve HTTP in-process (Hookline's API, receivers).
public final class LoopbackServer: Sendable {
    /// The port the server listens on.
    public let port: Int
    private let group: ServiceGroup
    private let task: Task<Void, any Error>

    /// `http://127.0.0.1:PORT`.
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Starts serving `responder`, with `services` (such as a delivery engine) run beside it; returns
    /// once the server listens. A graceful stop stops the server first, then `services` in reverse.
    public init<Responder: HTTPResponder>(responder: Responder, services: [any Service] = [], logger: Logger) async
    where Responder.Context: InitializableFromSource<ApplicationRequestContextSource> {
        let (portStream, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            responder: responder, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in portContinuation.yield(channel.localAddress?.port ?? 0) }, logger: logger)
        let group = ServiceGroup(
            configuration: .init(
                services: services.map { ServiceGroupConfiguration.ServiceConfiguration(service: $0) } + [.init(service: app)],
                gracefulShutdownSignals: [], logger: logger))
        self.group = group
        task = Task { try await group.run() }
        var iterator = portStream.makeAsyncIterator()
        port = await iterator.next() ?? 0
    }

    /// Stops gracefully, as SIGTERM would, and waits until everything has stopped.
    ///
    /// Not by cancelling the serving task: a connection accepted just as that task is cancelled is
    /// never served, and NIO traps on it ("Deinited NIOAsyncWriter without calling finish()",
    /// swift-nio#2637).
    public func stop() async throws {
        await group.triggerGracefulShutdown()
        try await task.value
    }

    /// Starts a graceful stop without waiting for it.
    public func stopInBackground() {
        let group = self.group
        Task { await group.triggerGracefulShutdown() }
    }
}
