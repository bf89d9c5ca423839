#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import HooklineTestSupport

/// A plain TCP connection to a loopback port, for playing a misbehaving client (half-sent heads,
/// trickled bodies, idle keep-alive) that no HTTP client library can be made to be.
final class RawConnection: @unchecked Sendable {
    private let descriptor: Int32

    /// Connects to 127.0.0.1:`port`.
    init(port: Int) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw RawConnectionError("socket() failed: errno \(errno)") }
        var address = LoopbackSocketAddress(port: port)
        let result = address.withSockaddr { [descriptor] in connect(descriptor, $0, $1) }
        guard result == 0 else {
            let code = errno
            close(descriptor)
            throw RawConnectionError("connect() to port \(port) failed: errno \(code)")
        }
    }

    deinit { close(descriptor) }

    /// Sends `text`; false if the server has closed the connection.
    @discardableResult
    func send(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) } == bytes.count
    }

    /// Sends a whole `GET /health` on this connection and waits for the start of its answer.
    func getHealth() async throws -> String {
        guard send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n") else { throw RawConnectionError("the server closed the connection") }
        return try await Eventually.wait("an answer") {
            let bytes = readAvailable() ?? []
            return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self)
        }
    }

    /// Reads what has arrived, without waiting; `nil` once the server has closed the connection.
    func readAvailable() -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
        if count > 0 { return Array(buffer[..<count]) }
        if count == 0 { return nil }
        return errno == EAGAIN || errno == EWOULDBLOCK ? [] : nil
    }

    /// Whether the server has closed the connection (reading and dropping anything it sent first).
    var isClosedByServer: Bool {
        while let bytes = readAvailable() {
            if bytes.isEmpty { return false }
        }
        return true
    }

    /// Raises this process's soft open-file limit to at least `count` (up to the hard limit); returns the limit now.
    static func raiseFileLimit(to count: UInt64) -> UInt64 {
        var limit = rlimit()
        getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit)
        if UInt64(limit.rlim_cur) < count {
            limit.rlim_cur = rlim_t(min(count, UInt64(limit.rlim_max)))
            setrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit)
            getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit)
        }
        return UInt64(limit.rlim_cur)
    }
}

/// A raw connection that could not be made.
struct RawConnectionError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
