import Foundation

/// A certificate authority and a server certificate for 127.0.0.1 signed by it, made at test time
/// by Debian's `openssl` command in a fresh temporary directory.
public struct TestCertificates: Sendable {
    /// The CA certificate (PEM) a client trusts.
    public var caFile: String
    /// The server's certificate chain (PEM).
    public var certificateFile: String
    /// The server's private key (PEM).
    public var keyFile: String

    /// Makes a new CA named `name` and a server certificate for 127.0.0.1 and localhost.
    public static func make(_ name: String) async throws -> TestCertificates {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hookline-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        func path(_ file: String) -> String { directory.appendingPathComponent(file).path }
        try Data("subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n".utf8)
            .write(to: URL(fileURLWithPath: path("server.ext")))
        let curve = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        try await openssl(["req", "-x509"] + curve + [
            "-keyout", path("ca.key"), "-out", path("ca.pem"), "-days", "2", "-subj", "/CN=Hookline test CA \(name)",
            "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
        ])
        try await openssl(["req"] + curve + ["-keyout", path("server.key"), "-out", path("server.csr"), "-subj", "/CN=127.0.0.1"])
        try await openssl([
            "x509", "-req", "-in", path("server.csr"), "-CA", path("ca.pem"), "-CAkey", path("ca.key"), "-CAcreateserial",
            "-out", path("server.pem"), "-days", "2", "-extfile", path("server.ext"),
        ])
        return TestCertificates(caFile: path("ca.pem"), certificateFile: path("server.pem"), keyFile: path("server.key"))
    }

    /// Copies this certificate and key over `other`'s files (as a renewal would replace them).
    public func install(over other: TestCertificates) throws {
        for (from, to) in [(certificateFile, other.certificateFile), (keyFile, other.keyFile)] {
            try Data(contentsOf: URL(fileURLWithPath: from)).write(to: URL(fileURLWithPath: to), options: .atomic)
        }
    }

    private static func openssl(_ arguments: [String]) async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try await ProcessLaunchGate.run(process)
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw TestCertificatesError(description: "openssl \(arguments.joined(separator: " ")) failed: \(text)")
        }
    }
}

/// `openssl` could not make a test certificate.
public struct TestCertificatesError: Error, CustomStringConvertible {
    public var description: String
}
