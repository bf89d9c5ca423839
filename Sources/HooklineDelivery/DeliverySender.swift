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

    let transport: DeliveryTransport
    let signers = SignerCache()
    /// Destination URLs parsed once each: parsing one per attempt was 2 % of a drain's CPU.
    let targets = BoundedCache<String, TransportTarget?>()

    /// The transport deliveries use, set up from the engine's configuration.
    static func makeTransport(_ configuration: DeliveryConfiguration, resolver: any HostResolver) throws -> DeliveryTransport {
        try DeliveryTransport(
            configuration: TransportConfiguration(
                connectTimeout: .seconds(configuration.connectTimeoutSeconds),
                requestTimeout: .seconds(configuration.requestTimeoutSeconds),
                maxIdlePerHost: configuration.perHostConcurrency, destinationPolicy: configuration.destinationPolicy,
                additionalTrustRootsFile: configuration.caFile),
            resolver: resolver)
    }

    func send(_ delivery: ClaimedDelivery) async -> Outcome {
        let started = Date()
        let startedMs = Int64(started.timeIntervalSince1970 * 1000)
        func elapsed() -> Int64 { Int64(Date().timeIntervalSince(started) * 1000) }
        func failed(_ errorClass: AttemptErrorClass, _ message: String) -> Outcome {
            .attempted(
                AttemptResult(
                    errorClass: errorClass, errorMessage: message, startedAtMilliseconds: startedMs,
                    durationMilliseconds: elapsed()))
        }
        guard let destination = delivery.destination, let secrets = delivery.signingSecrets else {
            return failed(.other, "webhook or account no longer exists")
        }
        var headers = HTTPHeaders()
        headers.reserveCapacity((delivery.headers?.count ?? 0) + 5)
        for (name, value) in (delivery.headers ?? [:]).sorted(by: { $0.key < $1.key }) {
            headers.add(name: name, value: value)
        }
        let timestamp = Int64(started.timeIntervalSince1970)
        headers.add(name: "Content-Type", value: "application/json")
        headers.add(name: "User-Agent", value: HooklineVersion.userAgent)
        headers.add(name: "webhook-id", value: delivery.messageID)
        headers.add(name: "webhook-timestamp", value: String(timestamp))
        headers.add(
            name: "webhook-signature",
            value: signers.signatureHeader(secrets: secrets, id: delivery.messageID, timestamp: timestamp, body: delivery.payload))
        guard let target = targets.value(for: destination, orMake: TransportTarget.init(url:)) else {
            return failed(.other, "destination is not an http or https URL")
        }
        let request = TransportRequest(target: target, headers: headers, body: ByteBuffer(bytes: delivery.payload))

        switch await transport.send(request) {
        case .success(let response):
            let status = response.status
            var result = AttemptResult(
                statusCode: status, errorClass: (200..<300).contains(status) ? nil : .httpStatus,
                responseExcerpt: response.excerpt.isEmpty ? nil : String(decoding: response.excerpt, as: UTF8.self),
                startedAtMilliseconds: startedMs, durationMilliseconds: elapsed())
            if status == 429 || status == 503, let header = response.headers.first(name: "Retry-After") {
                result.retryAfterSeconds = RetryAfter.seconds(from: header)
            }
            if (300..<400).contains(status) {
                result.errorMessage = "redirects are not followed" + (response.headers.first(name: "Location").map { " (Location: \($0))" } ?? "")
            }
            return .attempted(result)
        case .failure(let failure):
            if Task.isCancelled { return .interrupted }
            return failed(failure.errorClass, failure.message)
        }
    }
}
