/// Hookline's version, reported by `--version` and in each delivery's `User-Agent`.
public enum HooklineVersion {
    /// The current version.
    public static let current = "0.2.0"
    /// `User-Agent` of deliveries.
    public static var userAgent: String { "Hookline/\(current)" }
}
