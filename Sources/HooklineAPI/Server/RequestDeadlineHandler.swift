import Logging
import NIOCore
import NIOHTTPTypes

/// Closes a connection whose request head or body misses its deadline (`RequestDeadlines`).
///
/// Hummingbird 2 has an idle timeout (`HTTP1Channel.Configuration.idleTimeout`) but no header or
/// body deadline: its idle timer restarts on every part read, so a client that trickles a body a
/// byte at a time, or never finishes a head, holds the connection for as long as it likes. This
/// handler adds the two deadlines; the idle timeout stays Hummingbird's.
final class RequestDeadlineHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let limits: ServerLimits
    private let logger: Logger
    private var deadlines: RequestDeadlines?
    private var timer: Scheduled<Void>?
    private var timerDeadline: NIODeadline?

    init(limits: ServerLimits, logger: Logger) {
        self.limits = limits
        self.logger = logger
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { start(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        start(context)
        context.fireChannelActive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head: deadlines?.headReceived(at: .now())
        case .body: break
        case .end: deadlines?.endReceived()
        }
        arm(context)
        context.fireChannelRead(data)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard event is RequestBytesArrived else { return context.fireUserInboundEventTriggered(event) }
        deadlines?.bytesArrived(at: .now())
        arm(context)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) { deadlines?.responseEnded() }
        context.write(data, promise: promise)
    }

    private func start(_ context: ChannelHandlerContext) {
        guard deadlines == nil else { return }
        deadlines = RequestDeadlines(limits: limits, openedAt: .now())
        arm(context)
    }

    /// Makes sure a timer fires no later than the deadline in force (deadlines only move on, so
    /// one timer, re-armed when it fires early, is enough).
    private func arm(_ context: ChannelHandlerContext) {
        guard let deadline = deadlines?.deadline else { return }
        if let timerDeadline, timerDeadline <= deadline { return }
        timer?.cancel()
        timerDeadline = deadline
        timer = context.eventLoop.assumeIsolated().scheduleTask(deadline: deadline) { [self] in
            fire(context)
        }
    }

    private func fire(_ context: ChannelHandlerContext) {
        timer = nil
        timerDeadline = nil
        guard let deadlines else { return }
        if deadlines.isExpired(at: .now()) {
            let what = if case .readingBody = deadlines.phase { "body" } else { "head" }
            logger.debug(
                "closing a connection whose request \(what) missed its deadline",
                metadata: ["peer": "\(context.channel.remoteAddress?.description ?? "?")"])
            context.close(promise: nil)
        } else {
            arm(context)
        }
    }
}
