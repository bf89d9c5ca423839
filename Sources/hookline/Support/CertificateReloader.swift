import HooklineAPI
import Logging
import ServiceLifecycle
import UnixSignals

/// Re-reads the HTTPS certificate and key on SIGHUP, so a renewed certificate is served without a
/// restart; a pair that cannot be used is logged and the old one stays.
///
/// The signal is trapped when the reloader is made, before any listener announces itself, so a
/// SIGHUP from then on never takes the default action (ending the process).
struct CertificateReloader: Service {
    let files: TLSCertificateFiles
    let logger: Logger
    private let signals: UnixSignalsSequence

    /// Traps SIGHUP now; `run()` reloads on each one.
    init(files: TLSCertificateFiles, logger: Logger) async {
        self.files = files
        self.logger = logger
        self.signals = await UnixSignalsSequence(trapping: .sighup)
    }

    func run() async throws {
        for await _ in signals.cancelOnGracefulShutdown() {
            do {
                try files.reload()
                logger.notice("reloaded the TLS certificate", metadata: ["certificate": "\(files.certificatePath)"])
            } catch {
                logger.error("TLS certificate not reloaded; the previous one stays in use", metadata: ["error": "\(error)"])
            }
        }
    }
}
