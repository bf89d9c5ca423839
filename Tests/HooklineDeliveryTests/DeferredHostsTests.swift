import Testing

@testable import HooklineDelivery

/// The hosts whose deliveries wait for room before a claim, on their own.
@Suite struct DeferredHostsTests {
    @Test func aClaimIsDueOnceARememberedHostIsNoLongerBusy() {
        let deferred = DeferredHosts()
        #expect(!deferred.takeReady(busyHosts: []), "nothing remembered, no claim")
        deferred.add(["a.example", "b.example"])
        #expect(!deferred.takeReady(busyHosts: ["a.example", "b.example", "c.example"]), "both still busy")
        #expect(deferred.takeReady(busyHosts: ["a.example"]), "b.example has room")
        // b.example is forgotten, a.example still remembered.
        #expect(!deferred.takeReady(busyHosts: ["a.example"]))
        #expect(deferred.takeReady(busyHosts: []))
        #expect(!deferred.takeReady(busyHosts: []), "everything forgotten")
        deferred.add(["c.example"])
        deferred.add(["c.example"])
        #expect(deferred.takeReady(busyHosts: ["a.example"]) && !deferred.takeReady(busyHosts: []))
    }
}
