import HooklineCore

extension CommerceStore {
    /// A store from a row of `stores`.
    init(row: some SQLRow) throws {
        self.init(storeHash: try row.text("store_hash"), storeID: try row.integer("store_id"), createdAt: try row.integer("created_at"))
    }
}

extension APIAccount {
    /// An account from a row of `api_accounts`.
    init(row: some SQLRow) throws {
        self.init(
            clientID: try row.text("client_id"), storeHash: try row.text("store_hash"), name: try row.text("name"),
            clientSecret: try row.text("client_secret"), createdAt: try row.integer("created_at"))
    }
}

extension InboundSource {
    /// A source from a row of `inbound_sources`.
    init(row: some SQLRow) throws {
        self.init(
            name: try row.text("name"), storeHash: try row.text("store_hash"), secret: try row.text("secret"),
            createdAt: try row.integer("created_at"))
    }
}
