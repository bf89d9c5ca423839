import NIOCore

/// Sits before the HTTP decoder and announces every read with `RequestBytesArrived`, so
/// `RequestDeadlineHandler` (after the decoder, where only whole heads are visible) learns when a
/// keep-alive connection's next request starts arriving.
///
/// Hummingbird's HTTP/1 channel adds its own handlers only after the decoder, and its idle timeout
/// restarts on every decoded part; neither sees a head that is still arriving.
final class RequestBytesObserver: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        context.fireUserInboundEventTriggered(RequestBytesArrived())
        context.fireChannelRead(data)
    }
}

/// A read reached the connection (the user event `RequestBytesObserver` sends down the pipeline).
struct RequestBytesArrived: Sendable {}
