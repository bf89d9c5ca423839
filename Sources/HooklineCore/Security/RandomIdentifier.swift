import Foundation

/// Random identifiers from the system's CSPRNG (`getrandom`), without Foundation's `UUID()`, which
/// opens /dev/urandom on every call on Linux.
public enum RandomIdentifier {
    /// A random (version 4) UUID, lowercased: `xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx`.
    public static func uuid() -> String {
        var generator = SystemRandomNumberGenerator()
        var uuid: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &uuid) { bytes in
            for index in bytes.indices { bytes[index] = generator.next() }
            bytes[6] = (bytes[6] & 0x0F) | 0x40  // version 4
            bytes[8] = (bytes[8] & 0x3F) | 0x80  // RFC 4122 variant
        }
        return UUID(uuid: uuid).uuidString.lowercased()
    }
}
