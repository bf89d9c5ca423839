import Hummingbird
import HooklineCore
import HooklineStore

/// The demo receiver's routes: `POST /demo/receiver` (what Hookline delivers to, open like any
/// receiver) and `GET /admin/v1/demo/receiver` (what it got, for the operator).
struct DemoReceiverController {
    let receiver: DemoReceiver

    func register(public router: Router<HooklineRequestContext>, admin: RouterGroup<HooklineRequestContext>) {
        router.post("demo/receiver", use: receive)
        admin.get("demo/receiver") { _, _ in JSONResponse.envelope(receiver.requests) }
    }

    @Sendable func receive(_ request: Request, context: HooklineRequestContext) async throws -> Response {
        let body = try await request.body.collect(upTo: DemoReceiver.bodyLimit * 16)
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName] = field.value }
        receiver.record(
            DemoReceiver.ReceivedRequest(
                receivedAtMilliseconds: WallClock.nowMilliseconds(), headers: headers,
                body: String(decoding: body.readableBytesView.prefix(DemoReceiver.bodyLimit), as: UTF8.self)))
        return JSONResponse.make(status: .ok, body: ["received": true])
    }
}
