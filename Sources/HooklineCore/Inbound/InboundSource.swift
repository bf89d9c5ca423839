/// A sender the inbound gateway accepts webhooks from (`POST /inbound/{name}`): typically a real
/// BigCommerce store, whose app secret signs what it sends, and the Hookline store its events are
/// published into.
public struct InboundSource: Sendable, Equatable {
    /// The source's name, the last segment of its URL: a slug (`isValidName`).
    public var name: String
    /// The store its events are published into.
    public var storeHash: String
    /// The sender's secret: the HMAC key is its UTF-8 bytes, so the sender signs with
    /// `base64(secret)` as its Standard Webhooks key (as BigCommerce documents for its app secret).
    public var secret: String
    /// Creation time, Unix seconds.
    public var createdAt: Int64

    /// Creates a source value.
    public init(name: String, storeHash: String, secret: String, createdAt: Int64) {
        self.name = name
        self.storeHash = storeHash
        self.secret = secret
        self.createdAt = createdAt
    }

    /// The longest name accepted.
    public static let maxNameLength = 64
    /// The longest secret accepted.
    public static let maxSecretLength = 512

    /// Whether `name` is a URL-safe slug: 1–64 lowercase ASCII letters, digits, `-` and `_`,
    /// starting with a letter or a digit.
    public static func isValidName(_ name: String) -> Bool {
        guard let first = name.utf8.first, name.utf8.count <= maxNameLength, isAlphanumeric(first) else { return false }
        return name.utf8.allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") }
    }

    /// What a listing shows of the secret: its first four characters for a secret of 16 or more
    /// (enough to tell two apart, too little to sign with), nothing of a shorter one.
    public var secretHint: String {
        secret.count >= 16 ? String(secret.prefix(4)) + "…" : "…"
    }

    /// The signature check for requests from this source, with Standard Webhooks' tolerance.
    public var signatureCheck: SignatureCheck {
        SignatureCheck(signer: WebhookSignature(clientSecret: secret))
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }
}
