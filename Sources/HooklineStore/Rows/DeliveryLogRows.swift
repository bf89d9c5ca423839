import HooklineCore

extension AttemptRecord {
    /// An attempt from a row of `attempts` joined with its event's id (`event_id`).
    init(row: some SQLRow) throws {
        self.init(
            id: try row.integer("id"), deliveryID: try row.integer("delivery_id"), eventID: try row.text("event_id"),
            hookID: try row.integer("hook_id"), attemptNumber: try row.int("attempt_number"),
            succeeded: try row.boolean("succeeded"),
            result: AttemptResult(
                statusCode: try row.optionalInteger("status_code").map(Int.init),
                errorClass: try row.optionalText("error_class").flatMap(AttemptErrorClass.init),
                errorMessage: try row.optionalText("error_message"), responseExcerpt: try row.optionalText("response_excerpt"),
                startedAtMilliseconds: try row.integer("started_at"), durationMilliseconds: try row.integer("duration_ms"),
                concurrencyLimit: try row.optionalInteger("concurrency_limit").map(Int.init)),
            node: try row.text("node"))
    }
}

extension DeliveryRecord {
    /// A delivery from a row of `deliveries` joined with its event's id (`event_id`).
    init(row: some SQLRow) throws {
        guard let state = DeliveryState(rawValue: try row.text("state")) else { throw SQLRowError(column: "state") }
        self.init(
            id: try row.integer("id"), eventID: try row.text("event_id"), hookID: try row.integer("hook_id"),
            state: state, attempts: try row.int("attempts"), nextAttemptAt: try row.integer("next_attempt_at"),
            lastStatus: try row.optionalInteger("last_status").map(Int.init), lastError: try row.optionalText("last_error"))
    }
}
