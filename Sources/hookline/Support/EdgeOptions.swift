import ArgumentParser
import Foundation
import HooklineAPI
import HooklineCore
import NIOCore

/// `hookline serve` options of the public edge: request deadlines, the connection cap, HTTPS, a
/// private admin listener and trusted reverse proxies.
struct EdgeOptions: ParsableArguments {
    @Option(help: "Seconds a client has to send a request head. (HOOKLINE_HEADER_TIMEOUT)")
    var headerTimeout: Double = EnvironmentVariables.string("HOOKLINE_HEADER_TIMEOUT").flatMap(Double.init) ?? 10

    @Option(help: "Seconds a client has to send a request body, however slowly it arrives. (HOOKLINE_BODY_TIMEOUT)")
    var bodyTimeout: Double = EnvironmentVariables.string("HOOKLINE_BODY_TIMEOUT").flatMap(Double.init) ?? 30

    @Option(help: "Seconds an idle keep-alive connection stays open. (HOOKLINE_IDLE_TIMEOUT)")
    var idleTimeout: Double = EnvironmentVariables.string("HOOKLINE_IDLE_TIMEOUT").flatMap(Double.init) ?? 60

    @Option(help: "Connections held at once per listener; past it new connections wait. (HOOKLINE_MAX_CONNECTIONS)")
    var maxConnections: Int = EnvironmentVariables.integer("HOOKLINE_MAX_CONNECTIONS") ?? 10_000

    @Option(help: "PEM certificate chain: serve HTTPS (with --tls-key); re-read on SIGHUP. (HOOKLINE_TLS_CERT)")
    var tlsCert: String?

    @Option(help: "PEM private key of --tls-cert. (HOOKLINE_TLS_KEY)")
    var tlsKey: String?

    @Option(help: "Address of a private listener for the admin API and other operator routes (with --admin-port). (HOOKLINE_ADMIN_HOST)")
    var adminHost: String?

    @Option(help: "Port of the private admin listener; 0 picks a free one. Operator paths then answer 404 on --port. (HOOKLINE_ADMIN_PORT)")
    var adminPort: Int?

    @Option(help: "A reverse proxy's address or CIDR whose X-Forwarded-For names the client; repeatable, or comma-separated. (HOOKLINE_TRUSTED_PROXY)")
    var trustedProxy: [String] = EnvironmentVariables.string("HOOKLINE_TRUSTED_PROXY").map { [$0] } ?? []

    /// `--tls-cert`, else `HOOKLINE_TLS_CERT`.
    var certificatePath: String? { tlsCert ?? EnvironmentVariables.string("HOOKLINE_TLS_CERT") }
    /// `--tls-key`, else `HOOKLINE_TLS_KEY`.
    var keyPath: String? { tlsKey ?? EnvironmentVariables.string("HOOKLINE_TLS_KEY") }
    /// `--admin-host`, else `HOOKLINE_ADMIN_HOST`.
    var adminListenerHost: String? { adminHost ?? EnvironmentVariables.string("HOOKLINE_ADMIN_HOST") }
    /// `--admin-port`, else `HOOKLINE_ADMIN_PORT`.
    var adminListenerPort: Int? { adminPort ?? EnvironmentVariables.integer("HOOKLINE_ADMIN_PORT") }

    func validate() throws {
        for (name, value) in [("--header-timeout", headerTimeout), ("--body-timeout", bodyTimeout), ("--idle-timeout", idleTimeout)] {
            guard value > 0, value <= 86_400 else { throw ValidationError("\(name) must be between 0 and 86400 seconds") }
        }
        guard maxConnections >= 1 else { throw ValidationError("--max-connections must be at least 1") }
        guard (certificatePath == nil) == (keyPath == nil) else {
            throw ValidationError("--tls-cert and --tls-key go together: give both to serve HTTPS, or neither")
        }
        guard (adminListenerHost == nil) == (adminListenerPort == nil) else {
            throw ValidationError("--admin-host and --admin-port go together: give both for a private admin listener, or neither")
        }
        if let adminPort = adminListenerPort, !(0...65535).contains(adminPort) {
            throw ValidationError("--admin-port must be between 0 and 65535")
        }
        do { _ = try certificateFiles() } catch let error as TLSFilesError { throw ValidationError(error.message) }
        do { _ = try trustedProxies() } catch { throw ValidationError("--trusted-proxy: \(error.description)") }
    }

    /// The deadlines and the connection cap.
    var limits: ServerLimits {
        ServerLimits(
            headerTimeout: Self.amount(headerTimeout), bodyTimeout: Self.amount(bodyTimeout),
            idleTimeout: Self.amount(idleTimeout), maxConnections: maxConnections)
    }

    /// The certificate files, read now, if HTTPS is asked for.
    func certificateFiles() throws -> TLSCertificateFiles? {
        guard let certificatePath, let keyPath else { return nil }
        return try TLSCertificateFiles(certificatePath: certificatePath, keyPath: keyPath)
    }

    /// The reverse proxies trusted to name the client in `X-Forwarded-For`.
    func trustedProxies() throws(TrustedProxyError) -> TrustedProxies { try TrustedProxies(parsing: trustedProxy) }

    /// The private admin listener's address, if one is asked for.
    var adminListener: (host: String, port: Int)? {
        guard let adminListenerHost, let adminListenerPort else { return nil }
        return (adminListenerHost, adminListenerPort)
    }

    private static func amount(_ seconds: Double) -> TimeAmount { .nanoseconds(Int64(seconds * 1_000_000_000)) }
}
