import Foundation
import HooklineTestSupport

/// A test certificate authority and server certificates made at test time with the `openssl` CLI
/// in a temporary directory; no key is ever committed.
struct TestCertificates {
    /// The directory holding every file.
    let directory: URL
    /// The CA certificate (PEM): what `--ca-file` would name.
    var caFile: String { directory.appendingPathComponent("ca.pem").path }
    /// The server key (PEM), shared by every server certificate.
    var keyFile: String { directory.appendingPathComponent("server.key").path }
    /// A certificate for `hostName`, valid now.
    var validFile: String { directory.appendingPathComponent("valid.pem").path }
    /// A certificate for `hostName` that expired in 2021.
    var expiredFile: String { directory.appendingPathComponent("expired.pem").path }
    /// The name the server certificates are for.
    let hostName: String

    /// Makes a CA, a key, and a valid and an expired certificate for `hostName` signed by the CA.
    init(hostName: String = "hooks.test") async throws {
        self.hostName = hostName
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("hookline-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let dir = directory.path
        try """
            [ ca ]
            default_ca = test
            [ test ]
            database = \(dir)/index.txt
            new_certs_dir = \(dir)
            serial = \(dir)/serial
            default_md = sha256
            policy = anything
            copy_extensions = copy
            unique_subject = no
            [ anything ]
            commonName = supplied
            """.write(toFile: "\(dir)/ca.cnf", atomically: true, encoding: .utf8)
        try "".write(toFile: "\(dir)/index.txt", atomically: true, encoding: .utf8)
        try "01\n".write(toFile: "\(dir)/serial", atomically: true, encoding: .utf8)
        try await Self.openssl(
            in: directory, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout",
            "\(dir)/ca.key", "-out", "\(dir)/ca.pem", "-days", "2",
            "-subj", "/CN=Hookline Test CA", "-addext", "basicConstraints=critical,CA:TRUE", "-addext",
            "keyUsage=critical,keyCertSign,cRLSign")
        try await Self.openssl(
            in: directory, "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout",
            "\(dir)/server.key", "-out", "\(dir)/server.csr",
            "-subj", "/CN=\(hostName)", "-addext", "subjectAltName=DNS:\(hostName)")
        for (name, start, end) in [("valid", Self.stamp(-86_400), Self.stamp(86_400)), ("expired", "20200101000000Z", "20210101000000Z")] {
            try await Self.openssl(
                in: directory, "ca", "-batch", "-notext", "-config", "\(dir)/ca.cnf", "-cert", "\(dir)/ca.pem", "-keyfile", "\(dir)/ca.key",
                "-in", "\(dir)/server.csr", "-out", "\(dir)/\(name).pem", "-startdate", start, "-enddate", end)
        }
    }

    /// Removes the files.
    func remove() {
        try? FileManager.default.removeItem(at: directory)
    }

    private static func stamp(_ offset: TimeInterval) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMddHHmmss'Z'"
        return formatter.string(from: Date().addingTimeInterval(offset))
    }

    /// Runs `openssl`; its messages go to a file, not a pipe, since a pipe's write end can leak
    /// into a process another test starts at the same moment and keep the read open.
    private static func openssl(in directory: URL, _ arguments: String...) async throws {
        let log = directory.appendingPathComponent("openssl-\(UUID().uuidString).log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let output = try FileHandle(forWritingTo: log)
        defer { try? output.close() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = arguments
        process.standardError = output
        process.standardOutput = output
        try await ProcessLaunchGate.run(process)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let message = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            throw TestbedFailure("openssl \(arguments.first ?? "") failed: \(message)")
        }
    }
}
