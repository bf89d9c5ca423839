import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization

/// A real HTTP receiver on a loopback port that records every delivery it gets and answers as
/// each path is told to (status, `Retry-After`, hanging).
public final class Receiver: Sendable {
    /// One received request.
    public struct Delivery: Sendable {
        public var path: String
        public var headers: [String: String]
        public var body: Data
        public var receivedAt: Date
        /// Requests to the same path being answered when this one arrived, itself included: how many
        /// the sender had in flight to it.
        public var openAtArrival = 1

        /// The body as JSON.
        public var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
        public func header(_ name: String) -> String? { headers[name.lowercased()] }
    }

    /// How to answer requests to one path.
    public enum Behaviour: Sendable {
        /// Answer this status (with a `Retry-After` if given).
        case status(Int, retryAfter: String? = nil)
        /// Answer the statuses in turn, then the last one forever.
        case sequence([Int])
        /// Hold the request for this long, then answer 200.
        case hang(Duration)
        /// Hold the request for this long, then answer this status (a slow, overloaded receiver).
        case statusAfter(Int, Duration)
        /// Redirect to another URL.
        case redirect(String)
    }

    private struct State {
        var deliveries: [Delivery] = []
        var behaviours: [String: Behaviour] = [:]
        var counts: [String: Int] = [:]
        var finishedHangs = 0
        /// Requests being answered, and the most there were at once, by path.
        var open: [String: Int] = [:]
        var peakOpen: [String: Int] = [:]
    }

    private final class Box: Sendable {
        let state = Mutex(State())
    }

    private let box = Box()
    private let server: LoopbackServer
    /// The receiver's port.
    public let port: Int

    /// Starts a receiver on 127.0.0.1 with a free port.
    public init() async throws {
        let box = self.box
        let router = Router()
        router.post("**") { request, context -> Response in
            let body = try await request.body.collect(upTo: 16 << 20)
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName] = field.value }
            let path = request.uri.path
            let (behaviour, count) = box.state.withLock { state -> (Behaviour, Int) in
                state.open[path, default: 0] += 1
                state.deliveries.append(
                    Delivery(
                        path: path, headers: headers, body: Data(buffer: body), receivedAt: Date(),
                        openAtArrival: state.open[path, default: 1]))
                state.counts[path, default: 0] += 1
                state.peakOpen[path] = max(state.peakOpen[path] ?? 0, state.open[path]!)
                return (state.behaviours[path] ?? .status(200), state.counts[path]!)
            }
            defer { box.state.withLock { $0.open[path, default: 1] -= 1 } }
            switch behaviour {
            case .status(let code, let retryAfter):
                var response = Response(status: .init(code: code), body: .init(byteBuffer: ByteBuffer(string: "answer \(code)")))
                if let retryAfter { response.headers[.retryAfter] = retryAfter }
                return response
            case .sequence(let codes):
                let code = codes[min(count, codes.count) - 1]
                return Response(status: .init(code: code), body: .init(byteBuffer: ByteBuffer(string: "answer \(code)")))
            case .hang(let duration):
                try? await Task.sleep(for: duration)
                box.state.withLock { $0.finishedHangs += 1 }
                return Response(status: .ok)
            case .statusAfter(let code, let duration):
                try? await Task.sleep(for: duration)
                return Response(status: .init(code: code), body: .init(byteBuffer: ByteBuffer(string: "answer \(code)")))
            case .redirect(let location):
                return Response(status: .found, headers: [.location: location])
            }
        }
        var logger = Logger(label: "receiver")
        logger.logLevel = .critical
        server = await LoopbackServer(responder: router.buildResponder(), logger: logger)
        port = server.port
    }

    /// `http://127.0.0.1:PORT` + path.
    public func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }
    /// Same port, named `localhost`: a different destination host for blocklist and concurrency purposes.
    public func localhostURL(_ path: String) -> String { "http://localhost:\(port)\(path)" }

    /// Sets how a path answers.
    public func behave(_ path: String, _ behaviour: Behaviour) { box.state.withLock { $0.behaviours[path] = behaviour } }

    /// Every delivery received so far (optionally to one path), in arrival order.
    public func deliveries(_ path: String? = nil) -> [Delivery] {
        box.state.withLock { state in path.map { p in state.deliveries.filter { $0.path == p } } ?? state.deliveries }
    }

    /// The most requests to `path` that were being answered at once.
    public func peakConcurrency(_ path: String) -> Int { box.state.withLock { $0.peakOpen[path] ?? 0 } }

    /// Hanging requests that have finished.
    public var finishedHangs: Int { box.state.withLock { $0.finishedHangs } }

    /// Waits until `condition` holds for the deliveries received, failing after `timeout`.
    @discardableResult
    public func waitFor(_ description: String, timeout: Duration = .seconds(20), _ condition: ([Delivery]) -> Bool) async throws
        -> [Delivery]
    {
        try await Eventually.wait(description, timeout: timeout) {
            let deliveries = self.deliveries()
            return condition(deliveries) ? deliveries : nil
        }
    }

    /// Stops the server gracefully, in the background (see `LoopbackServer.stop()`): Hookline may
    /// still be delivering to a receiver whose test has ended.
    public func stop() { server.stopInBackground() }

    deinit { stop() }
}
