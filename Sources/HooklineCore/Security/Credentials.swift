import Crypto
import Foundation

/// Generation, hashing and comparison of the secrets Hookline hands out.
///
/// Every secret comes from the system CSPRNG. Tokens are kept only as SHA-256 digests, and a
/// presented token is compared with a stored digest in constant time.
public enum Credentials {
    /// Characters of generated ids and tokens: lowercase letters and digits, like BigCommerce's.
    private static let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789".utf8)

    /// A random string of `length` lowercase letters and digits (≈5.2 bits each).
    public static func randomString(length: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<length).map { _ in alphabet[Int(generator.next(upperBound: UInt32(alphabet.count)))] }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A new `client_id` (31 characters, as BigCommerce issues).
    public static func newClientID() -> String { randomString(length: 31) }

    /// A new `client_secret` (≈256 bits).
    public static func newClientSecret() -> String { randomString(length: 50) }

    /// A new access token (≈256 bits).
    public static func newAccessToken() -> String { randomString(length: 50) }

    /// A new operator admin token (≈256 bits), prefixed so it is recognisable in configuration.
    public static func newAdminToken() -> String { "hla_" + randomString(length: 50) }

    /// A new store hash (10 characters).
    public static func newStoreHash() -> String { randomString(length: 10) }

    /// The SHA-256 digest of a token, as lowercase hex: the only form in which tokens are stored.
    public static func tokenHash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).lowercaseHex
    }

    /// Whether `token` hashes to `storedHash`, compared in constant time.
    public static func token(_ token: String, matches storedHash: String) -> Bool {
        constantTimeEquals(Array(tokenHash(token).utf8), Array(storedHash.utf8))
    }

    /// Compares two byte strings in time that depends only on their lengths.
    public static func constantTimeEquals(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for index in lhs.indices { difference |= lhs[index] ^ rhs[index] }
        return difference == 0
    }
}
