import NIOCore
import NIOPosix
import Synchronization

/// A TCP listener on 127.0.0.1 that accepts every connection, reads and discards what arrives,
/// and never answers: a destination that hangs until the sender's own timeout gives up.
final class HangingListener: Sendable {
    /// Counts connections as they are accepted.
    private final class AcceptedCount: Sendable {
        let value = Atomic<Int>(0)
    }

    /// Swallows every byte of a connection and never writes back.
    private final class SilentHandler: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        let accepted: AcceptedCount

        init(accepted: AcceptedCount) { self.accepted = accepted }

        func channelActive(context: ChannelHandlerContext) {
            accepted.value.add(1, ordering: .relaxed)
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {}
    }

    /// The port it listens on.
    let port: Int
    private let channel: any Channel
    private let accepted: AcceptedCount

    /// Starts listening on a free port of 127.0.0.1.
    init() async throws {
        let accepted = AcceptedCount()
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 1024)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(SilentHandler(accepted: accepted))
                }
            }
        channel = try await bootstrap.bind(host: "127.0.0.1", port: 0).get()
        guard let port = channel.localAddress?.port else { throw BenchFailure("the hanging listener did not start") }
        self.port = port
        self.accepted = accepted
    }

    /// Connections accepted so far.
    var acceptedConnections: Int { accepted.value.load(ordering: .relaxed) }

    /// Stops listening and closes every connection it holds (the senders see them closed).
    func stop() async {
        try? await channel.close()
    }
}
