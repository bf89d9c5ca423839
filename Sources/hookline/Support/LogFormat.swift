import ArgumentParser
import Logging

/// How `hookline serve` writes its logs (`--log-format`).
enum LogFormat: String, CaseIterable, ExpressibleByArgument {
    /// swift-log's readable lines (the default).
    case text
    /// One JSON object per line (`JSONLogHandler`), for a log collector.
    case json

    /// Makes every logger of the process write in this format, at `level` by default. Once per process.
    func bootstrap(level: Logger.Level) {
        switch self {
        case .text:
            LoggingSystem.bootstrap { label in
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = level
                return handler
            }
        case .json:
            LoggingSystem.bootstrap { label in
                var handler = JSONLogHandler(label: label)
                handler.logLevel = level
                return handler
            }
        }
    }
}
