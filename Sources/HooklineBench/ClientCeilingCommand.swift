import ArgumentParser
import AsyncHTTPClient
import Foundation
import HooklineCore
import HooklineDelivery
import NIOCore
import NIOHTTP1
import Synchronization

/// `hookline-bench client`: an HTTP client alone POSTing a payload to receivers as fast as it can:
/// Hookline's delivery transport (`--sender transport`), or AsyncHTTPClient configured as Hookline's
/// delivery client once was (per-host connection limit, no redirects, no decompression). Its rate
/// is the ceiling for anything that delivers with that client on this machine: the part of the gap
/// to wrk that the HTTP client accounts for.
struct ClientCeilingCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "client",
        abstract: "Requests/s of an HTTP client alone to the given receivers, as JSON.")

    /// Which client sends.
    enum Sender: String, ExpressibleByArgument, CaseIterable {
        case asyncHTTPClient = "async-http-client"
        case transport
    }

    @Option(help: "The client: async-http-client or transport (Hookline's delivery transport).")
    var sender: Sender = .asyncHTTPClient

    @Option(name: .customLong("url"), help: "A receiver URL; repeat for several hosts. Each gets --per-host concurrent requests.")
    var urls: [String]

    @Option(help: "Concurrent requests (and connections) per URL, as Hookline's --per-host-concurrency.")
    var perHost = 16

    @Option(help: "Seconds to send for.")
    var seconds = 10.0

    @Option(help: "File whose bytes are POSTed as the body (application/json).")
    var payloadFile: String

    func validate() throws {
        guard !urls.isEmpty else { throw ValidationError("give at least one --url") }
        guard perHost >= 1, seconds > 0 else { throw ValidationError("--per-host and --seconds must be positive") }
    }

    func run() async throws {
        let payload = ByteBuffer(bytes: try Data(contentsOf: URL(fileURLWithPath: payloadFile)))
        let counts = Counts()
        let deadline = ContinuousClock.now + .seconds(seconds)
        let started = ContinuousClock.now
        let (prepare, shutdown) = try makeSender(payload: payload)
        let senders = try urls.map(prepare)
        await withDiscardingTaskGroup { group in
            for send in senders {
                for _ in 0..<perHost {
                    group.addTask {
                        while ContinuousClock.now < deadline {
                            if let failure = await send() {
                                counts.state.withLock {
                                    $0.failed += 1
                                    if $0.firstFailure == nil { $0.firstFailure = failure }
                                }
                            } else {
                                counts.state.withLock { $0.done += 1 }
                            }
                        }
                    }
                }
            }
        }
        let elapsed = ContinuousClock.now - started
        try await shutdown()
        let result = counts.state.withLock { $0 }
        let elapsedSeconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let report = ClientCeilingReport(
            sender: sender.rawValue, requests: result.done, failures: result.failed, first_failure: result.firstFailure,
            seconds: elapsedSeconds, requests_per_s: Double(result.done) / elapsedSeconds, connections: urls.count * perHost)
        print(try report.json())
        if result.done == 0 { throw BenchFailure("no request succeeded: \(result.firstFailure ?? "?")") }
    }

    /// For a URL, one POST of `payload` to it (`nil` when answered, else why not); and how to stop the
    /// client. The transport's requests are parsed once per URL, as Hookline parses each destination
    /// once (a profile of this client parsing per request put 5 % of its CPU there).
    private func makeSender(payload: ByteBuffer) throws
        -> (prepare: (String) throws -> @Sendable () async -> String?, shutdown: @Sendable () async throws -> Void)
    {
        switch sender {
        case .transport:
            let transport = try DeliveryTransport(
                configuration: TransportConfiguration(
                    maxIdlePerHost: perHost, destinationPolicy: DestinationPolicy(allowInsecure: true, allowPrivate: true)))
            let headers: HTTPHeaders = ["Content-Type": "application/json"]
            return (
                { url in
                    guard let request = TransportRequest(url: url, headers: headers, body: payload) else {
                        throw ValidationError("bad URL \(url)")
                    }
                    return {
                        switch await transport.send(request) {
                        case .success: return nil
                        case .failure(let failure): return failure.message
                        }
                    }
                },
                { transport.shutdown() }
            )
        case .asyncHTTPClient:
            var configuration = HTTPClient.Configuration(
                redirectConfiguration: .disallow,
                connectionPool: .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: perHost),
                decompression: .disabled)
            configuration.tracing.tracer = nil
            let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
            return (
                { url in { () async -> String? in
                    var request = HTTPClientRequest(url: url)
                    request.method = .POST
                    request.headers.add(name: "Content-Type", value: "application/json")
                    request.body = .bytes(payload)
                    do {
                        let response = try await client.execute(request, timeout: .seconds(15))
                        _ = try await response.body.collect(upTo: 1 << 20)
                        return nil
                    } catch {
                        return "\(error)"
                    }
                } },
                { try await client.shutdown() }
            )
        }
    }
}

/// The running counts, shared by the sending tasks.
private final class Counts: Sendable {
    let state = Mutex((done: 0, failed: 0, firstFailure: String?.none))
}

/// What `hookline-bench client` measured.
struct ClientCeilingReport: BenchReport {
    /// Which client sent.
    var sender: String
    /// Requests answered (any status).
    var requests: Int
    /// Requests that failed without an answer.
    var failures: Int
    var first_failure: String?
    /// From the first request to the last answer.
    var seconds: Double
    var requests_per_s: Double
    /// Concurrent requests in all (URLs × per-host).
    var connections: Int
}
