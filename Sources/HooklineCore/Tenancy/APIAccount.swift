/// An API account of one store: what a client authenticates as with `X-Auth-Token`.
///
/// The access token itself is never kept, only its hash; the `client_secret` is kept because it
/// keys the signature of every delivery to this account's webhooks.
public struct APIAccount: Sendable, Equatable {
    /// Public identifier of the account, the `client_id` of its webhooks.
    public var clientID: String
    /// The store the account belongs to.
    public var storeHash: String
    /// Free-form label given by the operator.
    public var name: String
    /// Secret shared with the client; its raw bytes key the delivery signatures.
    public var clientSecret: String
    /// Creation time, Unix seconds.
    public var createdAt: Int64

    /// Creates an account value.
    public init(clientID: String, storeHash: String, name: String, clientSecret: String, createdAt: Int64) {
        self.clientID = clientID
        self.storeHash = storeHash
        self.name = name
        self.clientSecret = clientSecret
        self.createdAt = createdAt
    }

    /// The owner value for webhooks created with this account.
    public var owner: HookOwner { HookOwner(storeHash: storeHash, clientID: clientID) }
}
