import NIOCore

/// What one client connection may take from the API server: how long it may spend sending a
/// request, how long it may sit idle, and how many connections the server holds at once.
///
/// The defaults are sized for clients on the internet: a real client sends its request head in
/// milliseconds, so 10 s for a head and 30 s for a body (1 MiB at most) leave slow networks room
/// while a client that trickles bytes to hold a connection open is cut off; 60 s of keep-alive
/// covers a client's next call; 10,000 connections stay well below a process's file limit.
public struct ServerLimits: Sendable, Equatable {
    /// Time from a connection's first byte of a request (or from accepting it) to the whole head.
    public var headerTimeout: TimeAmount
    /// Time from a request head to the end of its body, however slowly the bytes arrive.
    public var bodyTimeout: TimeAmount
    /// Time a keep-alive connection may wait for its next request.
    public var idleTimeout: TimeAmount
    /// Connections held at once; past it, new connections wait in the listen backlog.
    public var maxConnections: Int

    /// Creates limits.
    public init(
        headerTimeout: TimeAmount = .seconds(10), bodyTimeout: TimeAmount = .seconds(30),
        idleTimeout: TimeAmount = .seconds(60), maxConnections: Int = 10_000
    ) {
        self.headerTimeout = headerTimeout
        self.bodyTimeout = bodyTimeout
        self.idleTimeout = idleTimeout
        self.maxConnections = maxConnections
    }
}
