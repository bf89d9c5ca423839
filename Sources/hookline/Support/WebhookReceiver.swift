import Foundation
import HooklineCore
import Hummingbird
import NIOCore

/// What `hookline listen` does with each request: prints the delivery, checks its signature, and
/// answers with the status the developer chose.
struct WebhookReceiver: Sendable {
    /// Checks signatures; `nil` when no secret was given.
    let signatureCheck: SignatureCheck?
    /// The status every delivery is answered with.
    let status: Int
    /// `Retry-After` seconds added to every answer, if any.
    let retryAfterSeconds: Int?
    /// How long to wait before answering, in milliseconds.
    let delayMilliseconds: Int

    /// The largest body read; Hookline's payloads are far smaller.
    static let maxBodyBytes = 8 << 20

    /// Headers that say nothing about the delivery and are left out of the printout.
    static let unremarkableHeaders: Set<String> = ["host", "content-length", "connection", "transfer-encoding"]

    /// Handles one request: a POST is printed and answered with the chosen status; anything else is 405.
    func respond(to request: Request) async throws -> Response {
        let receivedAt = Date()
        guard request.method == .post else {
            Console.line("[\(Timestamp.text(receivedAt))] \(request.method) \(request.uri) → 405 (deliveries are POSTs)")
            return Response(status: .methodNotAllowed, headers: [.allow: "POST"])
        }
        let body: [UInt8]
        do {
            body = Array(buffer: try await request.body.collect(upTo: Self.maxBodyBytes))
        } catch {
            Console.line("[\(Timestamp.text(receivedAt))] POST \(request.uri) → 413 (body over \(Self.maxBodyBytes) bytes)")
            return Response(status: .contentTooLarge)
        }
        let headers = request.headers.map { (name: $0.name.canonicalName, value: $0.value) }
        Console.line(report(path: "\(request.uri)", headers: headers, body: body, receivedAt: receivedAt))

        if delayMilliseconds > 0 { try await Task.sleep(for: .milliseconds(delayMilliseconds)) }
        var answerHeaders: HTTPFields = [.contentType: "text/plain; charset=utf-8"]
        if let retryAfterSeconds { answerHeaders[.retryAfter] = String(retryAfterSeconds) }
        return Response(
            status: .init(code: status), headers: answerHeaders,
            body: .init(byteBuffer: ByteBuffer(string: "hookline listen answered \(status)\n")))
    }

    /// The printout of one delivery: time, path and answer; webhook id, scope, event hash,
    /// signature verdict; the headers of interest; the body, pretty-printed if it is JSON.
    func report(path: String, headers: [(name: String, value: String)], body: [UInt8], receivedAt: Date) -> String {
        func header(_ name: String) -> String? { headers.first { $0.name == name }?.value }
        let payload = try? JSONValue.parse(body)
        func field(_ key: String) -> String {
            guard case .object(let object)? = payload, case .string(let text)? = object[key] else { return "-" }
            return text
        }

        var answer = "\(status)"
        if let retryAfterSeconds { answer += ", Retry-After: \(retryAfterSeconds)" }
        if delayMilliseconds > 0 { answer += ", after \(delayMilliseconds) ms" }
        var lines = [
            "[\(Timestamp.text(receivedAt))] POST \(path) → \(answer)",
            "webhook-id: \(header("webhook-id") ?? "-")",
            "scope: \(field("scope"))",
            "event hash: \(field("hash"))",
        ]
        if let signatureCheck {
            let verdict = signatureCheck.verdict(
                id: header("webhook-id"), timestamp: header("webhook-timestamp"), signature: header("webhook-signature"),
                body: body, now: Int64(receivedAt.timeIntervalSince1970))
            lines.append("signature: \(verdict)")
        } else {
            lines.append("signature: not checked (pass --secret or --client-secret)")
        }
        lines.append("headers:")
        for (name, value) in headers where !Self.unremarkableHeaders.contains(name) {
            lines.append("  \(name): \(value)")
        }
        lines.append("body:")
        if let payload {
            lines.append(PrettyJSON.render(payload))
        } else {
            lines.append(body.isEmpty ? "(empty)" : String(decoding: body, as: UTF8.self))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
