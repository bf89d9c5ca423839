import Foundation
import HooklineCore
import HooklineDelivery
import HooklineTestSupport
import NIOCore
import NIOHTTP1
import Testing

/// The delivery transport against real receivers on loopback sockets: keep-alive reuse within the
/// per-host limit, `Connection: close`, HTTP/1.0, hanging, trickling and resetting receivers, a
/// 10 MB answer, many hosts at once, and the address guard (rebinding, the next vetted address).
@Suite struct DeliveryTransportTests {
    /// A transport for loopback receivers: private addresses allowed unless `policy` says otherwise.
    /// Its timeouts are long (a test of them passes its own): these tests start with the whole suite,
    /// when a debug build on a loaded machine has answered a 10 MB receiver's reads in over 5 s.
    static func transport(
        requestTimeout: TimeAmount = .seconds(30), maxIdlePerHost: Int = 4, idleTimeout: TimeAmount = .seconds(20),
        policy: DestinationPolicy = DestinationPolicy(allowInsecure: true, allowPrivate: true),
        resolver: any HostResolver = SystemResolver(), cacheSeconds: Int64 = 30, caFile: String? = nil
    ) throws -> DeliveryTransport {
        try DeliveryTransport(
            configuration: TransportConfiguration(
                connectTimeout: .seconds(10), requestTimeout: requestTimeout, maxIdlePerHost: maxIdlePerHost, idleTimeout: idleTimeout,
                destinationPolicy: policy, resolverCacheSeconds: cacheSeconds, additionalTrustRootsFile: caFile),
            resolver: resolver)
    }

    static func post(_ transport: DeliveryTransport, _ url: String, body: String = #"{"scope":"store/order/created"}"#) async
        -> Result<TransportResponse, TransportFailure>
    {
        guard let request = TransportRequest(url: url, headers: ["Content-Type": "application/json"], body: ByteBuffer(string: body)) else {
            return .failure(TransportFailure(.other, "bad test URL \(url)"))
        }
        return await transport.send(request)
    }

    @Test func keepAliveConnectionsAreReusedWithinThePerHostLimit() async throws {
        let receiver = try await ScriptedReceiver { _ in .ok() }
        let transport = try Self.transport(maxIdlePerHost: 4)
        let url = "http://127.0.0.1:\(receiver.port)/hook"
        for _ in 0..<5 { #expect(try await Self.post(transport, url).get().status == 200) }
        #expect(receiver.connections == 1, "sequential attempts share one connection")
        try await withThrowingTaskGroup { group in
            for _ in 0..<4 {
                group.addTask {
                    for _ in 0..<10 {
                        let status = try await Self.post(transport, url).get().status
                        #expect(status == 200)
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(receiver.requests.count == 45)
        #expect(receiver.connections <= 4, "never more connections than requests in flight (4)")
        let request = try #require(receiver.requests.first)
        #expect(request.head.method == .POST && request.head.uri == "/hook")
        #expect(request.head.headers["Host"] == ["127.0.0.1:\(receiver.port)"])
        #expect(request.head.headers["Content-Length"] == ["\(request.body.utf8.count)"])
        #expect(request.body == #"{"scope":"store/order/created"}"#)
        transport.shutdown()
        await receiver.close()
    }

    @Test func anIdleConnectionIsClosedAfterTheIdleTimeoutAndNotReused() async throws {
        let receiver = try await ScriptedReceiver { _ in .ok() }
        let transport = try Self.transport(idleTimeout: .milliseconds(200))
        let url = "http://127.0.0.1:\(receiver.port)/hook"
        #expect(try await Self.post(transport, url).get().status == 200)
        try await Eventually.wait("the pool's sweep closes the idle connection", timeout: .seconds(10)) {
            receiver.closedConnections == 1 ? true : nil
        }
        #expect(try await Self.post(transport, url).get().status == 200)
        #expect(receiver.connections == 2, "the closed connection was not reused")
        transport.shutdown()
        await receiver.close()
    }

    @Test func connectionCloseOnEveryAnswerIsHonoured() async throws {
        // The receiver asks to close but leaves the connection open: the transport must not reuse it.
        let receiver = try await ScriptedReceiver { _ in .ok("bye", extraHeaders: "Connection: close\r\n") }
        let transport = try Self.transport()
        for _ in 0..<3 {
            let response = try await Self.post(transport, "http://127.0.0.1:\(receiver.port)/").get()
            #expect(response.status == 200 && response.excerpt == Array("bye".utf8))
        }
        #expect(receiver.connections == 3)
        await receiver.close()
    }

    @Test func anHTTP10ReceiverThatEndsTheBodyByClosingIsRead() async throws {
        let receiver = try await ScriptedReceiver { _ in .bytes("HTTP/1.0 202 Accepted\r\nServer: old\r\n\r\nthanks", close: true) }
        let transport = try Self.transport()
        for _ in 0..<2 {
            let response = try await Self.post(transport, "http://127.0.0.1:\(receiver.port)/").get()
            #expect(response.status == 202 && String(decoding: response.excerpt, as: UTF8.self) == "thanks")
        }
        #expect(receiver.connections == 2, "an HTTP/1.0 connection is not kept")
        await receiver.close()
    }

    /// A hanging receiver, and one trickling its body a byte every 100 ms (600 bytes: 60 s in all,
    /// each byte well within any per-read timeout): only a bound on the whole attempt ends either
    /// this early. The bound checked is loose on purpose (a busy machine delays timers).
    @Test(arguments: [
        ScriptedReceiver.Answer.hang,
        .trickle(head: "HTTP/1.1 200 OK\r\nContent-Length: 600\r\n\r\n", interval: .milliseconds(100)),
    ])
    func aSlowReceiverHoldsTheSlotNoLongerThanTheRequestTimeout(_ answer: ScriptedReceiver.Answer) async throws {
        let receiver = try await ScriptedReceiver { _ in answer }
        let transport = try Self.transport(requestTimeout: .seconds(1))
        let started = ContinuousClock.now
        let result = await Self.post(transport, "http://127.0.0.1:\(receiver.port)/")
        #expect(result.failure?.errorClass == .timeout)
        #expect(ContinuousClock.now - started < .seconds(30), "the slot is given back after the request timeout")
        await receiver.close()
    }

    @Test func aResetMidAnswerIsAConnectionFailureAndTheConnectionIsNotReused() async throws {
        let receiver = try await ScriptedReceiver { request in
            request.connection == 1 ? .reset(prefix: "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nabc") : .ok()
        }
        let transport = try Self.transport()
        let url = "http://127.0.0.1:\(receiver.port)/"
        #expect(await Self.post(transport, url).failure?.errorClass == .connection)
        #expect(try await Self.post(transport, url).get().status == 200)
        #expect(receiver.connections == 2)
        await receiver.close()
    }

    @Test func aTenMegabyteAnswerIsReadOnlyToTheExcerptLimit() async throws {
        let receiver = try await ScriptedReceiver { _ in .large(size: 10 << 20) }
        let transport = try Self.transport()
        let url = "http://127.0.0.1:\(receiver.port)/"
        let response = try await Self.post(transport, url).get()
        #expect(response.status == 200)
        #expect(response.excerpt.count == AttemptResult.excerptLimit)
        _ = try await Self.post(transport, url).get()
        #expect(receiver.connections == 2, "a connection whose answer was cut off is closed, not reused")
        await receiver.close()
    }

    @Test func manyHostsAtOnceEachGetTheirOwnDeliveries() async throws {
        let hosts = 12
        var receivers: [ScriptedReceiver] = []
        for _ in 0..<hosts { receivers.append(try await ScriptedReceiver { request in .ok(request.head.uri) }) }
        let resolver = ScriptedResolver(Dictionary(uniqueKeysWithValues: (0..<hosts).map { ("host\($0).test", [["127.0.0.1"]]) }))
        let transport = try Self.transport(resolver: resolver)
        let all = receivers
        try await withThrowingTaskGroup { group in
            for (index, receiver) in all.enumerated() {
                for attempt in 0..<8 {
                    group.addTask {
                        let response = try await Self.post(transport, "http://host\(index).test:\(receiver.port)/h\(index)/\(attempt)").get()
                        let excerpt = String(decoding: response.excerpt, as: UTF8.self)
                        #expect(excerpt == "/h\(index)/\(attempt)")
                    }
                }
            }
            try await group.waitForAll()
        }
        for (index, receiver) in receivers.enumerated() {
            #expect(receiver.requests.count == 8)
            #expect(receiver.requests.allSatisfy { $0.head.headers["Host"] == ["host\(index).test:\(receiver.port)"] })
            #expect(receiver.connections <= 8)
            await receiver.close()
        }
        #expect((0..<hosts).allSatisfy { resolver.lookups(of: "host\($0).test") >= 1 })
    }

    /// The rebinding test. The policy allows private addresses only as listed: 127.0.0.1 is
    /// permitted, 127.0.0.2 (like every other loopback address) is refused. A receiver listens on
    /// both, on the same port. The scripted resolver answers 127.0.0.1 first, then 127.0.0.2; the
    /// cache is off so the second attempt resolves again. The second attempt must be refused as
    /// forbidden_address and no connection may ever reach 127.0.0.2.
    @Test func aRebindingAnswerIsRefusedAndNeverConnectedTo() async throws {
        let allowed = try await ScriptedReceiver(host: "127.0.0.1") { _ in .ok("allowed", extraHeaders: "Connection: close\r\n") }
        let refused = try await ScriptedReceiver(host: "127.0.0.2", port: allowed.port) { _ in .ok("rebound") }
        let resolver = ScriptedResolver(["rebind.test": [["127.0.0.1"], ["127.0.0.2"]]])
        let transport = try Self.transport(
            policy: DestinationPolicy(allowInsecure: true, permittedRestrictedAddresses: ["127.0.0.1"]), resolver: resolver,
            cacheSeconds: 0)
        let url = "http://rebind.test:\(allowed.port)/hook"
        #expect(try await Self.post(transport, url).get().excerpt == Array("allowed".utf8))
        let second = await Self.post(transport, url)
        #expect(second.failure?.errorClass == .forbiddenAddress)
        #expect(second.failure?.message.contains("127.0.0.2") == true)
        #expect(resolver.lookups(of: "rebind.test") == 2)
        #expect(refused.connections == 0, "nothing ever connected to the rebound address")
        #expect(allowed.connections == 1)
        await allowed.close()
        await refused.close()
    }

    @Test func answersAreCachedSoAHostIsResolvedOnce() async throws {
        let receiver = try await ScriptedReceiver { _ in .ok("x", extraHeaders: "Connection: close\r\n") }
        let resolver = ScriptedResolver(["cached.test": [["127.0.0.1"]]])
        let transport = try Self.transport(resolver: resolver)
        for _ in 0..<3 { _ = try await Self.post(transport, "http://cached.test:\(receiver.port)/").get() }
        #expect(resolver.lookups(of: "cached.test") == 1)
        #expect(receiver.connections == 3)
        await receiver.close()
    }

    @Test func aRefusedAddressFallsThroughToTheNextVettedOne() async throws {
        let receiver = try await ScriptedReceiver(host: "127.0.0.1") { _ in .ok() }
        // Nothing listens on 127.0.0.3 at that port: the connection is refused, the next answer is tried.
        let resolver = ScriptedResolver(["two.test": [["127.0.0.3", "127.0.0.1"]]])
        let transport = try Self.transport(resolver: resolver)
        #expect(try await Self.post(transport, "http://two.test:\(receiver.port)/").get().status == 200)
        await receiver.close()
    }

    @Test func failuresAreClassified() async throws {
        let resolver = ScriptedResolver(["gone.test": [["127.0.0.1"]]])
        let transport = try Self.transport(resolver: resolver)
        let closed = try ReservedPort()
        #expect(await Self.post(transport, "http://gone.test:\(closed.port)/").failure?.errorClass == .connection)
        closed.release()
        #expect(await Self.post(transport, "http://unknown.test/").failure?.errorClass == .dns)
        let guarded = try Self.transport(policy: .bigCommerce)
        #expect(await Self.post(guarded, "https://127.0.0.1/").failure?.errorClass == .forbiddenAddress)
        #expect(await Self.post(guarded, "https://localhost/").failure?.errorClass == .forbiddenAddress)
    }
}

extension Result {
    /// The failure, if it is one.
    var failure: Failure? {
        if case .failure(let failure) = self { return failure }
        return nil
    }
}
