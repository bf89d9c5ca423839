import Foundation
import HooklineCore
import HooklineStore
import Hummingbird

/// The dashboard's pages and actions: log in and out, the overview, stores → API accounts →
/// webhooks, a webhook's attempts, an event's deliveries, a delivery's attempts; retry, replay and
/// reactivate, each a form post carrying the session's CSRF token.
struct DashboardController {
    let storage: any HooklineStorage
    let credential: AdminCredential
    let settings: APISettings
    let sessions: DashboardSessions
    /// The admin API's failed-auth guard: a wrong token on the login form counts against the same
    /// address as a wrong bearer token, and a throttled address is answered 429 here too.
    let failures: AuthFailureGuard

    /// Largest form body read.
    static let maxFormBytes = 16 * 1024
    /// Attempts and stores per page.
    static let pageSize = 25
    /// Most characters of an event's payload its page shows (a payload may be up to the 1 MiB a publish accepts).
    static let payloadExcerptCharacters = 16_000

    func register(on router: Router<HooklineRequestContext>) {
        let open = router.group("dashboard")
        open.get("style.css") { _, _ in DashboardPage.stylesheet() }
        open.get("login", use: loginPage)
        open.post("login", use: login)
        let pages = router.group("dashboard").add(middleware: DashboardSessionMiddleware(sessions: sessions))
        pages.get(use: overview)
        pages.post("logout", use: logout)
        pages.get("stores", use: storesPage)
        pages.get("stores/:store_hash", use: storePage)
        pages.get("stores/:store_hash/hooks/:webhook_id", use: hookPage)
        pages.get("stores/:store_hash/events/:event_id", use: eventPage)
        pages.get("stores/:store_hash/deliveries/:delivery_id", use: deliveryPage)
        pages.post("stores/:store_hash/deliveries/:delivery_id/retry", use: retry)
        pages.post("stores/:store_hash/hooks/:webhook_id/replay", use: replay)
        pages.post("stores/:store_hash/hooks/:webhook_id/reactivate", use: reactivate)
        if settings.demoReceiver != nil { pages.get("demo/receiver", use: demoReceiverPage) }
    }

    // MARK: Logging in and out

    struct LoginForm: Decodable { var token: String? }
    struct ActionForm: Decodable {
        var csrf: String?
        var since: String?
    }

    @Sendable func loginPage(_ request: Request, context: HooklineRequestContext) async throws -> Response {
        if sessions.session(of: request, now: WallClock.now()) != nil { return DashboardPage.redirect(to: "/dashboard") }
        return DashboardPage.render("login", [String: Any]())
    }

    @Sendable func login(_ request: Request, context: HooklineRequestContext) async throws -> Response {
        let form = try? await decode(LoginForm.self, request)
        guard let token = form?.token, try await credential.accepts(token, now: .now) else {
            let refusal = failures.reject(
                APIError(.unauthorized, "That is not the admin token."), api: .admin, context: context, path: request.uri.path)
            var page = DashboardPage.render("login", ["error": refusal.title], status: refusal.status)
            page.headers.append(contentsOf: refusal.headers)
            return page
        }
        let started = sessions.start(now: WallClock.now())
        context.logger.info("dashboard session started")
        return DashboardPage.redirect(to: "/dashboard", cookie: sessions.cookie(started.id, secure: isHTTPS(request)))
    }

    @Sendable func logout(_ request: Request, context: HooklineRequestContext) async throws -> Response {
        let (_, refusal) = try await checkedForm(request)
        if let refusal { return refusal }
        sessions.end(of: request)
        return DashboardPage.redirect(to: "/dashboard/login", cookie: sessions.cookie(nil, secure: isHTTPS(request)))
    }

    // MARK: Pages

    @Sendable func overview(_ request: Request, context: HooklineRequestContext) async throws -> Response {
        let now = WallClock.nowMilliseconds()
        let lastMinute = now / 60_000
        let overview = try await storage.dashboardOverview(from: (lastMinute - 59) * 60_000, to: now + 1, now: now)
        let succeeded = overview.minutes.reduce(0) { $0 + $1.succeeded }
        let attempts = overview.minutes.reduce(0) { $0 + $1.succeeded + $1.failed }
        let ratio = attempts == 0 ? "–" : String(format: "%.1f %%", Double(succeeded) * 100 / Double(attempts))
        var page = chrome(request)
        page["successRatio"] = ratio
        page["attempts"] = attempts
        page["queued"] = overview.queued
        page["inFlight"] = overview.inFlight
        page["blockedDomains"] = overview.blockedDomains
        page["chart"] = DeliveryChart(minutes: overview.minutes, lastMinute: lastMinute)
        if let receiver = settings.demoReceiver { page["demo"] = ["path": DemoReceiver.dashboardPath, "count": receiver.requests.count] }
        return DashboardPage.render("overview", page)
    }

    @Sendable func demoReceiverPage(_ request: Request, context: HooklineRequestContext) async throws -> Response {
        guard let receiver = settings.demoReceiver else { return notFound("This server is not in demo mode.") }
        let baseURL = request.head.authority.map { (isHTTPS(request) ? "https://" : "http://") + $0 }
        return DashboardPage.render("demo", chrome(request).merging(DemoReceiverPage.context(receiver.requests, baseURL: baseURL)) { $1 })
    }

    @Sendable func storesPage(_ request: Request, context: HooklineRequestContext) async throws -> Response {
        let number = pageNumber(request)
        let result = try await storage.stores(page: PageRequest(page: number, limit: Self.pageSize))
        var page = chrome(request)
        page["stores"] = result.items.map {
            ["hash": $0.storeHash, "storeID": $0.storeID, "created": DashboardFormat.timestamp(milliseconds: $0.createdAt * 1000)]
                as [String: Any]
        }
        page["pager"] = pager(result, path: "/dashboard/stores", query: [:])
        return DashboardPage.render("stores", page)
    }

    @Sendable func storePage(_ request: Request, context: HooklineRequestContext) async throws -> Response {
        let hash = context.parameters.get("store_hash") ?? ""
        guard try await storage.store(hash: hash) != nil else { return notFound("Store '\(hash)' does not exist.") }
        let now = WallClock.nowMilliseconds()
        var accounts: [[String: Any]] = []
        for account in try await storage.accounts(storeHash: hash) {
            let owner = HookOwner(storeHash: hash, clientID: account.clientID)
            let hooks = try await storage.hooks(owner: owner, filter: WebhookFilter(), page: PageRequest(limit: PageRequest.maxLimit))
            let blocked = try await storage.blockedDomains(owner: owner, now: now)
            accounts.append([
                "name": account.name, "clientID": account.clientID,
                "hooks": hooks.items.map { hook in
                    ["storeHash": hash, "id": hook.id, "scope": hook.scope, "destination": hook.destination, "status": hook.status.rawValue]
                        as [String: Any]
                },
                "hasBlocked": !blocked.isEmpty,
                "blocked": blocked.map {
                    ["host": $0.host, "until": DashboardFormat.timestamp(milliseconds: $0.blockedUntil * 1000)] as [String: Any]
                },
            ])
        }
        var page = chrome(request)
        page["hash"] = hash
        page["accounts"] = accounts
        return DashboardPage.render("store", page)
    }

    @Sendable func hookPage(_ request: Request, context: HooklineRequestContext) async throws -> Response {
        guard let found = try await webhook(context) else { return notFound("No such webhook.") }
        let (hash, hook) = found
        let id = hook.id
        var filter = AttemptFilter(storeHash: hash, hookID: id)
        let query = request.uri.queryParameters
        let outcome = query["outcome"].map(String.init) ?? ""
        switch outcome {
        case "succeeded": filter.succeeded = true
        case "failed": filter.succeeded = false
        default: break
        }
        let from = query["from"].map(String.init) ?? ""
        let to = query["to"].map(String.init) ?? ""
        filter.startedFrom = DashboardFormat.milliseconds(fromInput: from)
        filter.startedBefore = DashboardFormat.milliseconds(fromInput: to)
        let result = try await storage.attempts(filter, page: PageRequest(page: pageNumber(request), limit: Self.pageSize))
        var page = chrome(request)
        page["storeHash"] = hash
        page["id"] = hook.id
        page["status"] = hook.status.rawValue
        page["active"] = hook.isActive
        page["scope"] = hook.scope
        page["destination"] = hook.destination
        page["clientID"] = hook.owner.clientID
        page["headers"] = (hook.headers ?? [:]).sorted { $0.key < $1.key }.map { ["name": $0.key, "value": $0.value] }
        page["eventsHistory"] = hook.eventsHistoryEnabled ? "on" : "off"
        let delivery = try await storage.deliverySettings(hookID: id, storeHash: hash) ?? .unconfigured
        page["ordering"] = delivery.ordering == .fifo ? "FIFO: one at a time, in publish order" : "any"
        page["maxInFlight"] = delivery.maxInFlight.map(String.init) ?? "no limit"
        page["maxPerSecond"] = delivery.maxPerSecond.map { "\($0) per node" } ?? "no limit"
        page["outcomeSucceeded"] = outcome == "succeeded"
        page["outcomeFailed"] = outcome == "failed"
        page["from"] = filter.startedFrom.map { DashboardFormat.inputValue(milliseconds: $0) } ?? ""
        page["to"] = filter.startedBefore.map { DashboardFormat.inputValue(milliseconds: $0) } ?? ""
        page["attempts"] = result.items.map { attemptRow($0, storeHash: hash) }
        page["pager"] = pager(
            result, path: "/dashboard/stores/\(hash)/hooks/\(id)", query: ["outcome": outcome, "from": from, "to": to])
        return DashboardPage.render("hook", page)
    }

    @Sendable func eventPage(_ request: Request, context: HooklineRequestContext) async throws -> Response {
        let hash = context.parameters.get("store_hash") ?? ""
        let eventID = (context.parameters.get("event_id") ?? "").removingPercentEncoding ?? ""
        guard try await storage.store(hash: hash) != nil else { return notFound("Store '\(hash)' does not exist.") }
        guard let payload = try await storage.eventPayload(storeHash: hash, eventID: eventID) else {
            return notFound("Store '\(hash)' has no event '\(eventID)' (or retention has deleted it).")
        }
        let deliveries = try await storage.deliveries(storeHash: hash, id: nil, eventID: eventID)
        var page = chrome(request)
        page["storeHash"] = hash
        page["eventID"] = eventID
        let excerpt = DashboardFormat.excerpt(DashboardFormat.indentedJSON(payload), characters: Self.payloadExcerptCharacters)
        page["payload"] = excerpt.text
        if let total = excerpt.totalCharacters { page["payloadCut"] = ["shown": Self.payloadExcerptCharacters, "total": total] }
        page["deliveries"] = deliveries.map { record in
            [
                "id": record.id, "hookID": record.hookID, "state": record.state.rawValue, "attempts": record.attempts,
                "lastStatus": record.lastStatus.map(String.init) ?? record.lastError ?? "–", "next": next(record),
            ] as [String: Any]
        }
        return DashboardPage.render("event", page)
    }

    @Sendable func deliveryPage(_ request: Request, context: HooklineRequestContext) async throws -> Response {
        let hash = context.parameters.get("store_hash") ?? ""
        guard let id = context.parameters.get("delivery_id").flatMap({ Int64($0) }),
            let record = try await storage.deliveries(storeHash: hash, id: id, eventID: nil).first
        else { return notFound("No such delivery in store '\(hash)'.") }
        // The event's attempts index narrows the read; the delivery's own are paged like a webhook's.
        let attempts = try await storage.attempts(
            AttemptFilter(storeHash: hash, eventID: record.eventID, deliveryID: record.id),
            page: PageRequest(page: pageNumber(request), limit: Self.pageSize))
        var page = chrome(request)
        page["storeHash"] = hash
        page["id"] = record.id
        page["hookID"] = record.hookID
        page["state"] = record.state.rawValue
        page["eventID"] = record.eventID
        page["eventPath"] = Self.pathComponent(record.eventID)
        page["attemptCount"] = record.attempts
        page["next"] = next(record)
        page["attempts"] = attempts.items.map { attemptRow($0, storeHash: hash) }
        page["pager"] = pager(attempts, path: "/dashboard/stores/\(hash)/deliveries/\(record.id)", query: [:])
        return DashboardPage.render("delivery", page)
    }

    // MARK: Actions

    @Sendable func retry(_ request: Request, context: HooklineRequestContext) async throws -> Response {
        let (_, refusal) = try await checkedForm(request)
        if let refusal { return refusal }
        let hash = context.parameters.get("store_hash") ?? ""
        guard let id = context.parameters.get("delivery_id").flatMap({ Int64($0) }) else { return notFound("No such delivery.") }
        let back = "/dashboard/stores/\(hash)/deliveries/\(id)"
        switch try await storage.retryDelivery(id: id, storeHash: hash, now: WallClock.nowMilliseconds()) {
        case .notFound: return notFound("No such delivery in store '\(hash)'.")
        case .inFlight: return DashboardPage.redirect(to: back + "?done=busy")
        case .scheduled:
            context.logger.info("dashboard: delivery retried", metadata: ["store": "\(hash)", "delivery": "\(id)"])
            return DashboardPage.redirect(to: back + "?done=retried")
        }
    }

    @Sendable func replay(_ request: Request, context: HooklineRequestContext) async throws -> Response {
        let (form, refusal) = try await checkedForm(request)
        if let refusal { return refusal }
        guard let found = try await webhook(context) else { return notFound("No such webhook.") }
        let (hash, hook) = found
        let id = hook.id
        let back = "/dashboard/stores/\(hash)/hooks/\(id)"
        guard let since = form.since.flatMap(DashboardFormat.milliseconds(fromInput:)) else {
            return DashboardPage.render(
                "message", chrome(request).merging(["heading": "Replay not started", "text": "Give the time to replay from.", "back": back]) { $1 },
                status: .unprocessableContent)
        }
        let now = WallClock.nowMilliseconds()
        let count = try await storage.replay(hookID: id, storeHash: hash, since: since / 1000, until: now / 1000, now: now)
        context.logger.info("dashboard: webhook replayed", metadata: ["store": "\(hash)", "hook": "\(id)", "deliveries": "\(count)"])
        return DashboardPage.redirect(to: back + "?done=replayed")
    }

    @Sendable func reactivate(_ request: Request, context: HooklineRequestContext) async throws -> Response {
        let (_, refusal) = try await checkedForm(request)
        if let refusal { return refusal }
        guard let found = try await webhook(context) else { return notFound("No such webhook.") }
        let (hash, hook) = found
        let id = hook.id
        _ = try await storage.updateHook(
            id: id, owner: hook.owner, changes: WebhookChanges(isActive: true), limits: settings.limits, now: WallClock.now())
        context.logger.info("dashboard: webhook reactivated", metadata: ["store": "\(hash)", "hook": "\(id)"])
        return DashboardPage.redirect(to: "/dashboard/stores/\(hash)/hooks/\(id)?done=reactivated")
    }

    // MARK: Parts

    /// The store hash and the webhook the path names, if that store has it.
    private func webhook(_ context: HooklineRequestContext) async throws -> (String, Webhook)? {
        let hash = context.parameters.get("store_hash") ?? ""
        guard let id = context.parameters.get("webhook_id").flatMap({ Int64($0) }),
            let hook = try await storage.hook(id: id, storeHash: hash)
        else { return nil }
        return (hash, hook)
    }

    /// What every signed-in page's layout needs: the CSRF token for its forms and the notice of the last action.
    private func chrome(_ request: Request) -> [String: Any] {
        var page: [String: Any] = ["signedIn": true, "csrf": sessions.session(of: request, now: WallClock.now())?.csrf ?? ""]
        let notices = [
            "retried": "The delivery is due now.", "busy": "The delivery is being attempted right now; try again shortly.",
            "replayed": "The replay's deliveries were created.", "reactivated": "The webhook is active again.",
        ]
        if let done = request.uri.queryParameters["done"].map(String.init), let notice = notices[done] { page["notice"] = notice }
        return page
    }

    /// The form of a post, or the refusal to send when its CSRF token is not the session's.
    private func checkedForm(_ request: Request) async throws -> (ActionForm, Response?) {
        let form = (try? await decode(ActionForm.self, request)) ?? ActionForm()
        guard let session = sessions.session(of: request, now: WallClock.now()), let csrf = form.csrf,
            Credentials.constantTimeEquals(Array(csrf.utf8), Array(session.csrf.utf8))
        else {
            let refusal = DashboardPage.render(
                "message", ["heading": "Refused", "text": "This form is stale or did not come from the dashboard; reload the page and try again.",
                    "back": "/dashboard"], status: .forbidden)
            return (form, refusal)
        }
        return (form, nil)
    }

    private func decode<Form: Decodable>(_ type: Form.Type, _ request: Request) async throws -> Form {
        let body = try await request.body.collect(upTo: Self.maxFormBytes)
        return try URLEncodedFormDecoder().decode(type, from: String(buffer: body))
    }

    private func attemptRow(_ attempt: AttemptRecord, storeHash: String) -> [String: Any] {
        [
            "storeHash": storeHash, "number": attempt.attemptNumber, "deliveryID": attempt.deliveryID, "eventID": attempt.eventID,
            "eventPath": Self.pathComponent(attempt.eventID), "outcome": attempt.succeeded ? "succeeded" : "failed",
            "status": attempt.result.statusCode.map(String.init) ?? attempt.result.errorClass?.rawValue ?? "–",
            "started": DashboardFormat.timestamp(milliseconds: attempt.result.startedAtMilliseconds),
            "latency": attempt.result.durationMilliseconds,
            "excerpt": attempt.result.responseExcerpt ?? attempt.result.errorMessage ?? "",
        ]
    }

    private func next(_ record: DeliveryRecord) -> String {
        record.state == .pending ? DashboardFormat.timestamp(milliseconds: record.nextAttemptAt) : "–"
    }

    private func pager<Item>(_ page: Page<Item>, path: String, query: [String: String]) -> [String: Any] {
        func link(_ number: Int) -> String {
            var items = URLComponents()
            items.queryItems = (query.filter { !$0.value.isEmpty }.sorted { $0.key < $1.key }.map { URLQueryItem(name: $0.key, value: $0.value) })
                + [URLQueryItem(name: "page", value: String(number))]
            return path + "?" + (items.percentEncodedQuery ?? "")
        }
        let number = page.request.page
        var pager: [String: Any] = ["page": number, "pages": max(1, page.totalPages), "total": page.total]
        if number > 1 { pager["previous"] = link(number - 1) }
        if number < page.totalPages { pager["next"] = link(number + 1) }
        return pager
    }

    private func pageNumber(_ request: Request) -> Int {
        request.uri.queryParameters["page"].flatMap { Int(String($0)) }.map { min(max($0, 1), 1_000_000) } ?? 1
    }

    private func notFound(_ text: String) -> Response {
        DashboardPage.render("message", ["signedIn": false, "heading": "Not found", "text": text, "back": "/dashboard/stores"], status: .notFound)
    }

    private func isHTTPS(_ request: Request) -> Bool { settings.secureCookies || request.head.scheme == "https" }

    /// An event id as one path segment of a link.
    static func pathComponent(_ text: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "/?#%")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
