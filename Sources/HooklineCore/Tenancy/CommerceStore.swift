/// A tenant: one store of the commerce platform, named by its `store_hash`.
public struct CommerceStore: Sendable, Equatable {
    /// Permanent id of the store in URLs (`/stores/{store_hash}/v3`): lowercase letters and digits.
    public var storeHash: String
    /// Numeric id Hookline assigns; sent as a decimal string in payloads' `store_id`.
    public var storeID: Int64
    /// Creation time, Unix seconds.
    public var createdAt: Int64

    /// Creates a store value.
    public init(storeHash: String, storeID: Int64, createdAt: Int64) {
        self.storeHash = storeHash
        self.storeID = storeID
        self.createdAt = createdAt
    }

    /// The longest store hash accepted.
    public static let maxHashLength = 32

    /// Whether `hash` is a valid store hash: 1–32 lowercase ASCII letters and digits.
    public static func isValidHash(_ hash: String) -> Bool {
        !hash.isEmpty && hash.utf8.count <= maxHashLength
            && hash.utf8.allSatisfy { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }
}
