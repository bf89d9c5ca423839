import Foundation
import Logging
import Synchronization

/// A swift-log handler that writes one JSON object per line to standard error: `time` (ISO 8601,
/// UTC, milliseconds), `level`, `message`, `logger` (the label), then the entry's metadata (the ids
/// in play: `store`, `hook`, `event`, `delivery`, `attempt`, `node`, …) as top-level keys. A
/// metadata key that would shadow one of the first four is written as `metadata.<key>`.
///
/// swift-log has no JSON handler of its own; Foundation's `JSONSerialization` does the encoding.
struct JSONLogHandler: LogHandler {
    /// The logger's label.
    let label: String
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?

    /// One lock for the process's log lines, so concurrent entries never interleave.
    private static let output = Mutex(FileHandle.standardError)

    init(label: String, metadataProvider: Logger.MetadataProvider? = LoggingSystem.metadataProvider) {
        self.label = label
        self.metadataProvider = metadataProvider
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// The fields every line starts with.
    static let reservedKeys: Set<String> = ["time", "level", "message", "logger"]

    func log(
        level: Logger.Level, message: Logger.Message, metadata explicit: Logger.Metadata?, source: String, file: String,
        function: String, line: UInt
    ) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { $1 } }
        if let explicit { merged.merge(explicit) { $1 } }
        let line = Self.line(
            time: Date(), level: level, message: message.description, label: label, metadata: merged)
        Self.output.withLock { $0.write(line) }
    }

    /// The encoded line, newline included.
    static func line(time: Date, level: Logger.Level, message: String, label: String, metadata: Logger.Metadata) -> Data {
        var object: [String: Any] = [
            "time": time.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true)),
            "level": level.rawValue, "message": message, "logger": label,
        ]
        for (key, value) in metadata {
            object[reservedKeys.contains(key) ? "metadata.\(key)" : key] = json(value)
        }
        var data =
            (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]))
            ?? Data(#"{"level":"error","message":"a log entry could not be encoded"}"#.utf8)
        data.append(UInt8(ascii: "\n"))
        return data
    }

    /// A metadata value as a JSON value.
    private static func json(_ value: Logger.Metadata.Value) -> Any {
        switch value {
        case .string(let string): string
        case .stringConvertible(let convertible): convertible.description
        case .array(let array): array.map(json)
        case .dictionary(let dictionary): dictionary.mapValues(json)
        }
    }
}
