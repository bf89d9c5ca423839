import ArgumentParser

/// `hookline serve` options of its logs and metrics.
struct ObservabilityOptions: ParsableArguments {
    @Option(help: "Log format: text (one readable line per entry) or json (one JSON object per line). (HOOKLINE_LOG_FORMAT)")
    var logFormat: LogFormat = EnvironmentVariables.string("HOOKLINE_LOG_FORMAT").flatMap(LogFormat.init(rawValue:)) ?? .text

    @Option(help: "Metrics: on (recorded, served at /metrics) or off (no metrics backend, no queue sampling; /metrics answers 404), to measure what they cost. (HOOKLINE_METRICS)")
    var metrics: MetricsMode = EnvironmentVariables.string("HOOKLINE_METRICS").flatMap(MetricsMode.init(rawValue:)) ?? .on

    @Flag(help: "Serve /metrics without the admin token, for a scraper on a private network. (HOOKLINE_METRICS_PUBLIC)")
    var metricsPublic = false

    @Option(help: "Seconds between samples of the delivery queue for /metrics. (HOOKLINE_METRICS_SAMPLE_SECONDS)")
    var metricsSampleSeconds: Int = EnvironmentVariables.integer("HOOKLINE_METRICS_SAMPLE_SECONDS") ?? 5

    /// `--metrics-public`, else `HOOKLINE_METRICS_PUBLIC`.
    var metricsArePublic: Bool { metricsPublic || EnvironmentVariables.flag("HOOKLINE_METRICS_PUBLIC") }

    func validate() throws {
        if let given = EnvironmentVariables.string("HOOKLINE_LOG_FORMAT"), LogFormat(rawValue: given) == nil {
            throw ValidationError("unknown HOOKLINE_LOG_FORMAT '\(given)': use text or json")
        }
        if let given = EnvironmentVariables.string("HOOKLINE_METRICS"), MetricsMode(rawValue: given) == nil {
            throw ValidationError("unknown HOOKLINE_METRICS '\(given)': use on or off")
        }
        guard (1...3600).contains(metricsSampleSeconds) else {
            throw ValidationError("--metrics-sample-seconds must be between 1 and 3600")
        }
    }
}
