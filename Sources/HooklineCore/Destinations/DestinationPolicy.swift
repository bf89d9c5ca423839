import Foundation

/// Which destination URLs webhooks may have and which addresses deliveries may reach.
///
/// By default this is BigCommerce's rule (https on port 443) plus Hookline's own guard against
/// server-side request forgery: no loopback, private, link-local or metadata addresses. The
/// operator relaxes either for local development and tests.
public struct DestinationPolicy: Sendable, Equatable {
    /// Allow `http` and any port.
    public var allowInsecure: Bool
    /// Allow loopback, private, link-local and metadata addresses.
    public var allowPrivate: Bool
    /// Restricted addresses deliveries may reach all the same, exactly as written (`127.0.0.1`,
    /// `::1`): for a deployment with one internal receiver, and for tests that must allow one
    /// loopback address while the guard refuses every other.
    public var permittedRestrictedAddresses: Set<String>

    /// The longest destination URL accepted.
    public static let maxLength = 2048

    /// Host names that always mean a restricted address, whatever DNS says.
    private static let restrictedHostNames: Set<String> = [
        "localhost", "localhost.localdomain", "metadata", "metadata.google.internal", "instance-data",
    ]

    /// Creates a policy.
    public init(allowInsecure: Bool = false, allowPrivate: Bool = false, permittedRestrictedAddresses: Set<String> = []) {
        self.allowInsecure = allowInsecure
        self.allowPrivate = allowPrivate
        self.permittedRestrictedAddresses = permittedRestrictedAddresses
    }

    /// BigCommerce's rules with the address guard on.
    public static let bigCommerce = DestinationPolicy()

    /// Checks a destination URL; returns it trimmed, or a message saying why it is refused.
    public func validate(_ raw: String) -> Result<String, DestinationError> {
        let destination = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !destination.isEmpty else { return .failure(.init("destination must not be empty")) }
        guard destination.utf8.count <= Self.maxLength else {
            return .failure(.init("destination must be at most \(Self.maxLength) characters"))
        }
        guard let url = URLComponents(string: destination), let scheme = url.scheme?.lowercased(),
            let host = url.host, !host.isEmpty
        else {
            return .failure(.init("destination must be an absolute URL such as https://example.com/webhooks"))
        }
        guard url.user == nil, url.password == nil else {
            return .failure(.init("destination must not contain credentials; use custom headers instead"))
        }
        guard url.fragment == nil else { return .failure(.init("destination must not contain a fragment")) }
        if allowInsecure {
            guard scheme == "https" || scheme == "http" else {
                return .failure(.init("destination must use http or https"))
            }
        } else {
            guard scheme == "https" else { return .failure(.init("destination must use https")) }
            if let port = url.port, port != 443 {
                return .failure(.init("destination must be served on port 443 (custom ports are not supported)"))
            }
        }
        if let port = url.port, !(1...65535).contains(port) {
            return .failure(.init("destination port must be between 1 and 65535"))
        }
        if let problem = problem(withHost: host) { return .failure(.init(problem)) }
        return .success(destination)
    }

    /// Why a host name or literal address may not be delivered to, or `nil` if it may.
    public func problem(withHost rawHost: String) -> String? {
        guard !allowPrivate else { return nil }
        let host = rawHost.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "."))
        if let addressClass = IPAddressClass.classify(host) {
            return addressClass.isRestricted && !permittedRestrictedAddresses.contains(host) ? "destination must not point at a \(addressClass.rawValue) address" : nil
        }
        if Self.restrictedHostNames.contains(host) || host.hasSuffix(".localhost") {
            return "destination must not point at a loopback or metadata host"
        }
        return nil
    }

    /// Whether a delivery may connect to this resolved address.
    public func permits(resolvedAddress: String) -> Bool {
        guard !allowPrivate, !permittedRestrictedAddresses.contains(resolvedAddress) else { return true }
        return !(IPAddressClass.classify(resolvedAddress)?.isRestricted ?? true)
    }
}

/// Why a destination is refused; the message is shown to the client under `errors.destination`.
public struct DestinationError: Error, Sendable, Equatable {
    /// What is wrong, for the client.
    public var message: String

    /// Creates an error.
    public init(_ message: String) { self.message = message }
}

extension DestinationPolicy {
    /// The lowercased host of a destination URL (the blocklist and concurrency key), or the URL itself
    /// if it has none.
    public static func host(of destination: String) -> String {
        URLComponents(string: destination)?.host?.lowercased() ?? destination
    }
}
