#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The process's open-file limit (`RLIMIT_NOFILE`): every connection is a file.
enum FileLimit {
    #if os(Linux)
    private static let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
    #else
    private static let resource = RLIMIT_NOFILE
    #endif

    /// Raises the soft limit to the hard one where the system allows; returns both before and after.
    static func raiseSoftToHard() -> (soft: UInt64, hard: UInt64, raisedTo: UInt64) {
        var limit = rlimit()
        guard getrlimit(resource, &limit) == 0 else { return (0, 0, 0) }
        let before = (soft: UInt64(limit.rlim_cur), hard: UInt64(limit.rlim_max))
        guard limit.rlim_cur < limit.rlim_max else { return (before.soft, before.hard, before.soft) }
        var raised = limit
        raised.rlim_cur = limit.rlim_max
        guard setrlimit(resource, &raised) == 0 else { return (before.soft, before.hard, before.soft) }
        return (before.soft, before.hard, UInt64(raised.rlim_cur))
    }
}
