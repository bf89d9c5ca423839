import HooklineCore

extension Webhook {
    /// A webhook from a row of `hooks`.
    init(row: some SQLRow) throws {
        self.init(
            id: try row.integer("id"), owner: HookOwner(storeHash: try row.text("store_hash"), clientID: try row.text("client_id")),
            scope: try row.text("scope"), destination: try row.text("destination"),
            headers: try HeadersColumn.decode(try row.optionalText("headers")),
            status: WebhookStatus(rawValue: try row.text("status")) ?? .inactive,
            eventsHistoryEnabled: try row.boolean("events_history_enabled"), createdAt: try row.integer("created_at"),
            updatedAt: try row.integer("updated_at"))
    }
}
