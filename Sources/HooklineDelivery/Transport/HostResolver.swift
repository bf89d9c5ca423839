import NIOCore
import NIOPosix

#if canImport(Glibc)
import Glibc
#endif

/// Turns a host name into the addresses it has; the transport's one place where names are resolved.
///
/// A seam so tests can script answers (DNS rebinding, several addresses); deliveries use
/// `SystemResolver`.
public protocol HostResolver: Sendable {
    /// Every address `host` has, as numeric text (`93.184.216.34`, `2606:4700::1111`).
    func addresses(of host: String) async throws(TransportFailure) -> [String]
}

/// The system's resolver (`getaddrinfo`), run on NIO's thread pool so no event loop blocks.
public struct SystemResolver: HostResolver {
    /// Creates the resolver.
    public init() {}

    /// Every address `host` has, in the order the system gives them.
    public func addresses(of host: String) async throws(TransportFailure) -> [String] {
        let outcome: Result<[String], TransportFailure>
        do {
            outcome = try await NIOThreadPool.singleton.runIfActive { Self.lookUp(host) }
        } catch {
            throw TransportFailure(.dns, "could not resolve \(host): the resolver is shut down")
        }
        return try outcome.get()
    }

    private static func lookUp(_ host: String) -> Result<[String], TransportFailure> {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, nil, &hints, &list)
        guard status == 0, let first = list else {
            return .failure(TransportFailure(.dns, "could not resolve \(host): \(String(cString: gai_strerror(status)))"))
        }
        defer { freeaddrinfo(list) }
        var addresses: [String] = []
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let entry = cursor {
            var buffer = [CChar](repeating: 0, count: Int(NI_MAXHOST))
            if getnameinfo(
                entry.pointee.ai_addr, entry.pointee.ai_addrlen, &buffer, socklen_t(buffer.count), nil, 0, NI_NUMERICHOST)
                == 0
            {
                let text = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
                if !addresses.contains(text) { addresses.append(text) }
            }
            cursor = entry.pointee.ai_next
        }
        return addresses.isEmpty ? .failure(TransportFailure(.dns, "\(host) has no addresses")) : .success(addresses)
    }
}
