import Foundation

/// A certificate authority and server certificates signed by it, made at test time by Debian's
/// `openssl` command in a fresh temporary directory; no key is ever committed.
///
/// The server certificates share one key and one set of names: by default 127.0.0.1 and localhost
/// (a listener of Hookline's own), or one host name (a receiver a scripted resolver points at).
public struct TestCertificates: Sendable {
    /// The directory holding every file.
    public var directory: String
    /// The CA certificate (PEM) a client trusts: what `--ca-file` would name.
    public var caFile: String { path("ca.pem") }
    /// The server's certificate (PEM), valid from a day ago to a day from now.
    public var certificateFile: String { path("valid.pem") }
    /// A certificate for the same names and key that expired in 2021.
    public var expiredFile: String { path("expired.pem") }
    /// The server's private key (PEM), shared by both certificates.
    public var keyFile: String { path("server.key") }

    /// Makes a new CA named `name` and server certificates for `hostName`, or for 127.0.0.1 and
    /// localhost when none is given.
    public static func make(_ name: String, hostName: String? = nil) async throws -> TestCertificates {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hookline-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let made = TestCertificates(directory: directory.path)
        let names = hostName.map { "DNS:\($0)" } ?? "IP:127.0.0.1,DNS:localhost"
        try """
            [ ca ]
            default_ca = test
            [ test ]
            database = \(made.path("index.txt"))
            new_certs_dir = \(made.directory)
            serial = \(made.path("serial"))
            default_md = sha256
            policy = anything
            copy_extensions = copy
            unique_subject = no
            [ anything ]
            commonName = supplied
            """.write(toFile: made.path("ca.cnf"), atomically: true, encoding: .utf8)
        try "".write(toFile: made.path("index.txt"), atomically: true, encoding: .utf8)
        try "01\n".write(toFile: made.path("serial"), atomically: true, encoding: .utf8)
        let curve = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        try await made.openssl(["req", "-x509"] + curve + [
            "-keyout", made.path("ca.key"), "-out", made.caFile, "-days", "2", "-subj", "/CN=Hookline test CA \(name)",
            "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
        ])
        try await made.openssl(["req", "-new"] + curve + [
            "-keyout", made.keyFile, "-out", made.path("server.csr"), "-subj", "/CN=\(hostName ?? "127.0.0.1")",
            "-addext", "subjectAltName=\(names)", "-addext", "basicConstraints=CA:FALSE", "-addext", "extendedKeyUsage=serverAuth",
        ])
        for (file, start, end) in [
            (made.certificateFile, stamp(-86_400), stamp(86_400)), (made.expiredFile, "20200101000000Z", "20210101000000Z"),
        ] {
            try await made.openssl([
                "ca", "-batch", "-notext", "-config", made.path("ca.cnf"), "-cert", made.caFile, "-keyfile", made.path("ca.key"),
                "-in", made.path("server.csr"), "-out", file, "-startdate", start, "-enddate", end,
            ])
        }
        return made
    }

    /// Copies this certificate and key over `other`'s files (as a renewal would replace them).
    public func install(over other: TestCertificates) throws {
        for (from, to) in [(certificateFile, other.certificateFile), (keyFile, other.keyFile)] {
            try Data(contentsOf: URL(fileURLWithPath: from)).write(to: URL(fileURLWithPath: to), options: .atomic)
        }
    }

    /// Removes the files.
    public func remove() {
        try? FileManager.default.removeItem(atPath: directory)
    }

    private func path(_ file: String) -> String { (directory as NSString).appendingPathComponent(file) }

    private static func stamp(_ offset: TimeInterval) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMddHHmmss'Z'"
        return formatter.string(from: Date().addingTimeInterval(offset))
    }

    /// Runs `openssl`; its messages go to a file, not a pipe, since a pipe's write end can leak
    /// into a process another test starts at the same moment and keep the read open.
    private func openssl(_ arguments: [String]) async throws {
        let log = path("openssl-\(UUID().uuidString).log")
        FileManager.default.createFile(atPath: log, contents: nil)
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        defer { try? output.close() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = arguments
        process.standardOutput = output
        process.standardError = output
        try await ProcessLaunchGate.run(process)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let message = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            throw TestCertificatesError(description: "openssl \(arguments.first ?? "") failed: \(message)")
        }
    }
}

/// `openssl` could not make a test certificate.
public struct TestCertificatesError: Error, CustomStringConvertible {
    /// What failed and what openssl said.
    public var description: String
}
