import NIOCore
import NIOHTTP1
import NIOSSL

#if canImport(Glibc)
import Glibc
#endif

/// One request on a connection and where its answer goes.
struct Exchange {
    var head: HTTPRequestHead
    var body: ByteBuffer
    /// When the whole attempt (connect, TLS, request, answer) must be over.
    var deadline: NIODeadline
    var promise: EventLoopPromise<ExchangeOutcome>
}

/// An answer, and whether its connection may carry another request.
struct ExchangeOutcome: Sendable {
    var response: TransportResponse
    var reusable: Bool
}

/// Carries one exchange at a time (HTTP/1.1, no pipelining) on a connection: writes the request,
/// reads the answer up to the excerpt limit, and fails the exchange on an error, a close or the
/// deadline, closing the connection. A connection is reusable only after an answer read to its end
/// that did not ask for `Connection: close`.
final class ExchangeHandler: ChannelDuplexHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundIn = Exchange
    typealias OutboundOut = HTTPClientRequestPart

    private let excerptLimit: Int
    private var promise: EventLoopPromise<ExchangeOutcome>?
    private var timeout: Scheduled<Void>?
    private var head: HTTPResponseHead?
    private var excerpt: [UInt8] = []
    /// Whether the answer of the current exchange has begun (a reused connection that fails before
    /// any of it may be retried on a new one).
    private(set) var answerStarted = false

    init(excerptLimit: Int) {
        self.excerptLimit = excerptLimit
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise writePromise: EventLoopPromise<Void>?) {
        let exchange = unwrapOutboundIn(data)
        guard promise == nil else {
            exchange.promise.fail(TransportFailure(.other, "a connection carries one request at a time"))
            return
        }
        promise = exchange.promise
        head = nil
        excerpt.removeAll(keepingCapacity: true)
        answerStarted = false
        timeout = context.eventLoop.assumeIsolated().scheduleTask(deadline: exchange.deadline) { [self] in
            fail(TransportFailure(.timeout, "no complete answer within the request timeout"), context: context)
        }
        context.write(wrapOutboundOut(.head(exchange.head)), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(exchange.body))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: writePromise)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard promise != nil else {
            // Nothing was asked: an unsolicited answer means the connection is out of step.
            context.close(promise: nil)
            return
        }
        answerStarted = true
        switch unwrapInboundIn(data) {
        case .head(let responseHead):
            if (100..<200).contains(responseHead.status.code) { return }  // informational; the answer follows
            head = responseHead
        case .body(let chunk):
            let room = excerptLimit - excerpt.count
            if chunk.readableBytes > room {
                // More than the log keeps: the rest is not read, and the connection cannot be reused.
                excerpt.append(contentsOf: chunk.readableBytesView.prefix(room))
                finish(reusable: false, context: context)
                context.close(promise: nil)
            } else {
                excerpt.append(contentsOf: chunk.readableBytesView)
            }
        case .end:
            finish(reusable: head?.isKeepAlive ?? false, context: context)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(TransportFailure(.connection, "the receiver closed the connection before the answer was complete"), context: context)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(Self.classify(error), context: context)
        context.close(promise: nil)
    }

    private func finish(reusable: Bool, context: ChannelHandlerContext) {
        guard let promise, let head else {
            fail(TransportFailure(.connection, "the answer ended before its status line"), context: context)
            return
        }
        self.promise = nil
        timeout?.cancel()
        timeout = nil
        promise.succeed(
            ExchangeOutcome(
                response: TransportResponse(status: Int(head.status.code), headers: head.headers, excerpt: excerpt),
                reusable: reusable))
    }

    private func fail(_ failure: TransportFailure, context: ChannelHandlerContext) {
        guard let promise else { return }
        self.promise = nil
        timeout?.cancel()
        timeout = nil
        promise.fail(ExchangeFailure(failure: failure, answerStarted: answerStarted))
        context.close(promise: nil)
    }

    /// Sorts a channel error into the delivery log's classes.
    static func classify(_ error: any Error) -> TransportFailure {
        if let failure = error as? TransportFailure { return failure }
        if let tls = error as? NIOSSLExtraError, tls == .failedToValidateHostname {
            return TransportFailure(.tls, "name mismatch: the certificate is not for this host (\(tls))")
        }
        if case NIOSSLError.handshakeFailed(let cause) = error, "\(cause)".contains("CERTIFICATE_VERIFY_FAILED") {
            return TransportFailure(.tls, CertificateDiagnosis.unverified)
        }
        if error is NIOSSLError || error is NIOSSLExtraError || error is BoringSSLError {
            return TransportFailure(.tls, "TLS handshake failed: \(error)")
        }
        if let io = error as? IOError {
            switch io.errnoCode {
            case ECONNRESET: return TransportFailure(.connection, "the receiver reset the connection")
            case EPIPE: return TransportFailure(.connection, "the receiver closed the connection while the request was sent")
            default: return TransportFailure(.connection, "\(io)")
            }
        }
        if error is HTTPParserError {
            return TransportFailure(.connection, "the receiver's answer is not valid HTTP/1.1: \(error)")
        }
        return TransportFailure(.connection, "\(error)")
    }
}
