import NIOCore

/// The deadline a connection's current request must meet, as a state machine with time passed in.
///
/// A connection is first waiting for a request head (from when it was accepted, or from the first
/// byte of a keep-alive connection's next request), then for the body (from the head), then the
/// request is being answered (no deadline: the server is working), then idle until the next
/// request's first byte (Hummingbird's idle timeout covers that wait).
struct RequestDeadlines {
    /// Where the connection's current request is.
    enum Phase: Equatable {
        /// The head must be complete by the deadline.
        case awaitingHead(deadline: NIODeadline)
        /// The body must be complete by the deadline.
        case readingBody(deadline: NIODeadline)
        /// The request is read; the server is answering it.
        case answering
        /// Between requests of a keep-alive connection.
        case idle
    }

    let limits: ServerLimits
    private(set) var phase: Phase

    /// A connection accepted at `now`: its first head is due within the header timeout.
    init(limits: ServerLimits, openedAt now: NIODeadline) {
        self.limits = limits
        self.phase = .awaitingHead(deadline: now + limits.headerTimeout)
    }

    /// The deadline now in force, if any.
    var deadline: NIODeadline? {
        switch phase {
        case .awaitingHead(let deadline), .readingBody(let deadline): deadline
        case .answering, .idle: nil
        }
    }

    /// Bytes arrived at `now`; on an idle connection they start the next request's head.
    mutating func bytesArrived(at now: NIODeadline) {
        if phase == .idle || phase == .answering {
            // While answering, new bytes are a pipelined next request.
            phase = .awaitingHead(deadline: now + limits.headerTimeout)
        }
    }

    /// A complete request head arrived at `now`: its body is due within the body timeout.
    mutating func headReceived(at now: NIODeadline) {
        phase = .readingBody(deadline: now + limits.bodyTimeout)
    }

    /// The request's body is complete.
    mutating func endReceived() {
        if case .readingBody = phase { phase = .answering }
    }

    /// The server finished writing a response; a connection not already reading its next request is idle.
    mutating func responseEnded() {
        if phase == .answering { phase = .idle }
    }

    /// Whether the deadline in force has passed at `now`.
    func isExpired(at now: NIODeadline) -> Bool {
        guard let deadline else { return false }
        return now >= deadline
    }
}
