/// One attempt as the delivery log shows it.
public struct AttemptRecord: Sendable, Equatable {
    /// The attempt's id.
    public var id: Int64
    /// The delivery it belongs to.
    public var deliveryID: Int64
    /// The publisher's event id.
    public var eventID: String
    /// The webhook.
    public var hookID: Int64
    /// 1 for the first attempt of the delivery.
    public var attemptNumber: Int
    /// Whether the destination accepted it.
    public var succeeded: Bool
    /// The rest: status, error class, timing, response excerpt.
    public var result: AttemptResult
    /// The node that made it.
    public var node: String

    /// Creates a record.
    public init(
        id: Int64, deliveryID: Int64, eventID: String, hookID: Int64, attemptNumber: Int, succeeded: Bool,
        result: AttemptResult, node: String
    ) {
        self.id = id
        self.deliveryID = deliveryID
        self.eventID = eventID
        self.hookID = hookID
        self.attemptNumber = attemptNumber
        self.succeeded = succeeded
        self.result = result
        self.node = node
    }
}

/// Which attempts to list.
public struct AttemptFilter: Sendable, Equatable {
    /// The store (always required).
    public var storeHash: String
    /// Only this webhook's attempts.
    public var hookID: Int64?
    /// Only this event's attempts (publisher's id).
    public var eventID: String?
    /// Only successes (`true`) or failures (`false`).
    public var succeeded: Bool?
    /// Only attempts started at or after this time, Unix ms.
    public var startedFrom: Int64?
    /// Only attempts started before this time, Unix ms.
    public var startedBefore: Int64?

    /// Creates a filter.
    public init(
        storeHash: String, hookID: Int64? = nil, eventID: String? = nil, succeeded: Bool? = nil,
        startedFrom: Int64? = nil, startedBefore: Int64? = nil
    ) {
        self.storeHash = storeHash
        self.hookID = hookID
        self.eventID = eventID
        self.succeeded = succeeded
        self.startedFrom = startedFrom
        self.startedBefore = startedBefore
    }
}

/// A destination on a client's blocklist, as `GET /hooks/admin` shows it.
public struct BlockedDomain: Sendable, Equatable {
    /// The destination host.
    public var host: String
    /// A destination URL of the client on that host.
    public var destination: String
    /// When the block ends, Unix seconds.
    public var blockedUntil: Int64
    /// What failed, grouped: description, count, last time.
    public var reasons: [Reason]

    /// Creates a value.
    public init(host: String, destination: String, blockedUntil: Int64, reasons: [Reason]) {
        self.host = host
        self.destination = destination
        self.blockedUntil = blockedUntil
        self.reasons = reasons
    }

    /// One kind of failure in the window that blocked the host.
    public struct Reason: Sendable, Equatable, Codable {
        /// What failed (`HTTP 500`, `timeout`, …).
        public var failure_description: String
        /// How many attempts failed so.
        public var count: Int
        /// The latest such failure, Unix seconds.
        public var timestamp: Int64

        /// Creates a reason.
        public init(failure_description: String, count: Int, timestamp: Int64) {
            self.failure_description = failure_description
            self.count = count
            self.timestamp = timestamp
        }
    }
}

/// A delivery's current state, for the operator.
public struct DeliveryRecord: Sendable, Equatable {
    /// The delivery's id.
    public var id: Int64
    /// The publisher's event id.
    public var eventID: String
    /// The webhook.
    public var hookID: Int64
    /// `pending`, `succeeded`, `failed` or `cancelled`.
    public var state: String
    /// Attempts made so far.
    public var attempts: Int
    /// When the next attempt is due (or the current lease ends), Unix ms; meaningful while pending.
    public var nextAttemptAt: Int64
    /// The last attempt's HTTP status, if any.
    public var lastStatus: Int?
    /// The last attempt's error class, if any.
    public var lastError: String?

    /// Creates a record.
    public init(
        id: Int64, eventID: String, hookID: Int64, state: String, attempts: Int, nextAttemptAt: Int64, lastStatus: Int?,
        lastError: String?
    ) {
        self.id = id
        self.eventID = eventID
        self.hookID = hookID
        self.state = state
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.lastStatus = lastStatus
        self.lastError = lastError
    }
}
