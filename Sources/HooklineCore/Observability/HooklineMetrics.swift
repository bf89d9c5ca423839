import Metrics

/// Every metric Hookline exports, in one place: names, labels, and the few calls the code makes.
///
/// Names follow Prometheus: `hookline_<what>_<unit>`, counters end in `_total`. Labels are bounded
/// (outcome, error class, route template, status class, write kind): never a store hash, hook id or
/// destination. The metrics go through swift-metrics, so they land in whatever `MetricsSystem` was
/// bootstrapped with (`hookline serve` bootstraps swift-prometheus and serves it at `/metrics`);
/// without a bootstrap they cost nothing.
public enum HooklineMetrics {
    /// The metric names, for the exporter's bucket settings, the README and tests.
    public enum Name {
        /// Counter: events accepted by publishes (duplicates not counted).
        public static let eventsPublished = "hookline_events_published_total"
        /// Counter: delivery attempts recorded, by `outcome` (`success`, `failure`) and `error_class`
        /// (`none` or an `AttemptErrorClass` raw value).
        public static let deliveryAttempts = "hookline_delivery_attempts_total"
        /// Histogram (seconds): how long delivery attempts took.
        public static let attemptDuration = "hookline_delivery_attempt_duration_seconds"
        /// Gauge: deliveries being sent by this node right now.
        public static let deliveriesInFlight = "hookline_deliveries_in_flight"
        /// Gauge: destination hosts whose adaptive in-flight limit is below `--per-host-concurrency` now
        /// (no host label: how many are held down, not which).
        public static let hostsBelowMaxConcurrency = "hookline_delivery_hosts_below_max_concurrency"
        /// Gauge: the lowest adaptive in-flight limit of any destination host now (the maximum when none
        /// is held down).
        public static let lowestHostConcurrency = "hookline_delivery_host_concurrency_limit_min"
        /// Counter: changes of a host's adaptive in-flight limit, by `direction` (`decrease`, `increase`).
        public static let hostConcurrencyChanges = "hookline_delivery_host_concurrency_changes_total"
        /// Counter: deliveries held back by their webhook's `max_per_second` before being sent.
        public static let ratePaced = "hookline_delivery_rate_paced_total"
        /// Gauge (sampled): pending deliveries in the store, leased ones included.
        public static let deliveriesPending = "hookline_deliveries_pending"
        /// Gauge (sampled): pending deliveries whose time has come and that no node holds.
        public static let deliveriesDue = "hookline_deliveries_due"
        /// Gauge (sampled): pending deliveries leased to some node.
        public static let deliveriesLeased = "hookline_deliveries_leased"
        /// Gauge (sampled): destination domains blocked right now, over all clients.
        public static let blockedDomains = "hookline_blocked_domains"
        /// Counter: webhooks deactivated, by `reason` (`exhausted` retries, `gone`: the receiver said 410).
        public static let deactivations = "hookline_webhook_deactivations_total"
        /// Counter: exception notices (BigCommerce's 90001/90002 hooks) created.
        public static let noticesSent = "hookline_exception_notices_total"
        /// Histogram (seconds): how long `POST /admin/v1/stores/{store_hash}/events` took to answer.
        public static let publishDuration = "hookline_publish_request_duration_seconds"
        /// Counter: HTTP API requests, by `route` (the route template) and `status_class` (`2xx` …).
        public static let apiRequests = "hookline_api_requests_total"
        /// Histogram: writes per store transaction, by `kind` (`publish`, `completion`).
        public static let storeWriteBatchSize = "hookline_store_write_batch_size"
        /// Histogram (seconds): how long a store write transaction took, by `kind`.
        public static let storeCommitDuration = "hookline_store_write_commit_seconds"
        /// Counter: failed authentications (missing or wrong tokens), by `api` (`client`, `admin`).
        public static let authFailures = "hookline_auth_failures_total"
        /// Counter: rows retention deleted, by `table` (`deliveries`, `attempts`, `events_history`, `events`).
        public static let retentionDeleted = "hookline_retention_deleted_total"
        /// Counter: requests to the inbound gateway (`POST /inbound/{name}`), by `outcome`
        /// (an `InboundOutcome` raw value).
        public static let inboundRequests = "hookline_inbound_requests_total"
    }

    /// What the inbound gateway did with a request, the `outcome` label of `inboundRequests`.
    public enum InboundOutcome: String, Sendable, CaseIterable {
        /// A new event, stored and published.
        case accepted
        /// A webhook already accepted (same `webhook-id` or `hash`), answered 2xx and dropped.
        case duplicate
        /// A missing or bad signature, or a timestamp outside the tolerance (401).
        case unauthorized
        /// Anything else refused: unknown source, wrong type, too large, not a valid event.
        case refused
    }

    /// What a store transaction wrote, the `kind` label of the store write metrics.
    public enum WriteKind: String, Sendable, CaseIterable {
        /// Publishes: coalesced into one transaction on SQLite, one transaction each on PostgreSQL.
        case publish
        /// Delivery outcomes written in one transaction.
        case completion
    }

    // MARK: Handles (created on first use, after the bootstrap)

    static let eventsPublished = Counter(label: Name.eventsPublished)
    static let publishDuration = Timer(label: Name.publishDuration)
    static let deliveriesInFlight = Meter(label: Name.deliveriesInFlight)
    static let deliveriesPending = Gauge(label: Name.deliveriesPending)
    static let deliveriesDue = Gauge(label: Name.deliveriesDue)
    static let deliveriesLeased = Gauge(label: Name.deliveriesLeased)
    static let blockedDomains = Gauge(label: Name.blockedDomains)
    static let noticesSent = Counter(label: Name.noticesSent)
    static let hostsBelowMaxConcurrency = Gauge(label: Name.hostsBelowMaxConcurrency)
    static let lowestHostConcurrency = Gauge(label: Name.lowestHostConcurrency)
    static let concurrencyDecreased = Counter(label: Name.hostConcurrencyChanges, dimensions: [("direction", "decrease")])
    static let concurrencyIncreased = Counter(label: Name.hostConcurrencyChanges, dimensions: [("direction", "increase")])
    static let ratePaced = Counter(label: Name.ratePaced)
    static let attemptDuration = Timer(label: Name.attemptDuration)
    static let deactivatedExhausted = Counter(label: Name.deactivations, dimensions: [("reason", "exhausted")])
    static let deactivatedGone = Counter(label: Name.deactivations, dimensions: [("reason", "gone")])
    static let attemptsSucceeded = Counter(
        label: Name.deliveryAttempts, dimensions: [("outcome", "success"), ("error_class", "none")])
    static let attemptsFailed: [AttemptErrorClass: Counter] = Dictionary(
        uniqueKeysWithValues: AttemptErrorClass.allCases.map {
            ($0, Counter(label: Name.deliveryAttempts, dimensions: [("outcome", "failure"), ("error_class", $0.rawValue)]))
        })
    /// A failure without an error class: a status outside 2xx is `http_status`.
    static let attemptsFailedUnclassified = Counter(
        label: Name.deliveryAttempts, dimensions: [("outcome", "failure"), ("error_class", AttemptErrorClass.other.rawValue)])
    static let inboundRequests: [InboundOutcome: Counter] = Dictionary(
        uniqueKeysWithValues: InboundOutcome.allCases.map {
            ($0, Counter(label: Name.inboundRequests, dimensions: [("outcome", $0.rawValue)]))
        })
    static let writeBatchSize: [WriteKind: Recorder] = Dictionary(
        uniqueKeysWithValues: WriteKind.allCases.map {
            ($0, Recorder(label: Name.storeWriteBatchSize, dimensions: [("kind", $0.rawValue)], aggregate: true))
        })
    static let commitDuration: [WriteKind: Timer] = Dictionary(
        uniqueKeysWithValues: WriteKind.allCases.map { ($0, Timer(label: Name.storeCommitDuration, dimensions: [("kind", $0.rawValue)])) })

    // MARK: What the code reports

    /// A publish answered after `duration`, having accepted `newEvents` events that were not duplicates.
    public static func published(newEvents: Int, duration: Duration) {
        if newEvents > 0 { eventsPublished.increment(by: newEvents) }
        publishDuration.record(duration: duration)
    }

    /// The inbound gateway answered a request with `outcome`.
    public static func inbound(_ outcome: InboundOutcome) {
        inboundRequests[outcome]?.increment()
    }

    /// A delivery starts (`true`) or ends (`false`) being sent by this node.
    public static func inFlight(_ started: Bool) {
        if started { deliveriesInFlight.increment() } else { deliveriesInFlight.decrement() }
    }

    /// The engine starts: no host held down yet, every limit at `maximum`.
    public static func hostConcurrencyStarted(maximum: Int) {
        hostsBelowMaxConcurrency.record(0)
        lowestHostConcurrency.record(maximum)
    }

    /// A destination host's adaptive in-flight limit went `from` one value `to` another; afterwards
    /// `hostsBelowMaximum` hosts are under `maximum` and the lowest limit is `lowestLimit`.
    public static func hostConcurrencyChanged(from: Int, to: Int, maximum: Int, hostsBelowMaximum: Int, lowestLimit: Int) {
        (to < from ? concurrencyDecreased : concurrencyIncreased).increment()
        hostsBelowMaxConcurrency.record(hostsBelowMaximum)
        lowestHostConcurrency.record(min(lowestLimit, maximum))
    }

    /// A delivery waits for its webhook's `max_per_second` before being sent.
    public static func paced() {
        ratePaced.increment()
    }

    /// A batch of delivery outcomes was written in `duration`, creating `notices` exception notices.
    public static func completionsWritten(_ batch: [DeliveryCompletion], notices: Int, duration: Duration) {
        storeWrote(.completion, count: batch.count, duration: duration)
        if notices > 0 { noticesSent.increment(by: notices) }
        for completion in batch {
            guard case .attempted(let result, let decision) = completion.outcome else { continue }
            if result.succeeded {
                attemptsSucceeded.increment()
            } else {
                (result.errorClass.flatMap { attemptsFailed[$0] } ?? attemptsFailedUnclassified).increment()
            }
            if result.errorClass != .domainBlocked {
                attemptDuration.recordMilliseconds(result.durationMilliseconds)
            }
            switch decision {
            case .exhausted: deactivatedExhausted.increment()
            case .gone: deactivatedGone.increment()
            case .succeeded, .retry: break
            }
        }
    }

    /// A store transaction of `kind` wrote `count` requests in `duration`.
    public static func storeWrote(_ kind: WriteKind, count: Int, duration: Duration) {
        writeBatchSize[kind]?.record(count)
        commitDuration[kind]?.record(duration: duration)
    }

    /// The sampled state of the delivery queue.
    public static func sampled(_ snapshot: QueueSnapshot) {
        deliveriesPending.record(snapshot.pending)
        deliveriesDue.record(snapshot.due)
        deliveriesLeased.record(snapshot.leased)
        blockedDomains.record(snapshot.blockedDomains)
    }

    /// The `status_class` label of an HTTP status code: `2xx`, `4xx`, ….
    public static func statusClass(_ code: Int) -> String {
        (1...5).contains(code / 100) ? "\(code / 100)xx" : "other"
    }

    /// One HTTP API request answered: `route` is the matched route template (`unmatched` when none did).
    public static func apiRequest(route: String, statusCode: Int) {
        Counter(label: Name.apiRequests, dimensions: [("route", route), ("status_class", statusClass(statusCode))]).increment()
    }
}
