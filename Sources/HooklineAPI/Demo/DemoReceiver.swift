import Foundation
import Synchronization

/// The receiver built into `serve --demo`: `POST /demo/receiver` on Hookline's own server records
/// each request it gets (newest first, the last `capacity`) and answers 200, so a newcomer sees a
/// first delivery without running a receiver of their own. The dashboard reads `requests`.
public final class DemoReceiver: Sendable {
    /// One request the receiver got.
    public struct ReceivedRequest: Sendable, Encodable, Equatable {
        /// When it arrived, Unix milliseconds.
        public var receivedAtMilliseconds: Int64
        /// Its headers (names lowercased), the Standard Webhooks signature among them.
        public var headers: [String: String]
        /// Its body, cut at `bodyLimit` bytes.
        public var body: String

        enum CodingKeys: String, CodingKey {
            case receivedAtMilliseconds = "received_at_ms", headers, body
        }
    }

    /// The path it listens on.
    public static let path = "/demo/receiver"
    /// The webhook scope `serve --demo` subscribes it to.
    public static let scope = "store/order/*"
    /// The store `serve --demo` creates, whose API account owns the demo webhook.
    public static let storeHash = "demo"
    /// The scope of the event `emitCommand` publishes (one the demo webhook's scope matches).
    public static let firstEventScope = "store/order/created"
    /// The dashboard page that lists what the receiver got.
    public static let dashboardPath = "/dashboard/demo/receiver"
    /// Most requests kept.
    public static let capacity = 100
    /// Most bytes of a body kept.
    public static let bodyLimit = 64 * 1024

    /// The one `hookline emit` command that makes a delivery to the demo receiver, for a server at
    /// `baseURL` (left out when unknown), with the admin token read from `$HOOKLINE_ADMIN_TOKEN`.
    public static func emitCommand(baseURL: String?) -> String {
        "hookline emit \(firstEventScope) --store \(Self.storeHash)" + (baseURL.map { " --server \($0)" } ?? "")
            + #" --admin-token "$HOOKLINE_ADMIN_TOKEN""#
    }

    private let received = Mutex<[ReceivedRequest]>([])

    /// An empty receiver.
    public init() {}

    /// Records one request.
    public func record(_ request: ReceivedRequest) {
        received.withLock { list in
            list.insert(request, at: 0)
            if list.count > Self.capacity { list.removeLast(list.count - Self.capacity) }
        }
    }

    /// What it got, newest first.
    public var requests: [ReceivedRequest] { received.withLock { $0 } }
}
