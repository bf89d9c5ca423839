import ArgumentParser
import Foundation
import HooklineCore
import HooklineDelivery

/// `hookline serve` options of the delivery engine.
struct DeliveryOptions: ParsableArguments {
    @Flag(help: "Serve the APIs and accept events but run no delivery engine: events stay pending until a node with delivery on takes them. (HOOKLINE_NO_DELIVERY)")
    var noDelivery = false

    @Option(help: "Retry delays in seconds after each failed attempt, comma-separated; after the last the webhook is deactivated. (HOOKLINE_RETRY_SCHEDULE)")
    var retrySchedule: String = EnvironmentVariables.string("HOOKLINE_RETRY_SCHEDULE")
        ?? RetrySchedule.bigCommerce.delays.map(String.init).joined(separator: ",")

    @Option(help: "Most deliveries in flight on this node. (HOOKLINE_DELIVERY_CONCURRENCY)")
    var deliveryConcurrency: Int = EnvironmentVariables.integer("HOOKLINE_DELIVERY_CONCURRENCY") ?? 256

    @Option(help: "Most deliveries in flight to one destination host. (HOOKLINE_PER_HOST_CONCURRENCY)")
    var perHostConcurrency: Int = EnvironmentVariables.integer("HOOKLINE_PER_HOST_CONCURRENCY") ?? 16

    @Option(help: "on: each destination host's in-flight limit falls when its answers slow down or fail and grows back as it recovers, between 1 and --per-host-concurrency; off: every host may have --per-host-concurrency in flight. (HOOKLINE_ADAPTIVE_CONCURRENCY)")
    var adaptiveConcurrency: String = EnvironmentVariables.string("HOOKLINE_ADAPTIVE_CONCURRENCY") ?? "on"

    @Option(help: "Milliseconds between two changes of a host's adaptive in-flight limit. (HOOKLINE_ADAPTIVE_WINDOW_MS)")
    var adaptiveWindowMs: Int = EnvironmentVariables.integer("HOOKLINE_ADAPTIVE_WINDOW_MS") ?? 1000

    @Option(help: "Answers faster than this many milliseconds never count as slow for the adaptive limit. (HOOKLINE_ADAPTIVE_SLOW_FLOOR_MS)")
    var adaptiveSlowFloorMs: Int = EnvironmentVariables.integer("HOOKLINE_ADAPTIVE_SLOW_FLOOR_MS") ?? 250

    /// `--adaptive-concurrency` as a switch; `nil` for a value that is neither on nor off.
    var adaptiveIsOn: Bool? {
        switch adaptiveConcurrency.lowercased() {
        case "on", "true", "1", "yes": true
        case "off", "false", "0", "no": false
        default: nil
        }
    }

    @Option(help: "Seconds to wait for a connection to a destination. (HOOKLINE_CONNECT_TIMEOUT)")
    var connectTimeout: Int = EnvironmentVariables.integer("HOOKLINE_CONNECT_TIMEOUT") ?? 2

    @Option(help: "Seconds for a whole delivery attempt. (HOOKLINE_REQUEST_TIMEOUT)")
    var requestTimeout: Int = EnvironmentVariables.integer("HOOKLINE_REQUEST_TIMEOUT") ?? 15

    @Option(help: "Seconds a claimed delivery stays leased to this node. (HOOKLINE_LEASE_SECONDS)")
    var leaseSeconds: Int = EnvironmentVariables.integer("HOOKLINE_LEASE_SECONDS") ?? 60

    @Option(help: "Blocklist: sliding window in seconds. (HOOKLINE_BLOCKLIST_WINDOW)")
    var blocklistWindow: Int = EnvironmentVariables.integer("HOOKLINE_BLOCKLIST_WINDOW") ?? 120

    @Option(help: "Blocklist: attempts in the window before the success ratio counts. (HOOKLINE_BLOCKLIST_MIN_ATTEMPTS)")
    var blocklistMinAttempts: Int = EnvironmentVariables.integer("HOOKLINE_BLOCKLIST_MIN_ATTEMPTS") ?? 100

    @Option(help: "Blocklist: success ratio under which a host is blocked. (HOOKLINE_BLOCKLIST_MIN_SUCCESS_RATIO)")
    var blocklistMinSuccessRatio: Double = EnvironmentVariables.string("HOOKLINE_BLOCKLIST_MIN_SUCCESS_RATIO").flatMap(Double.init) ?? 0.9

    @Option(help: "Blocklist: seconds a blocked host stays blocked. (HOOKLINE_BLOCKLIST_SECONDS)")
    var blocklistSeconds: Int = EnvironmentVariables.integer("HOOKLINE_BLOCKLIST_SECONDS") ?? 180

    @Option(help: "Seconds between two 90001 (retrying) notices for one destination. (HOOKLINE_RETRYING_NOTICE_INTERVAL)")
    var retryingNoticeInterval: Int = EnvironmentVariables.integer("HOOKLINE_RETRYING_NOTICE_INTERVAL") ?? 600

    @Option(help: "Seconds in-flight deliveries get to finish at shutdown. (HOOKLINE_SHUTDOWN_GRACE)")
    var shutdownGrace: Int = EnvironmentVariables.integer("HOOKLINE_SHUTDOWN_GRACE") ?? 10

    @Option(help: "A PEM file of certificate authorities that deliveries trust besides the system's, for receivers with a private CA. (HOOKLINE_CA_FILE)")
    var caFile: String?

    /// `--ca-file`, else `HOOKLINE_CA_FILE`.
    var trustRootsFile: String? { caFile ?? EnvironmentVariables.string("HOOKLINE_CA_FILE") }

    @Option(help: "This node's name in leases and the attempt log; default host name and process id. (HOOKLINE_NODE_ID)")
    var nodeID: String?

    /// `--no-delivery`, else `HOOKLINE_NO_DELIVERY`.
    var deliveryIsOff: Bool { noDelivery || EnvironmentVariables.flag("HOOKLINE_NO_DELIVERY") }

    func validate() throws {
        guard RetrySchedule(parsing: retrySchedule) != nil else {
            throw ValidationError("--retry-schedule must be a comma list of non-negative seconds, such as 60,180,300")
        }
        for (name, value) in [
            ("--delivery-concurrency", deliveryConcurrency), ("--per-host-concurrency", perHostConcurrency),
            ("--connect-timeout", connectTimeout), ("--request-timeout", requestTimeout), ("--lease-seconds", leaseSeconds),
            ("--blocklist-window", blocklistWindow), ("--blocklist-min-attempts", blocklistMinAttempts),
            ("--blocklist-seconds", blocklistSeconds), ("--adaptive-window-ms", adaptiveWindowMs),
        ] where value < 1 {
            throw ValidationError("\(name) must be at least 1")
        }
        guard adaptiveIsOn != nil else {
            throw ValidationError("--adaptive-concurrency must be on or off, not \(adaptiveConcurrency)")
        }
        guard adaptiveSlowFloorMs >= 0 else {
            throw ValidationError("--adaptive-slow-floor-ms must be 0 or more")
        }
        guard (0...1).contains(blocklistMinSuccessRatio) else {
            throw ValidationError("--blocklist-min-success-ratio must be between 0 and 1")
        }
        if let caFile = trustRootsFile, !FileManager.default.isReadableFile(atPath: caFile) {
            throw ValidationError("--ca-file \(caFile) is not a readable file")
        }
        guard leaseSeconds > requestTimeout else {
            throw ValidationError("--lease-seconds must be longer than --request-timeout, or two nodes could send the same delivery at once")
        }
    }

    /// This node's name: `--node-id`, else `HOOKLINE_NODE_ID`, else host name and process id.
    var nodeName: String {
        nodeID ?? EnvironmentVariables.string("HOOKLINE_NODE_ID")
            ?? "\(ProcessInfo.processInfo.hostName)-\(ProcessInfo.processInfo.processIdentifier)"
    }

    func configuration(destinationPolicy: DestinationPolicy) throws -> DeliveryConfiguration {
        DeliveryConfiguration(
            nodeID: nodeName, maxInFlight: deliveryConcurrency, perHostConcurrency: perHostConcurrency,
            connectTimeoutSeconds: Int64(connectTimeout), requestTimeoutSeconds: Int64(requestTimeout),
            leaseSeconds: Int64(leaseSeconds), retrySchedule: RetrySchedule(parsing: retrySchedule) ?? .bigCommerce,
            completionRules: CompletionRules(
                blocklist: BlocklistPolicy(
                    windowSeconds: Int64(blocklistWindow), minimumAttempts: blocklistMinAttempts,
                    minimumSuccessRatio: blocklistMinSuccessRatio, blockSeconds: Int64(blocklistSeconds)),
                retryingNoticeInterval: Int64(retryingNoticeInterval)),
            destinationPolicy: destinationPolicy, shutdownGraceSeconds: Int64(shutdownGrace), caFile: trustRootsFile,
            adaptiveConcurrency: adaptiveIsOn ?? true, adaptiveWindowMilliseconds: Int64(adaptiveWindowMs),
            adaptiveSlowFloorMilliseconds: Int64(adaptiveSlowFloorMs))
    }
}
