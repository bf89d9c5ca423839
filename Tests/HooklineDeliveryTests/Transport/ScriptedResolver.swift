import HooklineDelivery
import Synchronization

/// A resolver whose answers the test writes: each name gets its answers in turn, the last one
/// repeating; it counts lookups. Unknown names fail as DNS failures.
final class ScriptedResolver: HostResolver {
    private let state: Mutex<[String: [[String]]]>
    private let counts = Mutex<[String: Int]>([:])

    init(_ answers: [String: [[String]]]) {
        state = Mutex(answers)
    }

    func addresses(of host: String) async throws(TransportFailure) -> [String] {
        counts.withLock { $0[host, default: 0] += 1 }
        let answer: [String]? = state.withLock { state in
            guard var answers = state[host], let first = answers.first else { return nil }
            if answers.count > 1 { answers.removeFirst() }
            state[host] = answers
            return first
        }
        guard let answer else { throw TransportFailure(.dns, "could not resolve \(host): unknown name") }
        return answer
    }

    /// How often `host` was looked up.
    func lookups(of host: String) -> Int { counts.withLock { $0[host, default: 0] } }
}
