import HooklineCore
import PostgresNIO

extension PostgresStorage {
    // MARK: Inbound sources

    /// Saves a source in one transaction; the primary key decides between two nodes creating the
    /// same name at once.
    public func createInboundSource(_ source: InboundSource) async throws {
        try await transaction { session in
            guard try await session.row(TenantSQL.store(hash: source.storeHash)) != nil
            else { throw StorageError.storeNotFound(storeHash: source.storeHash) }
            guard try await session.row(InboundSQL.createSource(source)) != nil
            else { throw StorageError.inboundSourceExists(name: source.name) }
        }
    }

    public func inboundSources() async throws -> [InboundSource] {
        try await rows(InboundSQL.sources).map(InboundSource.init(row:))
    }

    public func inboundSource(name: String) async throws -> InboundSource? {
        try await row(InboundSQL.source(name: name)).map(InboundSource.init(row:))
    }

    public func deleteInboundSource(name: String) async throws -> Bool {
        try await row(InboundSQL.deleteSource(name: name)) != nil
    }
}
