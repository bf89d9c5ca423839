import ArgumentParser

/// Whether `hookline serve` records metrics (`--metrics`).
///
/// Off skips the swift-prometheus bootstrap, so every metric call goes to swift-metrics' no-op
/// backend, and the queue sampler does not run; `/metrics` then answers 404 saying so. It exists so
/// that what instrumentation costs can be measured: the same build, delivering with it on and off.
enum MetricsMode: String, CaseIterable, ExpressibleByArgument {
    /// Metrics recorded and served at `/metrics` (the default).
    case on
    /// No metrics backend, no sampling, no `/metrics`.
    case off
}
