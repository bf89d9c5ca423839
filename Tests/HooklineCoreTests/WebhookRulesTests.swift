import HooklineCore
import Testing

@Suite struct WebhookRulesTests {
    typealias Slot = WebhookLimits.Slot
    let exceptionScope = DeliveryExceptionCode.scope

    func violation(
        _ limits: WebhookLimits = .bigCommerce, scope: String, destination: String, replacing id: Int64? = nil, _ existing: [Slot]
    ) -> WebhookLimits.Violation? {
        do {
            try limits.check(scope: scope, destination: destination, replacing: id, existing: existing)
            return nil
        } catch {
            return error
        }
    }

    @Test func oneWebhookPerScopeAndDestination() {
        let existing = [Slot(id: 1, scope: "store/order/*", destination: "https://a.example/")]
        #expect(violation(scope: "store/order/*", destination: "https://a.example/", existing) == .duplicate)
        #expect(violation(scope: "store/order/*", destination: "https://b.example/", existing) == nil)
        #expect(violation(scope: "store/order/*", destination: "https://a.example/", replacing: 1, existing) == nil,
                "a webhook does not collide with itself")
    }

    @Test func atMostTheLimitPerScope() {
        let existing = (1...3).map { Slot(id: $0, scope: "store/order/*", destination: "https://a.example/\($0)") }
        let limits = WebhookLimits(maxHooksPerScope: 3)
        #expect(violation(limits, scope: "store/order/*", destination: "https://a.example/9", existing) == .scopeFull)
        #expect(violation(limits, scope: "store/cart/*", destination: "https://a.example/9", existing) == nil)
        #expect(violation(limits, scope: "store/order/*", destination: "https://a.example/9", replacing: 2, existing) == nil)
        #expect(violation(limits, scope: "store/order/*", destination: "https://a.example/1", existing) == .duplicate,
                "a duplicate is named before a full scope")
    }

    @Test func oneExceptionHookOnADestinationOfItsOwn() {
        let exception = Slot(id: 5, scope: exceptionScope, destination: "https://notices.example/")
        let order = Slot(id: 6, scope: "store/order/*", destination: "https://a.example/")
        #expect(violation(scope: exceptionScope, destination: "https://other.example/", [exception]) == .exceptionHookExists)
        #expect(violation(scope: exceptionScope, destination: "https://other.example/", replacing: 5, [exception]) == nil)
        #expect(violation(scope: exceptionScope, destination: "https://a.example/", [order]) == .exceptionHookDestinationShared)
        #expect(violation(scope: "store/cart/*", destination: "https://notices.example/", [exception]) == .exceptionHookDestinationShared)
        #expect(violation(scope: "store/cart/*", destination: "https://a.example/", [order, exception]) == nil)
    }

    @Test func anUpdateChangesOnlyWhatItNames() {
        let owner = HookOwner(storeHash: "abc", clientID: "c")
        let hook = Webhook(
            id: 3, owner: owner, scope: "store/order/*", destination: "https://a.example/x", headers: ["k": "v"],
            status: .deactivated, eventsHistoryEnabled: false, createdAt: 10, updatedAt: 10)
        let untouched = WebhookUpdate(hook, changes: WebhookChanges(isActive: false), now: 20)
        #expect(untouched.updated.status == .deactivated, "is_active false keeps a deactivated webhook deactivated")
        #expect(untouched.updated.updatedAt == 20 && untouched.updated.headers == ["k": "v"])
        #expect(!untouched.needsLimitCheck && untouched.pendingDeliveriesHost == nil)
        let moved = WebhookUpdate(
            hook, changes: WebhookChanges(destination: "https://b.example/y", headers: .some(nil), isActive: true, eventsHistoryEnabled: true),
            now: 30)
        #expect(moved.updated.status == .active && moved.updated.headers == nil && moved.updated.eventsHistoryEnabled)
        #expect(moved.updated.scope == "store/order/*" && moved.updated.createdAt == 10)
        #expect(moved.needsLimitCheck && moved.pendingDeliveriesHost == "b.example")
        let active = Webhook(
            id: 4, owner: owner, scope: "store/order/*", destination: "https://a.example/x", headers: nil, status: .active,
            eventsHistoryEnabled: false, createdAt: 1, updatedAt: 1)
        #expect(WebhookUpdate(active, changes: WebhookChanges(isActive: false), now: 2).updated.status == .inactive)
        #expect(WebhookUpdate(active, changes: WebhookChanges(scope: "store/cart/*"), now: 2).needsLimitCheck)
    }
}
