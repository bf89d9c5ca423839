/// A delivery exception notice to raise: goes to the owner's active delivery exception hook, if any.
public struct DeliveryNotice: Sendable, Equatable {
    /// 90001, 90002 or 90003.
    public var code: DeliveryExceptionCode
    /// Whose webhook failed (the notice goes to the same store and client).
    public var owner: HookOwner
    /// The webhook whose delivery failed.
    public var hookID: Int64
    /// Its destination.
    public var destination: String

    /// Creates a notice.
    public init(code: DeliveryExceptionCode, owner: HookOwner, hookID: Int64, destination: String) {
        self.code = code
        self.owner = owner
        self.hookID = hookID
        self.destination = destination
    }

    /// The notice as an event raised at `now` (Unix ms), with a fresh id.
    public func event(now: Int64) -> EventDraft {
        EventDraft(
            eventID: "hookline-notice-\(RandomIdentifier.uuid())", scope: DeliveryExceptionCode.scope,
            data: code.data(hookID: hookID, destination: destination), createdAt: now / 1000)
    }
}
