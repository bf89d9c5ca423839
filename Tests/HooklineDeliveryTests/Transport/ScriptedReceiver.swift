import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import Synchronization

/// A receiver on a real loopback socket that answers each request as its script says, at the byte
/// level (so it can hang, trickle, reset or speak HTTP/1.0), and records connections, requests and
/// the TLS server names clients asked for.
final class ScriptedReceiver: Sendable {
    /// How to answer a request.
    enum Answer: Sendable {
        /// Writes these bytes; closes the connection afterwards if `close`.
        case bytes(String, close: Bool)
        /// Never answers.
        case hang
        /// Writes `head`, then one byte of the body every `interval`.
        case trickle(head: String, interval: TimeAmount)
        /// Writes `prefix`, then resets the connection (RST).
        case reset(prefix: String)
        /// Answers 200 with a body of `size` bytes, written in 64 KiB chunks.
        case large(size: Int)

        /// `200 OK` with `body`, keep-alive.
        static func ok(_ body: String = "ok", extraHeaders: String = "") -> Answer {
            .bytes("HTTP/1.1 200 OK\r\nContent-Length: \(body.utf8.count)\r\n\(extraHeaders)\r\n\(body)", close: false)
        }
    }

    /// One request as it arrived.
    struct Request: Sendable {
        var head: HTTPRequestHead
        var body: String
        var connection: Int
    }

    private struct Record {
        var connections = 0
        var closedConnections = 0
        var requests: [Request] = []
        var serverNames: [String?] = []
    }

    /// The record, shared with the connections' handlers.
    private final class RecordBox: Sendable {
        let state = Mutex(Record())
    }

    private let box = RecordBox()
    private let channel: any Channel
    /// The port it listens on.
    let port: Int

    /// Listens on `host` (port 0 for any free one), answering with `script`; over TLS if `tls` is given.
    init(
        host: String = "127.0.0.1", port: Int = 0, tls: TLSConfiguration? = nil,
        script: @escaping @Sendable (Request) -> Answer
    ) async throws {
        let box = self.box
        var tlsConfiguration = tls
        tlsConfiguration?.sslContextCallback = { values, promise in
            box.state.withLock { $0.serverNames.append(values.serverHostname) }
            promise.succeed(NIOSSLContextConfigurationOverride())
        }
        let context = try tlsConfiguration.map { try NIOSSLContext(configuration: $0) }
        channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                let connection = box.state.withLock { record in
                    record.connections += 1
                    return record.connections
                }
                channel.closeFuture.whenComplete { _ in box.state.withLock { $0.closedConnections += 1 } }
                do {
                    let sync = channel.pipeline.syncOperations
                    if let context { try sync.addHandler(NIOSSLServerHandler(context: context)) }
                    try sync.addHandler(ByteToMessageHandler(HTTPRequestDecoder()))
                    try sync.addHandler(ScriptedAnswerHandler(connection: connection, record: { request in
                        box.state.withLock { $0.requests.append(request) }
                    }, script: script))
                    return channel.eventLoop.makeSucceededVoidFuture()
                } catch {
                    return channel.eventLoop.makeFailedFuture(error)
                }
            }
            .bind(host: host, port: port).get()
        self.port = channel.localAddress?.port ?? 0
    }

    /// Connections accepted so far.
    var connections: Int { box.state.withLock { $0.connections } }
    /// Connections closed so far, by either side.
    var closedConnections: Int { box.state.withLock { $0.closedConnections } }
    /// Requests received so far.
    var requests: [Request] { box.state.withLock { $0.requests } }
    /// The server name (SNI) of each TLS handshake, `nil` where the client sent none.
    var serverNames: [String?] { box.state.withLock { $0.serverNames } }

    /// Stops listening.
    func close() async {
        try? await channel.close()
    }
}

/// Collects one request and answers it as scripted; the connection's only handler after the decoder.
private final class ScriptedAnswerHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = ByteBuffer

    private let connection: Int
    private let record: (ScriptedReceiver.Request) -> Void
    private let script: @Sendable (ScriptedReceiver.Request) -> ScriptedReceiver.Answer
    private var head: HTTPRequestHead?
    private var body = ByteBuffer()

    init(
        connection: Int, record: @escaping (ScriptedReceiver.Request) -> Void,
        script: @escaping @Sendable (ScriptedReceiver.Request) -> ScriptedReceiver.Answer
    ) {
        self.connection = connection
        self.record = record
        self.script = script
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let requestHead):
            head = requestHead
            body.clear()
        case .body(var chunk):
            body.writeBuffer(&chunk)
        case .end:
            guard let head else { return }
            let request = ScriptedReceiver.Request(head: head, body: String(buffer: body), connection: connection)
            record(request)
            answer(script(request), context: context)
        }
    }

    private func answer(_ answer: ScriptedReceiver.Answer, context: ChannelHandlerContext) {
        let loop = context.eventLoop.assumeIsolated()
        switch answer {
        case .bytes(let text, let close):
            let written = context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: text)))
            if close { written.assumeIsolated().whenComplete { _ in context.close(promise: nil) } }
        case .hang:
            break
        case .trickle(let head, let interval):
            context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: head)), promise: nil)
            func drip() {
                guard context.channel.isActive else { return }
                context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: "x")), promise: nil)
                loop.scheduleTask(in: interval) { drip() }
            }
            loop.scheduleTask(in: interval) { drip() }
        case .reset(let prefix):
            context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: prefix))).assumeIsolated().whenComplete { _ in
                // SO_LINGER 0: closing sends a reset, not a graceful end.
                guard let provider = context.channel as? any SocketOptionProvider else { return context.close(promise: nil) }
                provider.setSoLinger(linger(l_onoff: 1, l_linger: 0)).assumeIsolated().whenComplete { _ in
                    context.close(promise: nil)
                }
            }
        case .large(let size):
            context.write(wrapOutboundOut(ByteBuffer(string: "HTTP/1.1 200 OK\r\nContent-Length: \(size)\r\n\r\n")), promise: nil)
            let chunk = ByteBuffer(repeating: UInt8(ascii: "z"), count: 64 * 1024)
            var left = size
            while left > 0 {
                context.write(wrapOutboundOut(chunk.getSlice(at: 0, length: min(left, chunk.readableBytes))!), promise: nil)
                left -= min(left, chunk.readableBytes)
            }
            context.flush()
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
