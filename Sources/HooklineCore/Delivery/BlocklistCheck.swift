/// A client's destination host whose blocklist window a completion batch must judge.
public struct BlocklistCheck: Sendable, Equatable {
    /// The client (and its store).
    public var owner: HookOwner
    /// The destination host.
    public var host: String
    /// A webhook of the client to that host (the last one attempted), named in the 90003 notice.
    public var hookID: Int64
    /// Its destination URL, kept on the block.
    public var destination: String

    /// Creates a check.
    public init(owner: HookOwner, host: String, hookID: Int64, destination: String) {
        self.owner = owner
        self.host = host
        self.hookID = hookID
        self.destination = destination
    }

    /// The 90003 notice a new block raises.
    public var notice: DeliveryNotice {
        DeliveryNotice(code: .domainBlocked, owner: owner, hookID: hookID, destination: destination)
    }
}
