import HummingbirdCore
import Logging
import NIOCore

/// Hummingbird's HTTP/1 channel with request deadlines: `RequestBytesObserver` before its decoder,
/// `RequestDeadlineHandler` after it, and Hummingbird's own idle timeout.
struct DeadlineHTTP1Channel: ServerChildChannel {
    typealias Value = HTTP1Channel.Value

    private let http1: HTTP1Channel

    init(responder: @escaping HTTPChannelHandler.Responder, limits: ServerLimits, logger: Logger) {
        self.http1 = HTTP1Channel(
            responder: responder,
            configuration: .init(
                additionalChannelHandlers: [RequestDeadlineHandler(limits: limits, logger: logger)],
                idleTimeout: limits.idleTimeout))
    }

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.addHandler(RequestBytesObserver())
        }.flatMap {
            self.http1.setup(channel: channel, logger: logger)
        }
    }

    func handle(value: Value, logger: Logger) async {
        await http1.handle(value: value, logger: logger)
    }
}
