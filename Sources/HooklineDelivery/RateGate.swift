import HooklineCore
import Synchronization

/// This node's token buckets of webhooks with a `max_per_second`, one per webhook: when each delivery
/// of such a webhook may be sent. Per node: N nodes sending one webhook's deliveries give it up to
/// N × `max_per_second`.
final class RateGate: Sendable {
    private let buckets = Mutex<[Int64: TokenBucket]>([:])

    /// Buckets kept before full ones (webhooks quiet for a second or more) are forgotten.
    static let bucketsKept = 4096

    /// Reserves the moment a delivery of webhook `hookID`, limited to `perSecond`, may be sent, and
    /// returns the wait in milliseconds from `now` (0: at once); `nil`, reserving nothing, when that
    /// wait would be longer than `maxWait`. A changed rate starts a fresh bucket.
    func reserve(hookID: Int64, perSecond: Int, now: Int64, maxWait: Int64) -> Int64? {
        buckets.withLock { buckets in
            if buckets[hookID]?.perSecond != max(1, perSecond) {
                if buckets.count >= Self.bucketsKept { buckets = buckets.filter { !$0.value.isFull(at: now) } }
                buckets[hookID] = TokenBucket(perSecond: perSecond)
            }
            return buckets[hookID]?.reserve(now: now, maxWait: maxWait)
        }
    }
}
