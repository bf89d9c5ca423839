import ArgumentParser
import HooklineCore
import Hummingbird
import Logging
import ServiceLifecycle

/// `hookline listen`: a local webhook receiver for development that prints every delivery,
/// checks its signature and answers with a chosen status.
struct Listen: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Receive deliveries locally: print each one, check its signature, answer a chosen status.",
        discussion: """
            Point a webhook's destination at http://HOST:PORT/any/path; the server must run with \
            --allow-insecure-destinations --allow-private-destinations (or --demo). Stops on SIGINT or SIGTERM.
            """)

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on; 0 picks a free one (the chosen one is printed).")
    var port: Int

    @Option(help: "Verify signatures with this Standard Webhooks secret (whsec_ + base64 of the client secret).")
    var secret: String?

    @Option(help: "Verify signatures with the API account's client_secret.")
    var clientSecret: String?

    @Option(help: "HTTP status to answer every delivery with.")
    var status = 200

    @Option(help: "Add 'Retry-After: SECONDS' to every answer (Hookline honours it with 429 and 503).")
    var retryAfter: Int?

    @Option(help: "Wait this many milliseconds before answering.")
    var delayMs = 0

    /// Port, status and delay in range; at most one well-formed secret.
    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
        guard (200...599).contains(status) else { throw ValidationError("--status must be between 200 and 599") }
        if let retryAfter, retryAfter < 0 { throw ValidationError("--retry-after must be 0 or more seconds") }
        guard delayMs >= 0 else { throw ValidationError("--delay-ms must be 0 or more") }
        _ = try signatureCheck()
    }

    /// The signature check the given secret asks for, if any.
    func signatureCheck() throws -> SignatureCheck? {
        switch (secret, clientSecret) {
        case (nil, nil):
            return nil
        case (let standard?, nil):
            guard standard.hasPrefix("whsec_"), let signer = WebhookSignature(standardSecret: standard) else {
                throw ValidationError("--secret must be whsec_ followed by base64; pass a raw client secret with --client-secret")
            }
            return SignatureCheck(signer: signer)
        case (nil, let raw?):
            return SignatureCheck(signer: WebhookSignature(clientSecret: raw))
        case (_?, _?):
            throw ValidationError("pass --secret or --client-secret, not both")
        }
    }

    /// Serves until SIGINT or SIGTERM, printing `Listening on …` once bound.
    func run() async throws {
        var logger = Logger(label: "hookline-listen")
        logger.logLevel = .warning
        let receiver = WebhookReceiver(
            signatureCheck: try signatureCheck(), status: status, retryAfterSeconds: retryAfter,
            delayMilliseconds: delayMs)
        let host = self.host
        let app = Application(
            responder: CallbackResponder { (request: Request, _: BasicRequestContext) in
                try await receiver.respond(to: request)
            },
            configuration: .init(address: .hostname(host, port: port), serverName: "hookline-listen"),
            onServerRunning: { channel in
                let shownHost = host.contains(":") ? "[\(host)]" : host
                Console.line("Listening on http://\(shownHost):\(channel.localAddress?.port ?? 0)")
            },
            logger: logger)
        let services = ServiceGroup(
            configuration: .init(services: [app], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await services.run()
    }
}
