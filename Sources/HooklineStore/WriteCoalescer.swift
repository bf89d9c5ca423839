import HooklineCore
import Synchronization

/// Runs concurrent requests of one kind together: while one batch is being written, the requests
/// that arrive wait and go into the next batch. With one writer (SQLite), each commit — and its
/// fsync — then serves every request that arrived meanwhile instead of one.
final class WriteCoalescer<Request: Sendable, Response: Sendable>: Sendable {
    /// Writes a batch, answering each request (in order) with its own result.
    typealias Writer = @Sendable ([Request]) async -> [Result<Response, any Error>]

    private struct Waiting: Sendable {
        var request: Request
        var continuation: CheckedContinuation<Response, any Error>
    }

    private struct State: Sendable {
        var queue: [Waiting] = []
        var writing = false
    }

    private let state = Mutex(State())
    private let writer: Writer
    /// What its batches write, for the store write metrics.
    private let kind: HooklineMetrics.WriteKind

    /// A coalescer whose batches `writer` writes, reported to the metrics as `kind`.
    init(kind: HooklineMetrics.WriteKind, writer: @escaping Writer) {
        self.kind = kind
        self.writer = writer
    }

    /// Submits a request and waits for its result, written with whatever else is waiting.
    func submit(_ request: Request) async throws -> Response {
        try await withCheckedThrowingContinuation { continuation in
            let startWriting = state.withLock { state -> Bool in
                state.queue.append(Waiting(request: request, continuation: continuation))
                guard !state.writing else { return false }
                state.writing = true
                return true
            }
            if startWriting { Task { await self.writeUntilEmpty() } }
        }
    }

    /// A writer answered fewer requests than it was given: a bug, reported rather than left hanging.
    struct MissingResult: Error {}

    /// Writes batches until nothing is waiting.
    private func writeUntilEmpty() async {
        while true {
            let batch = state.withLock { state -> [Waiting] in
                defer { state.queue.removeAll(keepingCapacity: true) }
                if state.queue.isEmpty { state.writing = false }
                return state.queue
            }
            guard !batch.isEmpty else { return }
            let started = ContinuousClock.now
            let results = await writer(batch.map(\.request))
            HooklineMetrics.storeWrote(kind, count: batch.count, duration: ContinuousClock.now - started)
            for (index, waiting) in batch.enumerated() {
                waiting.continuation.resume(with: index < results.count ? results[index] : .failure(MissingResult()))
            }
        }
    }
}
