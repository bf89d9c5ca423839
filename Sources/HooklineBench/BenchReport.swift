import Foundation

/// What a `hookline-bench` command prints: one JSON object, read by benchmarks/bench.py.
protocol BenchReport: Encodable {}

extension BenchReport {
    /// The report as pretty, key-sorted JSON.
    func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}
