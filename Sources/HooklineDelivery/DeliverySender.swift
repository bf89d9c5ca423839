import AsyncHTTPClient
import Foundation
import HooklineCore
import NIOCore
import NIOHTTP1

/// Makes one delivery attempt: the signed POST of the stored payload, and what came of it.
struct DeliverySender: Sendable {
    /// How an attempt ended.
    enum Outcome: Sendable {
        /// The attempt was made (or refused before sending); record it.
        case attempted(AttemptResult)
        /// The task was cancelled (shutdown) before an answer arrived; nothing to record.
        case interrupted
    }

    let client: HTTPClient
    let configuration: DeliveryConfiguration
    let addressGuard: AddressGuard
    let signers = SignerCache()

    /// Builds the HTTP client deliveries use: no redirects, short connect timeout, pooled connections.
    static func makeClient(_ configuration: DeliveryConfiguration) -> HTTPClient {
        var clientConfiguration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(
                connect: .seconds(configuration.connectTimeoutSeconds), read: .seconds(configuration.requestTimeoutSeconds)),
            connectionPool: .init(
                idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: configuration.perHostConcurrency),
            decompression: .disabled)
        clientConfiguration.connectionPool.retryConnectionEstablishment = false
        // No request spans: Hookline records every attempt itself, and a span per delivery costs CPU.
        clientConfiguration.tracing.tracer = nil
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: clientConfiguration)
    }

    func send(_ delivery: ClaimedDelivery) async -> Outcome {
        let started = Date()
        let startedMs = Int64(started.timeIntervalSince1970 * 1000)
        func elapsed() -> Int64 { Int64(Date().timeIntervalSince(started) * 1000) }
        guard let destination = delivery.destination, let secrets = delivery.signingSecrets else {
            return .attempted(
                AttemptResult(errorClass: .other, errorMessage: "webhook or account no longer exists", startedAtMilliseconds: startedMs, durationMilliseconds: 0))
        }
        if let problem = await addressGuard.problem(withHost: delivery.host) {
            return .attempted(
                AttemptResult(
                    errorClass: .forbiddenAddress, errorMessage: problem, startedAtMilliseconds: startedMs,
                    durationMilliseconds: elapsed()))
        }

        var request = HTTPClientRequest(url: destination)
        request.method = .POST
        for (name, value) in (delivery.headers ?? [:]).sorted(by: { $0.key < $1.key }) {
            request.headers.add(name: name, value: value)
        }
        let timestamp = Int64(started.timeIntervalSince1970)
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: HooklineVersion.userAgent)
        request.headers.add(name: "webhook-id", value: delivery.messageID)
        request.headers.add(name: "webhook-timestamp", value: String(timestamp))
        request.headers.add(
            name: "webhook-signature",
            value: signers.signatureHeader(secrets: secrets, id: delivery.messageID, timestamp: timestamp, body: delivery.payload))
        request.body = .bytes(ByteBuffer(bytes: delivery.payload))

        do {
            let response = try await client.execute(request, timeout: .seconds(configuration.requestTimeoutSeconds))
            let excerpt = try await Self.excerpt(of: response)
            let status = Int(response.status.code)
            var result = AttemptResult(
                statusCode: status, errorClass: (200..<300).contains(status) ? nil : .httpStatus,
                responseExcerpt: excerpt, startedAtMilliseconds: startedMs, durationMilliseconds: elapsed())
            if status == 429 || status == 503, let header = response.headers.first(name: "Retry-After") {
                result.retryAfterSeconds = RetryAfter.seconds(from: header)
            }
            if (300..<400).contains(status) {
                result.errorMessage = "redirects are not followed" + (response.headers.first(name: "Location").map { " (Location: \($0))" } ?? "")
            }
            return .attempted(result)
        } catch {
            if Task.isCancelled || error is CancellationError { return .interrupted }
            let (errorClass, message) = Self.classify(error)
            return .attempted(
                AttemptResult(
                    errorClass: errorClass, errorMessage: message, startedAtMilliseconds: startedMs,
                    durationMilliseconds: elapsed()))
        }
    }

    /// Reads at most `AttemptResult.excerptLimit` bytes of the body; the rest is not read (the
    /// connection is closed rather than draining a large body).
    private static func excerpt(of response: HTTPClientResponse) async throws -> String? {
        var collected: [UInt8] = []
        for try await chunk in response.body {
            collected.append(contentsOf: chunk.readableBytesView.prefix(AttemptResult.excerptLimit - collected.count))
            if collected.count >= AttemptResult.excerptLimit { break }
        }
        guard !collected.isEmpty else { return nil }
        return String(decoding: collected, as: UTF8.self)
    }

    /// Sorts a client error into the delivery log's classes.
    static func classify(_ error: any Error) -> (AttemptErrorClass, String) {
        let description = String(describing: error)
        if let clientError = error as? HTTPClientError {
            switch clientError {
            case .deadlineExceeded, .readTimeout, .writeTimeout:
                return (.timeout, "no complete answer within the timeout")
            case .connectTimeout:
                return (.connection, "connect timeout")
            default:
                break
            }
        }
        let lowered = description.lowercased()
        if lowered.contains("ssl") || lowered.contains("tls") || lowered.contains("certificate") || lowered.contains("handshake") {
            return (.tls, description)
        }
        if lowered.contains("resolve") || lowered.contains("lookup") || lowered.contains("nodename") || lowered.contains("dns")
            || lowered.contains("name or service")
        {
            return (.dns, description)
        }
        if lowered.contains("refused") || lowered.contains("connect") || lowered.contains("unreachable")
            || lowered.contains("reset") || lowered.contains("closed")
        {
            return (.connection, description)
        }
        if lowered.contains("timeout") || lowered.contains("timed out") { return (.timeout, description) }
        return (.other, description)
    }
}
