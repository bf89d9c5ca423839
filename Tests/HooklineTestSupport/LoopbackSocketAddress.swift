#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// 127.0.0.1 and a port as the socket calls take it, for the tests that work a TCP socket by hand
/// (a misbehaving client, a port held bound but not listening).
public struct LoopbackSocketAddress {
    private var address = sockaddr_in()

    /// 127.0.0.1:`port` (0: the kernel picks one at `bind`).
    public init(port: Int) {
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
    }

    /// The port, as the last call that filled the address (`getsockname`) set it.
    public var port: Int { Int(UInt16(bigEndian: address.sin_port)) }

    /// Calls `body` with the address as a `sockaddr` and its length (`connect`, `bind`, `getsockname`).
    public mutating func withSockaddr<T>(_ body: (UnsafeMutablePointer<sockaddr>, inout socklen_t) -> T) -> T {
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        return withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, &length) }
        }
    }
}
