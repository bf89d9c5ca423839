/// Random identifiers from the system's CSPRNG (`getrandom`), without Foundation's `UUID()`, which
/// opens /dev/urandom on every call on Linux.
public enum RandomIdentifier {
    /// A random (version 4) UUID, lowercased: `xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx`.
    ///
    /// The 16 bytes come from two 64-bit draws: each draw is one `getrandom` call, and one is made
    /// per event published, so drawing byte by byte (16 calls) showed in the publish profile.
    public static func uuid() -> String {
        var generator = SystemRandomNumberGenerator()
        return text(of: (generator.next(), generator.next()), version: 4)
    }

    /// A time-ordered (version 7, RFC 9562) UUID, lowercased: the first 48 bits are `milliseconds`
    /// (Unix time), the other 74 free bits random.
    ///
    /// Identifiers made later sort after those made earlier, so a unique index over them grows at
    /// its end. Random (version 4) keys land on a different index page nearly every time: a batch of
    /// 1,000 events then rewrote about as many index pages, and publishing slowed down as the index
    /// grew past what one commit's pages could cover.
    public static func timeOrderedUUID(milliseconds: Int64) -> String {
        var generator = SystemRandomNumberGenerator()
        let high = (UInt64(truncatingIfNeeded: milliseconds) << 16) | ((generator.next() as UInt64) & 0xFFFF)
        return text(of: (high.bigEndian, generator.next()), version: 7)
    }

    /// The 16 bytes of `words` (in memory order) as a UUID of `version`, with the RFC variant bits.
    private static func text(of words: (UInt64, UInt64), version: UInt8) -> String {
        var words = words
        return withUnsafeMutableBytes(of: &words) { bytes in
            bytes[6] = (bytes[6] & 0x0F) | (version << 4)
            bytes[8] = (bytes[8] & 0x3F) | 0x80  // RFC 4122 / 9562 variant
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
