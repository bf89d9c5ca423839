import Foundation
import Logging
import PostgresNIO

extension PostgresStorage {
    /// Connects once to the database at `url`, with its TLS settings, and disconnects: at start, so
    /// that a server that cannot be reached, a certificate from another CA or for another host name,
    /// or a server without TLS under `sslmode=require` stops the node at once with the reason,
    /// rather than leaving the pool retrying. Throws `PostgresConnectionCheckError`.
    public static func checkConnection(url: String, logger: Logger) async throws {
        let (configuration, tls) = try connectionConfiguration(url: url)
        do {
            let opened = try await PostgresConnection.connect(
                on: PostgresClient.defaultEventLoopGroup.next(), configuration: configuration, id: 0, logger: logger
            ).get()
            try await opened.close()
        } catch {
            throw PostgresConnectionCheckError(
                host: configuration.host ?? "localhost", port: configuration.port ?? 5432, tls: tls, reason: Self.reason(error))
        }
    }

    /// The configuration of one connection (outside the pool) to the database at `url`, with the
    /// same address, credentials and TLS as the pool's, and the TLS settings read from it.
    public static func connectionConfiguration(url: String) throws -> (PostgresConnection.Configuration, PostgresTLSSettings) {
        let client = try PostgresClient.Configuration.hookline(url: url)
        let tls = try PostgresTLSSettings(queryItems: URLComponents(string: url)?.queryItems ?? [])
        let configuration = PostgresConnection.Configuration(
            host: client.host ?? "localhost", port: client.port ?? 5432, username: client.username, password: client.password,
            database: client.database, tls: try tls.connectionTLS())
        return (configuration, tls)
    }

    /// The cause of a failed connection in words: PostgresNIO's errors hide it in their description.
    static func reason(_ error: any Error) -> String {
        guard let error = error as? PSQLError else { return "\(error)" }
        if error.code == .sslUnsupported { return "the server does not offer TLS (its ssl setting is off)" }
        var parts = ["\(error.code)"]
        if let message = error.serverInfo?[.message] { parts.append(message) }
        if let underlying = error.underlying { parts.append("\(underlying)") }
        return parts.joined(separator: ": ")
    }
}

/// The database named by `--database` could not be connected to.
public struct PostgresConnectionCheckError: Error, Sendable, CustomStringConvertible {
    /// The server's host.
    public var host: String
    /// The server's port.
    public var port: Int
    /// The TLS settings used.
    public var tls: PostgresTLSSettings
    /// What went wrong.
    public var reason: String

    /// A message for the operator, with what to check for TLS failures.
    public var description: String {
        var text = "cannot connect to PostgreSQL at \(host):\(port) with \(tls.summary): \(reason)"
        if tls.verifiesCertificate {
            text += " (check that sslrootcert names the CA that signed the server's certificate"
            text += tls.verifiesHostName ? ", and that the certificate is issued for '\(host)')" : ")"
        }
        return text
    }
}
