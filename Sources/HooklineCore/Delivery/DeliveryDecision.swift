/// What happens to a delivery after an attempt: the BigCommerce rules in one place.
public enum DeliveryDecision: Sendable, Equatable {
    /// Delivered; done.
    case succeeded
    /// Try again no earlier than this Unix time (milliseconds).
    case retry(atMilliseconds: Int64)
    /// Retries are used up: give up and deactivate the webhook.
    case exhausted
    /// The destination answered 410 Gone: give up and deactivate the webhook now.
    case gone

    /// Decides after attempt number `attempt` (1-based) ended with `result` at `now` (Unix milliseconds).
    ///
    /// A `Retry-After` on 429/503 pushes the next try back to at least that long, never earlier
    /// than the schedule says.
    public static func after(_ result: AttemptResult, attempt: Int, schedule: RetrySchedule, nowMilliseconds now: Int64)
        -> DeliveryDecision
    {
        if result.succeeded { return .succeeded }
        if result.statusCode == 410 && result.errorClass == .httpStatus { return .gone }
        guard let delay = schedule.delay(afterFailedAttempt: attempt) else { return .exhausted }
        let wait = max(delay, result.retryAfterSeconds ?? 0)
        return .retry(atMilliseconds: now + wait * 1000)
    }
}
