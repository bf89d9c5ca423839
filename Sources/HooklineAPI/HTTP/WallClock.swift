import Foundation

/// Wall-clock time as BigCommerce reports it: Unix seconds.
enum WallClock {
    /// The current Unix time in whole seconds.
    static func now() -> Int64 { Int64(Date().timeIntervalSince1970) }

    /// The current Unix time in milliseconds (delivery scheduling works in these).
    static func nowMilliseconds() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }
}
