import Foundation
import HooklineAPI
import HooklineTestSupport
import NIOCore
import Synchronization
import Testing

/// `--max-connections`: past the cap a new connection waits, and is served once another closes.
@Suite struct ConnectionCapTests {
    @Test func pastTheCapANewConnectionWaitsAndIsServedOnceAnotherCloses() async throws {
        try await EdgeServer.run(limits: ServerLimits(maxConnections: 2)) { server in
            // Two kept-alive connections, each proven accepted by an answer, fill the cap.
            var holders: [RawConnection] = []
            for _ in 0..<2 {
                let holder = try RawConnection(port: server.port)
                _ = try await holder.getHealth()
                holders.append(holder)
            }
            let answered = Mutex<Int?>(nil)
            let waiting = Task {
                let status = try await EdgeHTTPClient.send("\(server.publicURL)/health").status
                answered.withLock { $0 = status }
            }
            // A bounded look for an answer that must not come while the cap is full.
            try await Task.sleep(for: .seconds(1))
            #expect(answered.withLock { $0 } == nil, "the third connection waits while two are open")

            holders.removeFirst()  // closes one
            let status = try await Eventually.wait("the waiting request served", timeout: .seconds(15)) {
                answered.withLock { $0 }
            }
            #expect(status == 200)
            try await waiting.value
            _ = holders
        }
    }
}
