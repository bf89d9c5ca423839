import NIOCore
import Synchronization

/// Idle keep-alive connections per scheme, host and port, each closed after `idleTimeout` unused.
///
/// Only idle connections live here: a connection in use belongs to its attempt, and comes back
/// only if its answer was read to the end and did not ask to close. At most `maxIdlePerKey` wait
/// per key (the per-host concurrency); the engine's per-host limit bounds those in use, and a new
/// connection is made only when none is idle, so a host never has more open than its limit.
final class ConnectionPool: Sendable {
    private struct Idle {
        var channel: any Channel
        var id: UInt64
    }

    private struct State {
        var idle: [PoolKey: [Idle]] = [:]
        var nextID: UInt64 = 0
        var closed = false
    }

    private let state = Mutex(State())
    private let maxIdlePerKey: Int
    private let idleTimeout: TimeAmount

    init(maxIdlePerKey: Int, idleTimeout: TimeAmount) {
        self.maxIdlePerKey = maxIdlePerKey
        self.idleTimeout = idleTimeout
    }

    /// An open idle connection for `key`, the most recently used first; `nil` if none.
    func take(_ key: PoolKey) -> (any Channel)? {
        state.withLock { state in
            while let idle = state.idle[key]?.popLast() {
                if idle.channel.isActive { return idle.channel }
            }
            return nil
        }
    }

    /// Keeps `channel` for the next attempt to `key`, or closes it if enough wait already.
    func park(_ channel: any Channel, for key: PoolKey) {
        let id: UInt64? = state.withLock { state in
            guard !state.closed, state.idle[key, default: []].count < maxIdlePerKey else { return nil }
            state.nextID &+= 1
            state.idle[key, default: []].append(Idle(channel: channel, id: state.nextID))
            return state.nextID
        }
        guard let id else {
            channel.close(promise: nil)
            return
        }
        channel.eventLoop.scheduleTask(in: idleTimeout) { [self] in
            if remove(id, of: key) { channel.close(promise: nil) }
        }
    }

    /// Forgets a connection that closed while idle.
    func forget(_ channel: any Channel, of key: PoolKey) {
        state.withLock { state in
            state.idle[key]?.removeAll { $0.channel === channel }
        }
    }

    /// Closes every idle connection; later ones are closed instead of parked.
    func closeAll() {
        let channels = state.withLock { state in
            state.closed = true
            defer { state.idle = [:] }
            return state.idle.values.flatMap { $0.map(\.channel) }
        }
        for channel in channels { channel.close(promise: nil) }
    }

    private func remove(_ id: UInt64, of key: PoolKey) -> Bool {
        state.withLock { state in
            guard let index = state.idle[key]?.firstIndex(where: { $0.id == id }) else { return false }
            state.idle[key]?.remove(at: index)
            return true
        }
    }
}
