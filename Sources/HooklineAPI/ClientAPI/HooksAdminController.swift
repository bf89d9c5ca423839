import Hummingbird
import HooklineCore
import HooklineStore

/// `/stores/{store_hash}/v3/hooks/admin`: the client's notification emails, webhooks with status,
/// and blocked destinations.
struct HooksAdminController {
    let storage: any HooklineStorage

    /// Most notification emails one client may keep.
    static let maxEmails = 100

    func register(on group: RouterGroup<HooklineRequestContext>) {
        group.get("hooks/admin", use: show)
        group.put("hooks/admin", use: updateEmails)
        MethodNotAllowed.register(on: group, path: "hooks/admin", allowed: [.get, .put])
    }

    struct AdminInfo: Encodable {
        var emails: [String]
        var hooks_list: [WebhookWire]
        var blocked_domains: [BlockedDomainWire]
    }

    /// A destination on the blocklist, as `GET /hooks/admin` shows it.
    struct BlockedDomainWire: Encodable {
        struct Reason: Encodable {
            var failure_description: String
            var count: Int
            var timestamp: Int64
        }
        var destination: String
        var time_left: Int64
        var reasons: [Reason]
    }

    @Sendable func show(_ request: Request, context: HooklineRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        var query = QueryParameters(request)
        // BigCommerce documents `is_active`; its older docs and some clients send `active`.
        let isActive = query.bool("is_active") ?? query.bool("active")
        try query.throwIfInvalid()
        let hooks = try await storage.hooks(
            owner: account.owner, filter: WebhookFilter(isActive: isActive),
            page: PageRequest(page: 1, limit: Int(Int32.max)))
        let emails = try await storage.notificationEmails(owner: account.owner)
        let now = WallClock.nowMilliseconds()
        let blocked = try await storage.blockedDomains(owner: account.owner, now: now).map { domain in
            BlockedDomainWire(
                destination: domain.destination, time_left: max(0, domain.blockedUntil - now / 1000),
                reasons: domain.reasons.map {
                    BlockedDomainWire.Reason(failure_description: $0.failure_description, count: $0.count, timestamp: $0.timestamp)
                })
        }
        let info = AdminInfo(
            emails: emails, hooks_list: hooks.items.map { WebhookWire($0, includeStatus: true) }, blocked_domains: blocked)
        return JSONResponse.envelope(info)
    }

    @Sendable func updateEmails(_ request: Request, context: HooklineRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        guard let object = try await JSONRequestBody.object(from: request) else {
            throw APIError.invalidFields(["emails": "is required"])
        }
        var errors: [String: String] = [:]
        for key in object.keys where key != "emails" { errors[key] = "unknown field; the only field is emails" }
        var emails: [String] = []
        switch object["emails"] {
        // BigCommerce's schema makes `emails` optional: `{}` is a valid upsert that changes nothing.
        case nil:
            guard errors.isEmpty else { throw APIError.invalidFields(errors) }
            return Response(status: .noContent)
        case .array(let values)?:
            for value in values {
                guard case .string(let email) = value, Self.isPlausibleEmail(email) else {
                    errors["emails"] = "every entry must be an email address such as webhooks@example.com"
                    break
                }
                if !emails.contains(email) { emails.append(email) }
            }
            if emails.count > Self.maxEmails { errors["emails"] = "at most \(Self.maxEmails) addresses are allowed" }
        case let other?: errors["emails"] = "must be an array of email addresses, not \(other.typeName)"
        }
        guard errors.isEmpty else { throw APIError.invalidFields(errors) }
        try await storage.setNotificationEmails(emails, owner: account.owner)
        return Response(status: .noContent)
    }

    /// One `@`, a non-empty local part, a dotted domain, no spaces: enough to catch mistakes.
    static func isPlausibleEmail(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard text.utf8.count <= 254, parts.count == 2, !parts[0].isEmpty, parts[1].contains("."),
            !parts[1].hasPrefix("."), !parts[1].hasSuffix("."), !text.contains(where: { $0.isWhitespace })
        else { return false }
        return true
    }
}
