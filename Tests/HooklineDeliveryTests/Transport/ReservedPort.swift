#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import HooklineTestSupport

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
        var address = LoopbackSocketAddress(port: 0)
        guard address.withSockaddr({ bind(descriptor, $0, $1) }) == 0 else {
            let code = errno
            close(descriptor)
            throw ReservedPortError(step: "bind", code: code)
        }
        guard address.withSockaddr({ getsockname(descriptor, $0, &$1) }) == 0 else {
            let code = errno
            close(descriptor)
            throw ReservedPortError(step: "getsockname", code: code)
        }
        self.descriptor = descriptor
        port = address.port
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
