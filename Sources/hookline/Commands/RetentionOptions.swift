import ArgumentParser
import HooklineCore
import HooklineDelivery

/// `hookline serve` options of the retention sweep.
struct RetentionOptions: ParsableArguments {
    @Option(help: "How long finished deliveries, their attempts, events no delivery needs and events-history rows are kept: a whole number and s, m, h or d (30d, 12h, 90s). (HOOKLINE_RETENTION)")
    var retention: String = EnvironmentVariables.string("HOOKLINE_RETENTION") ?? RetentionPolicy.defaultText

    @Option(help: "Seconds between two retention sweeps. (HOOKLINE_RETENTION_INTERVAL)")
    var retentionInterval: Int = EnvironmentVariables.integer("HOOKLINE_RETENTION_INTERVAL") ?? 60

    @Option(help: "Most rows one retention transaction deletes. (HOOKLINE_RETENTION_BATCH)")
    var retentionBatch: Int = EnvironmentVariables.integer("HOOKLINE_RETENTION_BATCH") ?? 500

    func validate() throws {
        do {
            _ = try RetentionPolicy(parsing: retention)
        } catch {
            throw ValidationError("--retention: \(error.message)")
        }
        guard retentionInterval >= 1 else { throw ValidationError("--retention-interval must be at least 1 second") }
        guard (1...100_000).contains(retentionBatch) else { throw ValidationError("--retention-batch must be from 1 to 100000") }
    }

    /// The retention service's configuration.
    func configuration() throws -> RetentionService.Configuration {
        RetentionService.Configuration(
            policy: try RetentionPolicy(parsing: retention), batchSize: retentionBatch, interval: .seconds(retentionInterval))
    }
}
