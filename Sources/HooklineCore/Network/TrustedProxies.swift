import Foundation

/// The reverse proxies whose `X-Forwarded-For` names the client, and the rule that finds the client's address.
///
/// Walking `X-Forwarded-For` from the right (the hop nearest to us), each address a trusted proxy
/// added is believed; the first address not itself a trusted proxy is the client. A connection
/// from anywhere else is the client itself, whatever header it sends.
public struct TrustedProxies: Sendable, Equatable {
    /// One address range.
    public struct Range: Sendable, Equatable {
        /// The network's bytes (4 for IPv4, 16 for IPv6).
        public var network: [UInt8]
        /// Leading bits that must match.
        public var prefixLength: Int

        /// Whether `bytes` (of the same family) fall within the range.
        func contains(_ bytes: [UInt8]) -> Bool {
            guard bytes.count == network.count else { return false }
            var remaining = prefixLength
            for (have, want) in zip(bytes, network) where remaining > 0 {
                let bits = min(8, remaining)
                let mask = UInt8(truncatingIfNeeded: 0xFF << (8 - bits))
                if have & mask != want & mask { return false }
                remaining -= bits
            }
            return true
        }
    }

    /// The ranges trusted.
    public var ranges: [Range]

    /// No proxy is trusted: every connection's own address is the client's.
    public static let none = TrustedProxies(ranges: [])

    /// Creates the set from ranges.
    public init(ranges: [Range]) {
        self.ranges = ranges
    }

    /// Parses addresses or CIDRs (`10.0.0.0/8`, `192.0.2.7`, `fd00::/8`), each item possibly comma-separated.
    public init(parsing items: [String]) throws(TrustedProxyError) {
        var ranges: [Range] = []
        for item in items.flatMap({ $0.split(separator: ",") }) {
            let text = item.trimmingCharacters(in: .whitespaces)
            guard !text.isEmpty else { continue }
            let parts = text.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count <= 2, let bytes = Self.bytes(of: String(parts[0])) else { throw TrustedProxyError(text) }
            let length = parts.count == 2 ? Int(parts[1]) : bytes.count * 8
            guard let length, (0...(bytes.count * 8)).contains(length) else { throw TrustedProxyError(text) }
            ranges.append(Range(network: bytes, prefixLength: length))
        }
        self.ranges = ranges
    }

    /// Whether `address` is a trusted proxy.
    public func trusts(_ address: String) -> Bool {
        guard !ranges.isEmpty, let bytes = Self.bytes(of: address) else { return false }
        return ranges.contains { $0.contains(bytes) }
    }

    /// The client's address for a connection from `peer` carrying these `X-Forwarded-For` header values.
    public func clientAddress(peer: String, forwardedFor: [String]) -> String {
        guard trusts(peer) else { return peer }
        let hops = forwardedFor.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
        var client = peer
        for hop in hops.reversed() {
            guard Self.bytes(of: hop) != nil else { break }  // a malformed hop: believe no further
            client = hop
            if !trusts(hop) { break }
        }
        return client
    }

    /// The address's bytes, for IPv4 or IPv6 text.
    static func bytes(of text: String) -> [UInt8]? {
        if text.contains(":") {
            var address = in6_addr()
            guard inet_pton(AF_INET6, text, &address) == 1 else { return nil }
            return withUnsafeBytes(of: &address) { Array($0) }
        }
        var address = in_addr()
        guard inet_pton(AF_INET, text, &address) == 1 else { return nil }
        return withUnsafeBytes(of: &address) { Array($0) }
    }
}

/// A `--trusted-proxy` item that is neither an address nor a CIDR.
public struct TrustedProxyError: Error, CustomStringConvertible, Equatable {
    /// The item.
    public var item: String
    /// Creates the error.
    public init(_ item: String) { self.item = item }
    /// What is wrong.
    public var description: String { "'\(item)' is not an IP address or CIDR (e.g. 10.0.0.0/8 or 192.0.2.7)" }
}
