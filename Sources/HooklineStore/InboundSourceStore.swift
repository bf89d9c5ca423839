import HooklineCore

/// The senders the inbound gateway accepts webhooks from.
///
/// One role of `HooklineStorage`. Every method is one transaction. What a source sends is published
/// through `EventPublishing` with `InboundDedupe` keys, which the delivery queue keeps.
public protocol InboundSourceStore: Sendable {
    /// Saves a new source; throws `StorageError.storeNotFound` for an unknown store and
    /// `StorageError.inboundSourceExists` for a name already taken.
    func createInboundSource(_ source: InboundSource) async throws
    /// Every source, by name.
    func inboundSources() async throws -> [InboundSource]
    /// The source with this name, if any.
    func inboundSource(name: String) async throws -> InboundSource?
    /// Deletes a source (what it published stays); false if there was no such source.
    func deleteInboundSource(name: String) async throws -> Bool
}
