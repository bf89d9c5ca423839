import HooklineCore
import Testing

@Suite struct TrustedProxiesTests {
    @Test func parsesAddressesAndCIDRsAndRefusesNonsense() throws {
        let proxies = try TrustedProxies(parsing: ["10.0.0.0/8, 192.0.2.7", "fd00::/8"])
        #expect(proxies.trusts("10.1.2.3") && proxies.trusts("192.0.2.7") && proxies.trusts("fd12::1"))
        #expect(!proxies.trusts("192.0.2.8") && !proxies.trusts("11.0.0.1") && !proxies.trusts("fe80::1"))
        #expect(throws: TrustedProxyError("10.0.0.0/33")) { try TrustedProxies(parsing: ["10.0.0.0/33"]) }
        #expect(throws: TrustedProxyError("proxy.internal")) { try TrustedProxies(parsing: ["proxy.internal"]) }
    }

    @Test func theClientIsTheFirstUntrustedHopFromTheRight() throws {
        let proxies = try TrustedProxies(parsing: ["10.0.0.0/8"])
        #expect(proxies.clientAddress(peer: "10.0.0.5", forwardedFor: ["198.51.100.4"]) == "198.51.100.4")
        #expect(proxies.clientAddress(peer: "10.0.0.5", forwardedFor: ["203.0.113.9, 198.51.100.4, 10.0.0.6"]) == "198.51.100.4",
            "an address the client wrote itself (leftmost) is not believed past an untrusted hop")
        #expect(proxies.clientAddress(peer: "10.0.0.5", forwardedFor: []) == "10.0.0.5")
        #expect(proxies.clientAddress(peer: "10.0.0.5", forwardedFor: ["junk, 198.51.100.4"]) == "198.51.100.4")
        #expect(proxies.clientAddress(peer: "10.0.0.5", forwardedFor: ["198.51.100.4, junk"]) == "10.0.0.5")
    }

    @Test func aConnectionFromAnUntrustedAddressIsTheClientWhateverItClaims() throws {
        let proxies = try TrustedProxies(parsing: ["10.0.0.0/8"])
        #expect(proxies.clientAddress(peer: "198.51.100.4", forwardedFor: ["10.0.0.1"]) == "198.51.100.4")
        #expect(TrustedProxies.none.clientAddress(peer: "127.0.0.1", forwardedFor: ["198.51.100.4"]) == "127.0.0.1")
    }
}
