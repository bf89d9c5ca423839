import NIOCore
import NIOPosix
import NIOSSL

/// Says why a certificate the handshake refused is not trusted: BoringSSL reports only that
/// verification failed, so after such a failure a second, verification-free handshake with the
/// same vetted address fetches the receiver's certificate to read its validity period. Nothing is
/// sent on that connection; it is closed as soon as the handshake ends. Only failed handshakes pay
/// for it.
struct CertificateDiagnosis: Sendable {
    private let context: NIOSSLContext
    private let group: any EventLoopGroup

    /// The message of a handshake that failed certificate verification, before the diagnosis.
    static let unverified = "certificate verification failed"

    init(group: any EventLoopGroup) throws {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.certificateVerification = .none
        context = try NIOSSLContext(configuration: configuration)
        self.group = group
    }

    /// Why the certificate `address` presents for `serverName` is refused, as of `nowSeconds` (Unix time).
    func reason(address: SocketAddress, serverName: String?, deadline: NIODeadline, nowSeconds: Int) async -> String {
        let handshake = group.next().makePromise(of: Void.self)
        let connecting = ClientBootstrap(group: handshake.futureResult.eventLoop)
            .connectTimeout(max(deadline - .now(), .milliseconds(1)))
            .channelInitializer { [context] channel in
                do {
                    try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: context, serverHostname: serverName))
                    try channel.pipeline.syncOperations.addHandler(HandshakeWaiter(promise: handshake))
                    return channel.eventLoop.makeSucceededVoidFuture()
                } catch {
                    return channel.eventLoop.makeFailedFuture(error)
                }
            }
            .connect(to: address)
        connecting.whenFailure { handshake.fail($0) }
        let timeout = handshake.futureResult.eventLoop.scheduleTask(deadline: deadline) {
            handshake.fail(ChannelError.connectTimeout(.zero))
        }
        defer { timeout.cancel() }
        guard (try? await handshake.futureResult.get()) != nil, let channel = try? await connecting.get() else {
            return "\(Self.unverified) (unknown authority, or an expired certificate)"
        }
        defer { channel.close(promise: nil) }
        guard let certificate = try? await channel.nioSSL_peerCertificate().get() else {
            return "\(Self.unverified): the receiver presented no certificate"
        }
        if Int(certificate.notValidAfter) < nowSeconds { return "\(Self.unverified): the certificate expired" }
        if Int(certificate.notValidBefore) > nowSeconds { return "\(Self.unverified): the certificate is not valid yet" }
        return "\(Self.unverified): unknown authority (the certificate is not signed by a trusted CA; see --ca-file)"
    }
}
