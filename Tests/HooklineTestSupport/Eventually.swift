/// Waits on a condition with a deadline, instead of sleeping for luck: the one waiting helper every
/// test target uses.
public enum Eventually {
    /// Asks `probe` again every 20 ms until it returns a value, and returns that value; throws
    /// `WaitTimeout` naming `description` once `timeout` has passed.
    public static func wait<T>(_ description: String, timeout: Duration = .seconds(20), _ probe: () async throws -> T?) async throws -> T {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let value = try await probe() { return value }
            guard ContinuousClock.now < deadline else { throw WaitTimeout(description: description) }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// What `wait` throws when the condition did not hold in time.
    public struct WaitTimeout: Error, CustomStringConvertible {
        /// What was waited for.
        public var description: String
    }
}
