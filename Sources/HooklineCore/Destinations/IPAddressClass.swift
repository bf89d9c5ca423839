#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What kind of network an IP address belongs to, for deciding whether deliveries may reach it.
public enum IPAddressClass: String, Sendable, Equatable {
    /// A globally routable address.
    case global
    /// 127.0.0.0/8, ::1.
    case loopback
    /// RFC 1918, RFC 6598 (carrier-grade NAT), fc00::/7 and other non-global ranges.
    case privateNetwork = "private"
    /// 169.254.0.0/16, fe80::/10.
    case linkLocal = "link-local"
    /// Cloud metadata services (169.254.169.254, fd00:ec2::254, 100.100.100.200).
    case metadata
    /// 0.0.0.0/8, ::, multicast, broadcast and reserved ranges: never a destination.
    case unroutable

    /// Whether only an operator's explicit permission lets deliveries reach this class.
    public var isRestricted: Bool { self != .global }

    /// Classifies a textual IP address; `nil` if the text is not an IP address.
    ///
    /// IPv4 is parsed as the system resolver would (`inet_aton`), so `2130706433` and `127.1` are
    /// recognised as 127.0.0.1. IPv6 may be given with or without brackets.
    public static func classify(_ text: String) -> IPAddressClass? {
        var host = text
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        if let zone = host.firstIndex(of: "%") { host = String(host[..<zone]) }
        if host.contains(":") {
            var address = in6_addr()
            guard inet_pton(AF_INET6, host, &address) == 1 else { return nil }
            return classify(ipv6: withUnsafeBytes(of: &address) { Array($0) })
        }
        guard let first = host.unicodeScalars.first, ("0"..."9").contains(first) else { return nil }
        var address = in_addr()
        guard inet_aton(host, &address) != 0 else { return nil }
        return classify(ipv4: UInt32(bigEndian: address.s_addr))
    }

    /// Classifies an IPv4 address given as a host-order integer.
    public static func classify(ipv4 value: UInt32) -> IPAddressClass {
        func within(_ base: UInt32, _ prefix: UInt32) -> Bool {
            let mask: UInt32 = prefix == 0 ? 0 : ~UInt32(0) << (32 - prefix)
            return value & mask == base & mask
        }
        if value == 0xA9FE_A9FE || value == 0x6464_64C8 { return .metadata }  // 169.254.169.254, 100.100.100.200
        if within(0x7F00_0000, 8) { return .loopback }
        if within(0xA9FE_0000, 16) { return .linkLocal }
        if within(0x0A00_0000, 8) || within(0xAC10_0000, 12) || within(0xC0A8_0000, 16) || within(0x6440_0000, 10)
            || within(0xC000_0000, 24) || within(0xC612_0000, 15)
        {
            return .privateNetwork
        }
        if within(0x0000_0000, 8) || within(0xE000_0000, 4) || within(0xF000_0000, 4)
            || within(0xC000_0200, 24) || within(0xC633_6400, 24) || within(0xCB00_7100, 24)
        {
            return .unroutable
        }
        return .global
    }

    /// Classifies an IPv6 address given as its 16 bytes.
    public static func classify(ipv6 bytes: [UInt8]) -> IPAddressClass {
        precondition(bytes.count == 16)
        let isZeroPrefix = bytes[0..<10].allSatisfy { $0 == 0 }
        if isZeroPrefix && bytes[10] == 0xFF && bytes[11] == 0xFF {  // ::ffff:a.b.c.d
            return classify(ipv4: bytes[12..<16].reduce(0) { $0 << 8 | UInt32($1) })
        }
        if bytes[0..<15].allSatisfy({ $0 == 0 }) {
            return bytes[15] == 1 ? .loopback : .unroutable
        }
        if bytes[0..<12] == [0, 0x64, 0xFF, 0x9B, 0, 0, 0, 0, 0, 0, 0, 0] {  // NAT64 64:ff9b::/96
            return classify(ipv4: bytes[12..<16].reduce(0) { $0 << 8 | UInt32($1) })
        }
        if bytes == [0xFD, 0x00, 0x0E, 0xC2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02, 0x54] { return .metadata }
        if bytes[0] == 0xFE && bytes[1] & 0xC0 == 0x80 { return .linkLocal }
        if bytes[0] & 0xFE == 0xFC { return .privateNetwork }
        if bytes[0] == 0xFF || (bytes[0] == 0x20 && bytes[1] == 0x01 && bytes[2] == 0x0D && bytes[3] == 0xB8) {
            return .unroutable
        }
        if isZeroPrefix { return .unroutable }  // deprecated IPv4-compatible ::a.b.c.d
        return .global
    }
}
