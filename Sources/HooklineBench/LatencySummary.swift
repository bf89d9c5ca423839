import Histogram

/// Percentiles of a histogram of microseconds, in milliseconds, as `hookline-bench` prints them.
struct LatencySummary: Encodable {
    var count: UInt64
    var p50_ms: Double
    var p90_ms: Double
    var p99_ms: Double
    var p999_ms: Double
    var max_ms: Double
    var mean_ms: Double

    /// Summarises `histogram`, whose values are microseconds.
    init(_ histogram: Histogram<UInt64>) {
        func milliseconds(_ micros: UInt64) -> Double { Double(micros) / 1000 }
        count = histogram.totalCount
        p50_ms = milliseconds(histogram.valueAtPercentile(50))
        p90_ms = milliseconds(histogram.valueAtPercentile(90))
        p99_ms = milliseconds(histogram.valueAtPercentile(99))
        p999_ms = milliseconds(histogram.valueAtPercentile(99.9))
        max_ms = milliseconds(histogram.max)
        mean_ms = histogram.totalCount == 0 ? 0 : histogram.mean / 1000
    }
}
