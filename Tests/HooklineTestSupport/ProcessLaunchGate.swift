import Foundation

/// Keeps tests from starting a child process while another test holds a thousand sockets open.
///
/// Foundation's `Process.run()` on Linux lists `/proc/self/fd` and copies each entry's whole
/// 256-byte name field (swift-corelibs-foundation#5472, fixed after Swift 6.3.1). With more than
/// about 1,300 descriptors open the listing fills glibc's 32 KiB buffer, and that copy can read
/// past its end into an unmapped page: the whole test process crashes (seen in CI while the
/// thousand half-sent heads of `RequestDeadlineTests` were open). Every process a test starts goes
/// through `run(_:)`; a test that opens many descriptors runs inside `holdingManyDescriptors`.
public actor ProcessLaunchGate {
    /// The one gate of the test process.
    public static let shared = ProcessLaunchGate()

    private var launching = 0
    private var holdingMany = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    private func beginLaunch() async {
        while holdingMany > 0 { await withCheckedContinuation { waiting.append($0) } }
        launching += 1
    }

    private func endLaunch() {
        launching -= 1
        wakeEveryone()
    }

    private func beginHoldingMany() async {
        while launching > 0 { await withCheckedContinuation { waiting.append($0) } }
        holdingMany += 1
    }

    private func endHoldingMany() {
        holdingMany -= 1
        wakeEveryone()
    }

    private func wakeEveryone() {
        let woken = waiting
        waiting = []
        for continuation in woken { continuation.resume() }
    }

    /// Starts `process` once no test holds many descriptors open.
    public static func run(_ process: Process) async throws {
        await shared.beginLaunch()
        do {
            try process.run()
        } catch {
            await shared.endLaunch()
            throw error
        }
        await shared.endLaunch()
    }

    /// Runs `body`, which opens many descriptors, while no test starts a process.
    public static func holdingManyDescriptors<T>(_ body: () async throws -> T) async throws -> T {
        await shared.beginHoldingMany()
        do {
            let value = try await body()
            await shared.endHoldingMany()
            return value
        } catch {
            await shared.endHoldingMany()
            throw error
        }
    }
}
