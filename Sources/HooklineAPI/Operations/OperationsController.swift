import Hummingbird
import HooklineCore
import HooklineStore
import NIOCore

/// `/health` (liveness), `/ready` (readiness) and `/metrics` (Prometheus text format).
struct OperationsController {
    let readiness: Readiness
    let settings: OperationsSettings

    /// Adds `/health` and `/ready`, which every listener serves.
    func registerProbes(on router: Router<HooklineRequestContext>) {
        router.get("health") { _, _ in JSONResponse.make(status: .ok, body: ["status": "ok"]) }
        router.get("ready", use: ready)
    }

    /// Adds `/metrics` (an operator route): behind the admin token unless the settings make it public.
    /// Without metrics (`--metrics off`) it answers 404 saying so.
    func registerMetrics(on router: Router<HooklineRequestContext>, adminAuth: AdminAuthMiddleware) {
        let metricsText = settings.metricsText
        let metrics: @Sendable (Request, HooklineRequestContext) async throws -> Response = { _, _ in
            guard let metricsText else {
                throw APIError(.notFound, "Metrics are off on this node (it was started with --metrics off): nothing is recorded or served.")
            }
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: metricsText())))
        }
        if settings.metricsPublic {
            router.get("metrics", use: metrics)
        } else {
            router.group("metrics").add(middleware: adminAuth).get(use: metrics)
        }
    }

    /// The answer of `/ready`.
    struct ReadyWire: Encodable {
        var status: String
        var reasons: [String]
    }

    @Sendable func ready(_ request: Request, context: HooklineRequestContext) async throws -> Response {
        let problems = await readiness.problems(now: WallClock.nowMilliseconds())
        return problems.isEmpty
            ? JSONResponse.make(status: .ok, body: ReadyWire(status: "ready", reasons: []))
            : JSONResponse.make(status: .serviceUnavailable, body: ReadyWire(status: "not_ready", reasons: problems))
    }
}
