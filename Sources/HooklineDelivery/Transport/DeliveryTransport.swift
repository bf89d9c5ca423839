import Foundation
import HooklineCore
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// Sends webhook POSTs over HTTP/1.1 on connections it owns: it resolves each host once, connects
/// only to addresses the destination policy vetted (the next one if a connection fails), verifies
/// TLS certificates against the URL's host, keeps connections alive per scheme, host and port, and
/// bounds every attempt by the request timeout.
///
/// One request per connection at a time (no pipelining). A connection is reused only after an
/// answer read to its end that did not say `Connection: close`; after an error, a timeout or an
/// answer cut off at the excerpt limit it is closed.
public final class DeliveryTransport: Sendable {
    private let configuration: TransportConfiguration
    private let group: any EventLoopGroup
    private let pool: ConnectionPool
    private let addressGuard: AddressGuard
    private let tlsContext: NIOSSLContext
    private let diagnosis: CertificateDiagnosis

    /// Creates a transport; fails if the additional trust roots cannot be read.
    public init(
        configuration: TransportConfiguration, resolver: any HostResolver = SystemResolver(),
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) throws {
        self.configuration = configuration
        self.group = group
        pool = ConnectionPool(
            maxIdlePerKey: configuration.maxIdlePerHost, idleTimeout: configuration.idleTimeout, sweepLoop: group.next())
        addressGuard = AddressGuard(
            policy: configuration.destinationPolicy, resolver: resolver, cacheSeconds: configuration.resolverCacheSeconds)
        var tls = TLSConfiguration.makeClientConfiguration()
        if let file = configuration.additionalTrustRootsFile {
            do {
                tls.additionalTrustRoots = [.certificates(try NIOSSLCertificate.fromPEMFile(file))]
            } catch {
                throw TrustRootsError(path: file, reason: "\(error)")
            }
        }
        tlsContext = try NIOSSLContext(configuration: tls)
        diagnosis = try CertificateDiagnosis(group: group)
    }

    /// Sends `request` and reads its answer, or says why there is none.
    public func send(_ request: TransportRequest) async -> Result<TransportResponse, TransportFailure> {
        let started = NIODeadline.now()
        let deadline = started + configuration.requestTimeout
        let key = request.poolKey
        var head = HTTPRequestHead(version: .http1_1, method: .POST, uri: request.target, headers: request.headers)
        head.headers.replaceOrAdd(name: "Host", value: Self.hostHeader(request))
        head.headers.replaceOrAdd(name: "Content-Length", value: String(request.body.readableBytes))
        if let channel = pool.take(key) {
            do {
                return .success(try await exchange(on: channel, key: key, head: head, body: request.body, deadline: deadline))
            } catch let failure as ExchangeFailure where !failure.answerStarted && failure.failure.errorClass == .connection {
                // The receiver closed the idle connection as the request went out: try a new one.
            } catch {
                return .failure(Self.failure(from: error))
            }
        }
        do {
            let addresses = try await addressGuard.addresses(of: request.host, port: request.port, now: started)
            let channel = try await connect(to: addresses, request: request, deadline: deadline)
            return .success(try await exchange(on: channel, key: key, head: head, body: request.body, deadline: deadline))
        } catch {
            return .failure(Self.failure(from: error))
        }
    }

    /// The TLS server name (SNI) and the name the certificate must match: the URL's host, unless it is an address.
    private static func serverName(_ request: TransportRequest) -> String? {
        IPAddressClass.classify(request.host) == nil ? request.host : nil
    }

    /// Closes the idle connections; attempts in flight finish on theirs.
    public func shutdown() {
        pool.closeAll()
    }

    private func exchange(
        on channel: any Channel, key: PoolKey, head: HTTPRequestHead, body: ByteBuffer, deadline: NIODeadline
    ) async throws -> TransportResponse {
        let promise = channel.eventLoop.makePromise(of: ExchangeOutcome.self)
        // A channel that closed before the write reaches the handler fails the write, not the exchange.
        channel.writeAndFlush(Exchange(head: head, body: body, deadline: deadline, promise: promise)).whenFailure { error in
            promise.fail(ExchangeFailure(failure: ExchangeHandler.classify(error), answerStarted: false))
        }
        let outcome = try await withTaskCancellationHandler {
            try await promise.futureResult.get()
        } onCancel: {
            channel.close(promise: nil)
        }
        if outcome.reusable {
            pool.park(channel, for: key)
        } else {
            channel.close(promise: nil)
        }
        return outcome.response
    }

    /// Connects to the first of `addresses` that accepts, within the connect timeout each; for https,
    /// also waits for the TLS handshake, so a refused certificate is reported as such.
    private func connect(to addresses: [SocketAddress], request: TransportRequest, deadline: NIODeadline) async throws
        -> any Channel
    {
        var lastFailure = TransportFailure(.connection, "\(request.host) has no address to connect to")
        let key = request.poolKey
        let serverName = Self.serverName(request)
        for address in addresses {
            let remaining = deadline - .now()
            guard remaining > .zero else { throw TransportFailure(.timeout, "no connection within the request timeout") }
            let loop = group.next()
            let handshake: EventLoopPromise<Void>? = key.scheme == "https" ? loop.makePromise() : nil
            let bootstrap = ClientBootstrap(group: loop)
                .connectTimeout(min(configuration.connectTimeout, remaining))
                .channelOption(.socketOption(.tcp_nodelay), value: 1)
                .channelInitializer { [tlsContext, excerptLimit = configuration.excerptLimit] channel in
                    do {
                        let sync = channel.pipeline.syncOperations
                        if let handshake {
                            try sync.addHandler(NIOSSLClientHandler(context: tlsContext, serverHostname: serverName))
                            try sync.addHandler(HandshakeWaiter(promise: handshake))
                        }
                        try sync.addHTTPClientHandlers(leftOverBytesStrategy: .fireError)
                        try sync.addHandler(ExchangeHandler(excerptLimit: excerptLimit))
                        return channel.eventLoop.makeSucceededVoidFuture()
                    } catch {
                        return channel.eventLoop.makeFailedFuture(error)
                    }
                }
            let channel: any Channel
            do {
                channel = try await bootstrap.connect(to: address).get()
            } catch ChannelError.connectTimeout(let amount) {
                handshake?.fail(ChannelError.connectTimeout(amount))
                lastFailure = TransportFailure(
                    .connection,
                    "connect timeout: \(address.ipAddress ?? "\(address)") did not accept within \(amount.nanoseconds / 1_000_000) ms")
                continue
            } catch {
                handshake?.fail(error)
                lastFailure = TransportFailure(.connection, "could not connect to \(address.ipAddress ?? "\(address)"): \(error)")
                continue
            }
            channel.closeFuture.whenComplete { [pool] _ in pool.forget(channel, of: key) }
            guard let handshake else { return channel }
            let timeout = loop.scheduleTask(deadline: deadline) {
                handshake.fail(TransportFailure(.timeout, "no TLS handshake within the request timeout"))
            }
            do {
                try await handshake.futureResult.get()
                timeout.cancel()
                return channel
            } catch {
                timeout.cancel()
                channel.close(promise: nil)
                var failure = Self.failure(from: error)
                if failure.message == CertificateDiagnosis.unverified {
                    failure.message = await diagnosis.reason(
                        address: address, serverName: serverName, deadline: deadline, nowSeconds: Int(Date().timeIntervalSince1970))
                }
                throw failure
            }
        }
        throw lastFailure
    }

    private static func failure(from error: any Error) -> TransportFailure {
        switch error {
        case let failure as TransportFailure: return failure
        case let failure as ExchangeFailure: return failure.failure
        default: return ExchangeHandler.classify(error)
        }
    }

    /// The `Host` header: the URL's host, bracketed if IPv6, with the port unless it is the scheme's default.
    private static func hostHeader(_ request: TransportRequest) -> String {
        let host = request.host.contains(":") && !request.host.hasPrefix("[") ? "[\(request.host)]" : request.host
        let defaultPort = request.scheme == "https" ? 443 : 80
        return request.port == defaultPort ? host : "\(host):\(request.port)"
    }
}
