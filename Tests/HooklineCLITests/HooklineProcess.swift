import Foundation
import HooklineTestSupport
import Synchronization

/// The real `hookline` binary, run as a child process, with its output captured.
final class HooklineProcess: Sendable {
    /// The built `hookline` executable next to the test bundle.
    static var executable: URL {
        let candidates = [
            Bundle.main.executableURL?.deletingLastPathComponent(),
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent(".build/debug"),
        ]
        for case let directory? in candidates {
            var current = directory
            for _ in 0..<3 {
                let binary = current.appendingPathComponent("hookline")
                if FileManager.default.isExecutableFile(atPath: binary.path) { return binary }
                current = current.deletingLastPathComponent()
            }
        }
        return URL(fileURLWithPath: ".build/debug/hookline")
    }

    private let process: Process
    private let captured = OutputBuffer()

    /// Starts `hookline` (or another `program`) with `arguments` and extra environment variables.
    init(program: String? = nil, _ arguments: [String], environment: [String: String] = [:]) async throws {
        process = Process()
        process.executableURL = program.map { URL(fileURLWithPath: $0) } ?? Self.executable
        process.arguments = arguments
        var merged = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("HOOKLINE_") }
        merged.merge(environment) { $1 }
        process.environment = merged
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        let captured = self.captured
        pipe.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if !data.isEmpty { captured.text.withLock { $0 += String(decoding: data, as: UTF8.self) } }
        }
        try await ProcessLaunchGate.run(process)
    }

    /// Everything the process printed so far.
    var output: String { captured.text.withLock { $0 } }

    /// Waits until the output matches `condition`, failing after `timeout` or if the process exits.
    func waitForOutput(timeout: Duration = .seconds(30), _ condition: (String) -> Bool) async throws -> String {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let text = output
            if condition(text) { return text }
            if !process.isRunning {
                try await Task.sleep(for: .milliseconds(50))
                if condition(output) { return output }
                throw ProcessFailure("hookline exited (\(process.terminationStatus)) before expected output:\n\(output)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw ProcessFailure("timed out waiting for hookline output; got:\n\(output)")
    }

    /// Waits for the process to exit and returns its status and output.
    func waitForExit(timeout: Duration = .seconds(60)) async throws -> (status: Int32, output: String) {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            guard ContinuousClock.now < deadline else {
                process.terminate()
                throw ProcessFailure("hookline did not exit in time; output:\n\(output)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        try await Task.sleep(for: .milliseconds(50))  // let the pipe handler drain the last bytes
        return (process.terminationStatus, output)
    }

    /// Sends a signal (SIGTERM by default).
    func signal(_ signal: Int32 = SIGTERM) { kill(process.processIdentifier, signal) }

    /// Whether the process is still running.
    var isRunning: Bool { process.isRunning }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    /// Runs `hookline` to completion (a CLI command) and returns its status and output.
    static func run(program: String? = nil, _ arguments: [String], environment: [String: String] = [:]) async throws
        -> (status: Int32, output: String)
    {
        try await HooklineProcess(program: program, arguments, environment: environment).waitForExit()
    }
}

/// A child process that did not behave.
struct ProcessFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Output collected from a child process's pipe.
final class OutputBuffer: Sendable {
    let text = Mutex("")
}
