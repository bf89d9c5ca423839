import Foundation
import HooklineAPI
import HooklineTestSupport
import NIOCore
import Testing

/// The public edge's deadlines, against real listeners on loopback: a head within the header
/// timeout, a body within the body timeout, an idle keep-alive connection closed.
@Suite struct RequestDeadlineTests {
    @Test func halfSentHeadsAreAllClosedAtTheHeaderDeadlineWhileHealthKeepsAnswering() async throws {
        let count = 1_000
        let limit = RawConnection.raiseFileLimit(to: UInt64(count) * 3 + 256)
        try #require(limit >= UInt64(count) * 3 + 256, "the test needs \(count * 3 + 256) open files, the limit is \(limit)")
        // The idle timeout is far longer than the wait below, so only the header deadline can close them.
        // No test starts a process meanwhile (ProcessLaunchGate says why).
        try await ProcessLaunchGate.holdingManyDescriptors { try await runHalfSentHeads(count: count) }
    }

    private func runHalfSentHeads(count: Int) async throws {
        try await EdgeServer.run(limits: ServerLimits(headerTimeout: .seconds(5), idleTimeout: .seconds(600))) { server in
            var connections: [RawConnection] = []
            for _ in 0..<count {
                let connection = try RawConnection(port: server.port)
                #expect(connection.send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "))
                connections.append(connection)
            }
            let health = try await EdgeHTTPClient.send("\(server.publicURL)/health")
            #expect(health.status == 200, "health answers while \(count) heads are half-sent")
            let open = connections.filter { !$0.isClosedByServer }.count
            #expect(open > 0, "the half-sent heads are held until their deadline, not refused at once")

            _ = try await Eventually.wait("every half-sent head closed by the 5 s header deadline", timeout: .seconds(120)) {
                connections.allSatisfy(\.isClosedByServer) ? true : nil
            }
            #expect(try await EdgeHTTPClient.send("\(server.publicURL)/health").status == 200)
        }
    }

    @Test func aNextRequestsHeadOnAKeepAliveConnectionHasTheHeaderDeadlineToo() async throws {
        try await EdgeServer.run(limits: ServerLimits(headerTimeout: .seconds(1), idleTimeout: .seconds(120))) { server in
            let connection = try RawConnection(port: server.port)
            let answer = try await connection.getHealth()
            #expect(answer.hasPrefix("HTTP/1.1 200"))
            let started = ContinuousClock.now
            #expect(connection.send("GET /health HTTP/1.1\r\nHo"))
            _ = try await Eventually.wait("the half-sent second head closed", timeout: .seconds(15)) {
                connection.isClosedByServer ? true : nil
            }
            #expect(ContinuousClock.now - started < .seconds(60), "the header deadline, not the 120 s idle timeout")
        }
    }

    @Test func aBodyTrickledAByteASecondIsCutAtTheBodyDeadline() async throws {
        try await EdgeServer.run(limits: ServerLimits(bodyTimeout: .seconds(2))) { server in
            let connection = try RawConnection(port: server.port)
            let head =
                "POST /admin/v1/stores HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(TestHookline.adminToken)\r\n"
                + "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n"
            #expect(connection.send(head))
            let started = ContinuousClock.now
            var sent = 0
            while sent < 100, !connection.isClosedByServer {
                _ = connection.send("{")
                sent += 1
                try await Task.sleep(for: .seconds(1))
            }
            let took = ContinuousClock.now - started
            #expect(sent < 40, "the body was cut, not read to its end (\(sent) bytes sent)")
            #expect(took >= .milliseconds(1_500), "not before the 2 s deadline (after \(took))")
        }
    }

    @Test func anIdleKeepAliveConnectionIsClosedAfterTheIdleTimeout() async throws {
        try await EdgeServer.run(limits: ServerLimits(idleTimeout: .seconds(1))) { server in
            let connection = try RawConnection(port: server.port)
            let answer = try await connection.getHealth()
            #expect(answer.hasPrefix("HTTP/1.1 200"))
            #expect(!answer.lowercased().contains("connection: close"), "the connection is kept alive at first")
            _ = try await Eventually.wait("the idle connection closed", timeout: .seconds(30)) {
                connection.isClosedByServer ? true : nil
            }
        }
    }
}
