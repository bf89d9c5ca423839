import Foundation
import HooklineTestSupport
import NIOHTTP1
import Testing

/// `hookline listen` on its own: what it prints and answers for requests sent straight to it.
@Suite struct ListenTests {
    /// POSTs `body` to the listener with `headers`; returns the answer's status, headers and body.
    static func post(port: Int, path: String, headers: [(String, String)], body: String) async throws
        -> (status: UInt, retryAfter: String?, body: String)
    {
        let answer = try await TestHTTPClient(baseURL: "http://127.0.0.1:\(port)").send(
            .POST, path, headers: HTTPHeaders(headers), body: body, timeout: .seconds(10))
        return (UInt(answer.status), answer.headers.first(name: "Retry-After"), answer.body)
    }

    @Test func printsChecksAndAnswersTheChosenStatus() async throws {
        let (listener, port) = try await DeliverySandbox.startListener(
            ["--client-secret", "s3cret", "--status", "503", "--retry-after", "30"])
        let now = Int(Date().timeIntervalSince1970)
        let body = #"{"scope":"store/product/updated","store_id":"1000001","data":{"type":"product","id":205},"hash":"abc123","created_at":1,"producer":"stores/x"}"#

        let forged = try await Self.post(
            port: port, path: "/hooks/products",
            headers: [
                ("Content-Type", "application/json"), ("webhook-id", "msg_1"), ("webhook-timestamp", "\(now)"),
                ("webhook-signature", "v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="), ("X-Custom", "hello"),
            ],
            body: body)
        #expect(forged.status == 503)
        #expect(forged.retryAfter == "30")
        let first = try await listener.waitForOutput { $0.contains("signature: INVALID") }
        #expect(first.contains("POST /hooks/products → 503, Retry-After: 30"))
        #expect(first.contains("signature: INVALID (no signature in webhook-signature matches the secret)"))
        #expect(first.contains("webhook-id: msg_1") && first.contains("scope: store/product/updated") && first.contains("event hash: abc123"))
        #expect(first.contains("x-custom: hello"), "custom headers are shown")
        #expect(first.contains("  \"data\": {\n    \"id\": 205,\n    \"type\": \"product\"\n  },"), "pretty body: \(first)")

        let stale = try await Self.post(
            port: port, path: "/",
            headers: [("webhook-id", "msg_2"), ("webhook-timestamp", "\(now - 3600)"), ("webhook-signature", "v1,x")],
            body: body)
        #expect(stale.status == 503)
        _ = try await listener.waitForOutput { $0.contains("webhook-timestamp is 36") && $0.contains("the tolerance is 300 s") }

        _ = try await Self.post(port: port, path: "/plain", headers: [], body: "not json")
        let plain = try await listener.waitForOutput { $0.contains("missing webhook-id, webhook-timestamp, webhook-signature") }
        #expect(plain.contains("body:\nnot json"))

        let answer = try await TestHTTPClient(baseURL: "http://127.0.0.1:\(port)").send(.GET, "/", timeout: .seconds(10))
        #expect(answer.status == 405)

        listener.signal(SIGTERM)
        #expect(try await listener.waitForExit().status == 0)
    }

    @Test func withoutASecretSignaturesAreNotChecked() async throws {
        let (listener, port) = try await DeliverySandbox.startListener(["--delay-ms", "100"])
        let started = ContinuousClock.now
        let answer = try await Self.post(port: port, path: "/x", headers: [], body: "{}")
        #expect(answer.status == 200)
        #expect(ContinuousClock.now - started >= .milliseconds(100), "--delay-ms holds the answer")
        let output = try await listener.waitForOutput { $0.contains("POST /x") }
        #expect(output.contains("signature: not checked"))
        #expect(output.contains("POST /x → 200, after 100 ms"))
        listener.signal(SIGINT)
        #expect(try await listener.waitForExit().status == 0)
    }
}
