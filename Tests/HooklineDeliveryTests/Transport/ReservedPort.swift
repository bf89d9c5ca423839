#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A loopback TCP port that is bound but never listens, held until `release()`: a connection to
/// it is refused, and no other test's receiver can be given the port meanwhile. (A receiver opened
/// and closed to find a free port would hand that port back to the kernel, which may give it to a
/// receiver of a test running in parallel, so the "refused" connection would reach that one.)
final class ReservedPort: @unchecked Sendable {
    private let descriptor: Int32
    /// The port number.
    let port: Int

    /// Binds a socket to 127.0.0.1 on a port the kernel picks.
    init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw ReservedPortError(step: "socket", code: errno) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else {
            let code = errno
            close(descriptor)
            throw ReservedPortError(step: "bind", code: code)
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        guard named == 0 else {
            let code = errno
            close(descriptor)
            throw ReservedPortError(step: "getsockname", code: code)
        }
        self.descriptor = descriptor
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    /// Gives the port back to the kernel.
    func release() {
        close(descriptor)
    }
}

/// A system call that failed while reserving a port.
struct ReservedPortError: Error, CustomStringConvertible {
    var step: String
    var code: Int32
    var description: String { "\(step)() failed: errno \(code)" }
}
