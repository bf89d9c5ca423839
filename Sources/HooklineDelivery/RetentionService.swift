import Foundation
import HooklineCore
import HooklineStore
import Logging
import Metrics
import ServiceLifecycle

/// Deletes what the retention no longer keeps, in the background: every `interval`, each table's
/// expired rows in batches of `batchSize`, one transaction per batch, pausing between batches so
/// that publishes and completions are never held up long. Runs beside the engine in `serve`.
///
/// Counts what it removed in `HooklineMetrics.Name.retentionDeleted`, by table.
public struct RetentionService: Service {
    /// What the service deletes and how.
    public struct Configuration: Sendable {
        /// How long finished rows are kept.
        public var policy: RetentionPolicy
        /// Most rows one transaction deletes.
        public var batchSize: Int
        /// Time between two sweeps.
        public var interval: Duration
        /// Pause between two batches of a sweep.
        public var pause: Duration

        /// A configuration; by default a sweep a minute, 500 rows a transaction, 10 ms between them.
        public init(
            policy: RetentionPolicy, batchSize: Int = 500, interval: Duration = .seconds(60), pause: Duration = .milliseconds(10)
        ) {
            self.policy = policy
            self.batchSize = batchSize
            self.interval = interval
            self.pause = pause
        }
    }

    private let store: any RetentionStore
    private let configuration: Configuration
    private let logger: Logger
    private let counters: [RetentionTable: Counter]

    /// A service deleting from `store` as `configuration` says.
    public init(store: any RetentionStore, configuration: Configuration, logger: Logger) {
        self.store = store
        self.configuration = configuration
        self.logger = logger
        counters = Dictionary(
            uniqueKeysWithValues: RetentionTable.allCases.map {
                ($0, Counter(label: HooklineMetrics.Name.retentionDeleted, dimensions: [("table", $0.rawValue)]))
            })
    }

    /// Sweeps every `interval` until graceful shutdown; a failed sweep is logged and tried again at
    /// the next one.
    public func run() async throws {
        do {
            try await cancelWhenGracefulShutdown {
                while true {
                    do {
                        try await sweep(nowMilliseconds: Int64(Date().timeIntervalSince1970 * 1000))
                    } catch is CancellationError {
                        throw CancellationError()
                    } catch {
                        logger.error("retention sweep failed; trying again at the next", metadata: ["error": "\(error)"])
                    }
                    try await Task.sleep(for: configuration.interval)
                }
            }
        } catch is CancellationError {
            return
        }
    }

    /// Deletes everything expired at `nowMilliseconds` (Unix ms), table by table in
    /// `RetentionTable`'s order; returns how many rows of each table it deleted.
    @discardableResult
    public func sweep(nowMilliseconds: Int64) async throws -> [RetentionTable: Int] {
        let cutoff = configuration.policy.cutoff(nowMilliseconds: nowMilliseconds)
        var deleted: [RetentionTable: Int] = [:]
        for table in RetentionTable.allCases {
            var total = 0
            while true {
                let count = try await store.deleteExpired(table, before: cutoff, limit: configuration.batchSize)
                total += count
                if count > 0 { counters[table]?.increment(by: count) }
                guard count == configuration.batchSize else { break }
                try await Task.sleep(for: configuration.pause)
            }
            deleted[table] = total
        }
        if deleted.values.contains(where: { $0 > 0 }) {
            logger.info(
                "retention deleted expired rows",
                metadata: Dictionary(uniqueKeysWithValues: deleted.map { ($0.key.rawValue, "\($0.value)") }))
        }
        return deleted
    }
}
