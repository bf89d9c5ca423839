import Foundation
import Hummingbird
import HooklineCore
import HooklineStore

/// `GET /stores/{store_hash}/v3/hooks/events`: events that could not be delivered to the caller's
/// webhooks with `events_history_enabled` (BigCommerce's 2024 API, kept by Hookline).
struct HookEventsController {
    let storage: any HooklineStorage

    func register(on group: RouterGroup<HooklineRequestContext>) {
        group.get("hooks/events", use: list)
        MethodNotAllowed.register(on: group, path: "hooks/events", allowed: [.get])
    }

    @Sendable func list(_ request: Request, context: HooklineRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        var query = QueryParameters(request)
        let page = query.pageRequest()
        let from = query.integer("created_at:min", in: 0...99_999_999_999)
        let to = query.integer("created_at:max", in: 0...99_999_999_999)
        try query.throwIfInvalid()
        let result = try await storage.eventsHistory(
            owner: account.owner, createdFrom: from.map(Int64.init), createdTo: to.map(Int64.init), page: page)
        let events = try result.items.map { try JSONValue.parse(Array($0.utf8)) }
        var extraQuery = ""
        if let from { extraQuery += "&created_at:min=\(from)" }
        if let to { extraQuery += "&created_at:max=\(to)" }
        return JSONResponse.make(status: .ok, body: Envelope(data: events, meta: PaginationMeta(result, extraQuery: extraQuery)))
    }
}
