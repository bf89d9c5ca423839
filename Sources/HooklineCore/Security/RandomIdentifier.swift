/// Random identifiers from the system's CSPRNG (`getrandom`), without Foundation's `UUID()`, which
/// opens /dev/urandom on every call on Linux.
public enum RandomIdentifier {
    /// A random (version 4) UUID, lowercased: `xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx`.
    ///
    /// The 16 bytes come from two 64-bit draws: each draw is one `getrandom` call, and one is made
    /// per event published, so drawing byte by byte (16 calls) showed in the publish profile.
    public static func uuid() -> String {
        var generator = SystemRandomNumberGenerator()
        var words = (generator.next() as UInt64, generator.next() as UInt64)
        return withUnsafeMutableBytes(of: &words) { bytes in
            bytes[6] = (bytes[6] & 0x0F) | 0x40  // version 4
            bytes[8] = (bytes[8] & 0x3F) | 0x80  // RFC 4122 variant
            let hex = bytes.lowercaseHex.utf8
            var text: [UInt8] = []
            text.reserveCapacity(36)
            for (index, digit) in hex.enumerated() {
                if index == 8 || index == 12 || index == 16 || index == 20 { text.append(UInt8(ascii: "-")) }
                text.append(digit)
            }
            return String(decoding: text, as: UTF8.self)
        }
    }
}
