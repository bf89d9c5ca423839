import HooklineCore
import Metrics
import Prometheus

/// The process's metrics, kept in a swift-prometheus registry that `/metrics` renders.
struct MetricsExport: Sendable {
    let registry: PrometheusCollectorRegistry

    /// Buckets of the delivery attempt duration histogram: 5 ms to the 15 s request timeout.
    static let attemptBuckets: [Duration] = [
        .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
        .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10), .seconds(15),
    ]
    /// Buckets of the write batch size histogram: powers of two up to the completion writer's 256 and beyond.
    static let batchBuckets: [Double] = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024]

    /// Makes swift-prometheus the process's metrics backend. Once per process, before any metric is used.
    static func bootstrap() -> MetricsExport {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets[HooklineMetrics.Name.attemptDuration] = attemptBuckets
        factory.valueHistogramBuckets[HooklineMetrics.Name.storeWriteBatchSize] = batchBuckets
        MetricsSystem.bootstrap(factory)
        return MetricsExport(registry: registry)
    }

    /// Everything recorded so far, in Prometheus text format.
    func text() -> String { registry.emitToString() }
}
