import Foundation
import HooklineCore
import HooklineStore
import Logging
import ServiceLifecycle

/// Samples the delivery queue into the metrics every few seconds (`HooklineMetrics.sampled`):
/// one cheap read of counts, whatever the request rate.
public struct QueueSampler: Service {
    private let storage: any QueueStatusReading
    private let interval: Duration
    private let logger: Logger

    /// A sampler reading `storage` every `interval`.
    public init(storage: any QueueStatusReading, interval: Duration, logger: Logger) {
        self.storage = storage
        self.interval = interval
        self.logger = logger
    }

    /// Samples until graceful shutdown or cancellation.
    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    HooklineMetrics.sampled(try await storage.queueSnapshot(now: Int64(Date().timeIntervalSince1970 * 1000)))
                } catch {
                    if Task.isCancelled { return }
                    logger.warning("sampling the delivery queue failed", metadata: ["error": "\(error)"])
                }
                try? await Task.sleep(for: interval)
            }
        }
    }
}
