import GRDB
import HooklineCore

extension SQLiteStorage {
    // MARK: Inbound sources

    public func createInboundSource(_ source: InboundSource) async throws {
        try await pool.write { db in
            guard try db.row(TenantSQL.store(hash: source.storeHash)) != nil
            else { throw StorageError.storeNotFound(storeHash: source.storeHash) }
            guard try db.row(InboundSQL.createSource(source)) != nil
            else { throw StorageError.inboundSourceExists(name: source.name) }
        }
    }

    public func inboundSources() async throws -> [InboundSource] {
        try await pool.read { db in try db.rows(InboundSQL.sources).map(InboundSource.init(row:)) }
    }

    public func inboundSource(name: String) async throws -> InboundSource? {
        try await pool.read { db in try db.row(InboundSQL.source(name: name)).map(InboundSource.init(row:)) }
    }

    public func deleteInboundSource(name: String) async throws -> Bool {
        try await pool.write { db in try db.row(InboundSQL.deleteSource(name: name)) != nil }
    }
}
