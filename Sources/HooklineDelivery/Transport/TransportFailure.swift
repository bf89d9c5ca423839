import HooklineCore

/// Why an attempt got no answer, in the delivery log's classes, with a message for the operator.
public struct TransportFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// The class the delivery log and metrics group by.
    public var errorClass: AttemptErrorClass
    /// What happened, for the delivery log.
    public var message: String

    /// Creates a failure.
    public init(_ errorClass: AttemptErrorClass, _ message: String) {
        self.errorClass = errorClass
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
