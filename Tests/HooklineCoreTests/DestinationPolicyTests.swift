import HooklineCore
import Testing

@Suite struct DestinationPolicyTests {
    @Test(arguments: [
        "https://example.com/webhooks", "https://example.com:443/x", "https://EXAMPLE.com", "https://8.8.8.8/x",
        "https://[2606:4700::1111]/x", "https://example.com/path?query=1",
    ])
    func bigCommerceModeAccepts(_ url: String) {
        #expect((try? DestinationPolicy.bigCommerce.validate(url).get()) == url)
    }

    @Test(arguments: [
        "http://example.com/x", "https://example.com:8443/x", "ftp://example.com", "example.com", "", "https://",
        "https://127.0.0.1/x", "https://127.1/x", "https://2130706433/x", "https://10.0.0.1/x", "https://172.16.5.4/x",
        "https://192.168.1.1/x", "https://100.64.0.1/x", "https://169.254.169.254/latest", "https://169.254.1.1/x",
        "https://0.0.0.0/x", "https://[::1]/x", "https://[fe80::1]/x", "https://[fd00::1]/x", "https://[::ffff:127.0.0.1]/x",
        "https://localhost/x", "https://app.localhost/x", "https://metadata.google.internal/x", "https://a:b@example.com/x",
        "https://example.com/x#frag", "https://224.0.0.1/x",
    ])
    func bigCommerceModeRefuses(_ url: String) {
        if case .success = DestinationPolicy.bigCommerce.validate(url) { Issue.record("\(url) was accepted") }
    }

    @Test func operatorCanAllowInsecureAndPrivate() {
        let policy = DestinationPolicy(allowInsecure: true, allowPrivate: true)
        #expect((try? policy.validate("http://127.0.0.1:9000/hook").get()) != nil)
        #expect((try? policy.validate("http://localhost:9000/hook").get()) != nil)
        if case .success = policy.validate("ftp://127.0.0.1/x") { Issue.record("ftp accepted") }
        let insecureOnly = DestinationPolicy(allowInsecure: true, allowPrivate: false)
        #expect((try? insecureOnly.validate("http://example.com:8080/x").get()) != nil)
        if case .success = insecureOnly.validate("http://127.0.0.1:8080/x") { Issue.record("loopback accepted") }
    }

    @Test func resolvedAddressesAreChecked() {
        #expect(DestinationPolicy.bigCommerce.permits(resolvedAddress: "93.184.216.34"))
        #expect(!DestinationPolicy.bigCommerce.permits(resolvedAddress: "127.0.0.1"))
        #expect(!DestinationPolicy.bigCommerce.permits(resolvedAddress: "::1"))
        #expect(!DestinationPolicy.bigCommerce.permits(resolvedAddress: "not an address"))
        #expect(DestinationPolicy(allowPrivate: true).permits(resolvedAddress: "127.0.0.1"))
    }

    @Test func permittedRestrictedAddressesAreAllowedExactly() {
        let policy = DestinationPolicy(allowInsecure: true, permittedRestrictedAddresses: ["127.0.0.1"])
        #expect(policy.permits(resolvedAddress: "127.0.0.1"))
        #expect(!policy.permits(resolvedAddress: "127.0.0.2"))
        #expect(!policy.permits(resolvedAddress: "::1"))
        #expect(policy.problem(withHost: "127.0.0.1") == nil)
        #expect(policy.problem(withHost: "127.0.0.2") != nil)
    }

    @Test(arguments: [
        ("127.0.0.1", IPAddressClass.loopback), ("10.2.3.4", .privateNetwork), ("169.254.169.254", .metadata),
        ("169.254.3.3", .linkLocal), ("8.8.8.8", .global), ("::1", .loopback), ("fe80::1", .linkLocal),
        ("fc00::1", .privateNetwork), ("2001:db8::1", .unroutable), ("2606:4700::1111", .global),
        ("::ffff:10.0.0.1", .privateNetwork), ("[::1]", .loopback), ("fd00:ec2::254", .metadata),
    ])
    func classifiesAddresses(_ text: String, _ expected: IPAddressClass) {
        #expect(IPAddressClass.classify(text) == expected)
    }

    @Test func hostNamesAreNotAddresses() {
        #expect(IPAddressClass.classify("example.com") == nil)
        #expect(IPAddressClass.classify("1example.com") == nil)
    }
}
