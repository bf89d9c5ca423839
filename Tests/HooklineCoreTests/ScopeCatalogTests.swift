import Foundation
import HooklineCore
import Testing

@Suite struct ScopeCatalogTests {
    let catalog = ScopeCatalog.bigCommerce

    /// Every callback scope in BigCommerce's reference (`callbacks/_all.yml`) is in the catalogue.
    @Test func containsEveryCallbackScopeOfTheReference() throws {
        let reference = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("../shared/reference/bigcommerce/callbacks/_all.yml")
        let text = try String(contentsOf: reference, encoding: .utf8)
        let keys = text.split(separator: "\n")
            .filter { $0.hasPrefix("  store/") }
            .map { String($0.dropFirst(2).dropLast()) }
        #expect(keys.count >= 80)
        for key in keys { #expect(catalog.eventScope(key) == key, "missing \(key)") }
    }

    @Test func catalogueHasNoWildcardsOrDuplicates() {
        #expect(Set(catalog.scopes).count == catalog.scopes.count)
        #expect(!catalog.scopes.contains { $0.contains("*") || $0.hasSuffix("/") })
        #expect(catalog.scopes.contains("store/hook/deliveryException"))
        #expect(catalog.scopes.contains { $0.hasPrefix("store/channel/{channel_id}/") })
    }

    @Test(arguments: [
        ("store/order/created", "store/order/created"),
        ("store/order/created/", "store/order/created"),
        ("  store/order/created// ", "store/order/created"),
        ("store/order/*", "store/order/*"),
        ("store/*", "store/*"),
        ("store/cart/lineItem/*", "store/cart/lineItem/*"),
        ("store/channel/*/cart/created", "store/channel/*/cart/created"),
        ("store/channel/12/settings/*", "store/channel/12/settings/*"),
        ("store/channel/*", "store/channel/*"),
    ])
    func acceptsSubscriptionScopes(_ raw: String, _ normalised: String) {
        #expect(catalog.subscriptionScope(raw) == normalised)
    }

    /// Whitespace of any kind (also beyond ASCII) and trailing slashes go; anything else stays as it is.
    @Test(arguments: [
        ("store/order/created", "store/order/created"),
        ("store/order/created/", "store/order/created"),
        ("\tstore/order/created", "store/order/created"),
        ("store/order/created\n", "store/order/created"),
        ("\u{00A0}store/order/created\u{3000}", "store/order/created"),
        (" store/order/created// ", "store/order/created"),
        ("store/ORDER/created", "store/ORDER/created"),
        ("é/order", "é/order"),
        ("", ""),
        ("/", ""),
    ])
    func normalisesScopes(_ raw: String, _ normalised: String) {
        #expect(ScopeCatalog.normalise(raw) == normalised)
    }

    @Test(arguments: [
        "", "store", "store/", "store/order", "store/order/exploded", "store/orders/*", "store/order/*/created",
        "store/channel/abc/cart/created", "store/channel/{channel_id}/cart/created", "*", "store/order/cre*",
        "STORE/ORDER/CREATED", "store//order/created",
    ])
    func refusesUnknownScopes(_ raw: String) {
        #expect(catalog.subscriptionScope(raw) == nil)
    }

    @Test func eventScopesMustBeConcrete() {
        #expect(catalog.eventScope("store/order/created") == "store/order/created")
        #expect(catalog.eventScope("store/channel/7/order/created") == "store/channel/7/order/created")
        #expect(catalog.eventScope("store/order/*") == nil)
        #expect(catalog.eventScope("store/channel/*/order/created") == nil)
        #expect(catalog.eventScope("store/channel/x/order/created") == nil)
    }

    @Test(arguments: [
        ("store/order/*", "store/order/created", true),
        ("store/order/*", "store/order/message/created", true),
        ("store/order/*", "store/orders/created", false),
        ("store/order/*", "store/order", false),
        ("store/*", "store/cart/lineItem/created", true),
        ("store/order/created", "store/order/created", true),
        ("store/order/created", "store/order/updated", false),
        ("store/channel/*/cart/created", "store/channel/3/cart/created", true),
        ("store/channel/*/cart/created", "store/channel/3/cart/updated", false),
        ("store/channel/3/*", "store/channel/3/cart/created", true),
        ("store/channel/3/*", "store/channel/4/cart/created", false),
        ("store/channel/*", "store/channel/created", true),
    ])
    func matchesEventsToSubscriptions(_ subscription: String, _ event: String, _ expected: Bool) {
        #expect(ScopeCatalog.matches(subscription: subscription, event: event) == expected)
    }
}
