import NIOCore
import Synchronization

/// Idle keep-alive connections per scheme, host and port, each closed once `idleTimeout` unused.
///
/// Only idle connections live here: a connection in use belongs to its attempt, and comes back
/// only if its answer was read to the end and did not ask to close. At most `maxIdlePerKey` wait
/// per key (the per-host concurrency); the engine's per-host limit bounds those in use, and a new
/// connection is made only when none is idle, so a host never has more open than its limit.
///
/// Idle connections are closed by one sweep every quarter of the idle timeout, not by a timer per
/// parked connection: NIO cancels a scheduled task by searching its event loop's task queue, and a
/// timer per park (thousands a second, each living for the idle timeout) made every attempt's
/// deadline cancel search tens of thousands of them (14 % of a drain's CPU in a profile). A
/// connection idle past its timeout is never handed out, swept or not.
final class ConnectionPool: Sendable {
    private struct Idle {
        var channel: any Channel
        var since: NIODeadline
    }

    private struct State {
        var idle: [PoolKey: [Idle]] = [:]
        var closed = false
        var sweep: RepeatedTask?
    }

    private let state = Mutex(State())
    private let maxIdlePerKey: Int
    private let idleTimeout: TimeAmount

    /// Creates a pool whose sweep runs on `sweepLoop`.
    init(maxIdlePerKey: Int, idleTimeout: TimeAmount, sweepLoop: any EventLoop) {
        self.maxIdlePerKey = maxIdlePerKey
        self.idleTimeout = idleTimeout
        let interval = TimeAmount.nanoseconds(max(idleTimeout.nanoseconds / 4, 10_000_000))
        let sweep = sweepLoop.scheduleRepeatedTask(initialDelay: interval, delay: interval) { [weak self] _ in
            self?.closeIdle(since: .now() - idleTimeout)
        }
        state.withLock { $0.sweep = sweep }
    }

    deinit {
        state.withLock { $0.sweep }?.cancel()
    }

    /// An open idle connection for `key`, the most recently used first; `nil` if none.
    func take(_ key: PoolKey, now: NIODeadline = .now()) -> (any Channel)? {
        let (channel, stale) = state.withLock { state -> ((any Channel)?, [any Channel]) in
            while let idle = state.idle[key]?.popLast() {
                guard idle.since + idleTimeout > now else {
                    // The most recent is past its timeout, so all the older ones are too.
                    let stale = [idle.channel] + (state.idle.removeValue(forKey: key) ?? []).map(\.channel)
                    return (nil, stale)
                }
                if idle.channel.isActive { return (idle.channel, []) }
            }
            return (nil, [])
        }
        for channel in stale { channel.close(promise: nil) }
        return channel
    }

    /// Keeps `channel` for the next attempt to `key`, or closes it if enough wait already.
    func park(_ channel: any Channel, for key: PoolKey, now: NIODeadline = .now()) {
        let kept = state.withLock { state in
            guard !state.closed, state.idle[key, default: []].count < maxIdlePerKey else { return false }
            state.idle[key, default: []].append(Idle(channel: channel, since: now))
            return true
        }
        if !kept { channel.close(promise: nil) }
    }

    /// Forgets a connection that closed while idle.
    func forget(_ channel: any Channel, of key: PoolKey) {
        state.withLock { state in
            state.idle[key]?.removeAll { $0.channel === channel }
        }
    }

    /// Closes every idle connection; later ones are closed instead of parked.
    func closeAll() {
        let (channels, sweep) = state.withLock { state in
            state.closed = true
            defer {
                state.idle = [:]
                state.sweep = nil
            }
            return (state.idle.values.flatMap { $0.map(\.channel) }, state.sweep)
        }
        sweep?.cancel()
        for channel in channels { channel.close(promise: nil) }
    }

    /// Closes the connections idle since before `cutoff`.
    private func closeIdle(since cutoff: NIODeadline) {
        let stale = state.withLock { state -> [any Channel] in
            var stale: [any Channel] = []
            for key in Array(state.idle.keys) {
                // Parked in order, so the stale ones are a prefix.
                guard let queue = state.idle[key] else { continue }
                let fresh = queue.firstIndex { $0.since >= cutoff } ?? queue.count
                guard fresh > 0 else { continue }
                stale += queue[..<fresh].map(\.channel)
                state.idle[key] = fresh == queue.count ? nil : Array(queue[fresh...])
            }
            return stale
        }
        for channel in stale { channel.close(promise: nil) }
    }
}
