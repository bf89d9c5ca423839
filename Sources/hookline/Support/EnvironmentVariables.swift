import Foundation

/// Reads `HOOKLINE_…` environment variables, the second source of every command-line option.
enum EnvironmentVariables {
    /// The variable's value, if set and not empty.
    static func string(_ name: String) -> String? {
        guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else { return nil }
        return value
    }

    /// The variable as an integer, if set to one.
    static func integer(_ name: String) -> Int? { string(name).flatMap { Int($0) } }

    /// Whether the variable is set to a true value (`1`, `true`, `yes`, `on`).
    static func flag(_ name: String) -> Bool {
        guard let value = string(name)?.lowercased() else { return false }
        return ["1", "true", "yes", "on"].contains(value)
    }
}
