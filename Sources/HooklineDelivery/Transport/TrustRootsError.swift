/// The additional trust roots file could not be read as PEM certificates.
public struct TrustRootsError: Error, CustomStringConvertible {
    /// The file given.
    public var path: String
    /// What went wrong.
    public var reason: String

    /// Says which file and why.
    public var description: String { "the CA file \(path) could not be read as PEM certificates: \(reason)" }
}
