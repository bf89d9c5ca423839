import ArgumentParser

/// The `hookline-bench` command: the benchmark parts that need precise timing, run by
/// `benchmarks/bench.py` against a Hookline server it started.
@main
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hookline-bench",
        abstract: "Timing-sensitive benchmark runs against a running Hookline server (see benchmarks/bench.py).",
        subcommands: [LatencyCommand.self, ClientCeilingCommand.self])
}
