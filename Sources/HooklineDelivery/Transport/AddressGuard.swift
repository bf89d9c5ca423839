import HooklineCore
import NIOCore
import Synchronization

/// Resolves a destination host once and vets every answer with the destination policy, so the
/// transport connects only to addresses the policy allows (no loopback, private, link-local or
/// metadata addresses unless the operator allowed them).
///
/// The addresses it returns are the only ones the transport connects to: a DNS answer that changes
/// after the check (rebinding) cannot reach a refused address. A host with any refused answer is
/// refused as a whole. Verdicts are cached for `cacheSeconds` (at most 30), so a busy host costs one
/// lookup per period; lookup failures are not cached.
final class AddressGuard: Sendable {
    private let policy: DestinationPolicy
    private let resolver: any HostResolver
    private let cacheDuration: TimeAmount
    private let cache = Mutex<[String: Verdict]>([:])

    /// A cached answer: the vetted addresses (port 0), or why the host is refused.
    private struct Verdict {
        var addresses: Result<[SocketAddress], TransportFailure>
        var expires: NIODeadline
    }

    /// The longest an answer is trusted.
    static let maximumCacheSeconds: Int64 = 30

    init(policy: DestinationPolicy, resolver: any HostResolver, cacheSeconds: Int64 = AddressGuard.maximumCacheSeconds) {
        self.policy = policy
        self.resolver = resolver
        cacheDuration = .seconds(min(max(cacheSeconds, 0), Self.maximumCacheSeconds))
    }

    /// The addresses deliveries to `host` may connect to, in the resolver's order, each with `port`.
    func addresses(of host: String, port: Int, now: NIODeadline) async throws(TransportFailure) -> [SocketAddress] {
        if let problem = policy.problem(withHost: host) { throw TransportFailure(.forbiddenAddress, problem) }
        let literal = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        if IPAddressClass.classify(literal) != nil {
            do {
                return [try SocketAddress(ipAddress: literal, port: port)]
            } catch {
                throw TransportFailure(.connection, "\(host) is not a usable address")
            }
        }
        if let cached = cache.withLock({ $0[host] }), cached.expires > now {
            return try cached.addresses.get().map { $0.withPort(port) }
        }
        let answers = try await resolver.addresses(of: host)
        let verdict = vet(answers, of: host)
        cache.withLock { $0[host] = Verdict(addresses: verdict, expires: now + cacheDuration) }
        return try verdict.get().map { $0.withPort(port) }
    }

    private func vet(_ answers: [String], of host: String) -> Result<[SocketAddress], TransportFailure> {
        if let refused = answers.first(where: { !policy.permits(resolvedAddress: $0) }) {
            return .failure(TransportFailure(.forbiddenAddress, "\(host) resolves to \(refused), which deliveries may not reach"))
        }
        let addresses = answers.compactMap { try? SocketAddress(ipAddress: $0, port: 0) }
        guard !addresses.isEmpty else { return .failure(TransportFailure(.dns, "\(host) has no usable addresses")) }
        return .success(addresses)
    }
}

extension SocketAddress {
    /// The same address on another port.
    fileprivate func withPort(_ port: Int) -> SocketAddress {
        var copy = self
        copy.port = port
        return copy
    }
}
