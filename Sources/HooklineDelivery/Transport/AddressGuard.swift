import Foundation
import HooklineCore
import NIOPosix
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Checks, at delivery time, that a destination host resolves only to addresses the destination
/// policy allows (no loopback, private, link-local or metadata addresses).
///
/// Answers are cached briefly so a busy host costs one lookup per `cacheSeconds`.
final class AddressGuard: Sendable {
    private let policy: DestinationPolicy
    private let cacheSeconds: Double
    private let cache = Mutex<[String: (verdict: String?, expires: Double)]>([:])

    init(policy: DestinationPolicy, cacheSeconds: Double = 30) {
        self.policy = policy
        self.cacheSeconds = cacheSeconds
    }

    /// `nil` if deliveries may go to `host`, otherwise why not.
    func problem(withHost host: String) async -> String? {
        if policy.allowPrivate { return nil }
        if let literal = policy.problem(withHost: host) { return literal }
        if IPAddressClass.classify(host) != nil { return nil }
        let now = Date().timeIntervalSince1970
        if let cached = cache.withLock({ $0[host] }), cached.expires > now { return cached.verdict }
        let verdict: String?
        do {
            let addresses = try await NIOThreadPool.singleton.runIfActive { try Self.resolve(host) }
            if let forbidden = addresses.first(where: { !policy.permits(resolvedAddress: $0) }) {
                verdict = "\(host) resolves to \(forbidden), which deliveries may not reach"
            } else {
                verdict = nil
            }
        } catch {
            return nil  // the HTTP client reports the lookup failure itself
        }
        cache.withLock { $0[host] = (verdict, now + cacheSeconds) }
        return verdict
    }

    /// Every address `host` resolves to, as text.
    private static func resolve(_ host: String) throws -> [String] {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, nil, &hints, &list)
        guard status == 0, let first = list else { throw LookupFailure() }
        defer { freeaddrinfo(list) }
        var addresses: [String] = []
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let entry = cursor {
            var buffer = [CChar](repeating: 0, count: Int(NI_MAXHOST))
            if getnameinfo(entry.pointee.ai_addr, entry.pointee.ai_addrlen, &buffer, socklen_t(buffer.count), nil, 0, NI_NUMERICHOST) == 0 {
                addresses.append(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
            }
            cursor = entry.pointee.ai_next
        }
        return addresses
    }

    private struct LookupFailure: Error {}
}
