import Foundation
import HooklineCore
import Testing

@Suite struct DeliveryRulesTests {
    func result(_ status: Int?, _ error: AttemptErrorClass? = nil, retryAfter: Int64? = nil) -> AttemptResult {
        AttemptResult(
            statusCode: status, errorClass: error ?? (status.map { (200..<300).contains($0) } == true ? nil : .httpStatus),
            retryAfterSeconds: retryAfter, startedAtMilliseconds: 0, durationMilliseconds: 0)
    }

    @Test func bigCommerceScheduleRunsAbout48Hours() {
        let schedule = RetrySchedule.bigCommerce
        #expect(schedule.delays == [60, 180, 300, 600, 900, 1800, 3600, 7200, 21600, 50400, 86400])
        #expect(schedule.delays.reduce(0, +) == 173_040, "48 h 4 min in all")
        #expect(schedule.delay(afterFailedAttempt: 1) == 60)
        #expect(schedule.delay(afterFailedAttempt: 11) == 86400)
        #expect(schedule.delay(afterFailedAttempt: 12) == nil)
        #expect(RetrySchedule(parsing: "1, 2,5")?.delays == [1, 2, 5])
        #expect(RetrySchedule(parsing: "1,x") == nil && RetrySchedule(parsing: "") == nil && RetrySchedule(parsing: "-1") == nil)
    }

    @Test func decisionsFollowBigCommercesRules() {
        let schedule = RetrySchedule(delays: [60, 180])
        #expect(DeliveryDecision.after(result(204), attempt: 1, schedule: schedule, nowMilliseconds: 0) == .succeeded)
        #expect(DeliveryDecision.after(result(500), attempt: 1, schedule: schedule, nowMilliseconds: 1000) == .retry(atMilliseconds: 61_000))
        #expect(DeliveryDecision.after(result(nil, .timeout), attempt: 2, schedule: schedule, nowMilliseconds: 0) == .retry(atMilliseconds: 180_000))
        #expect(DeliveryDecision.after(result(500), attempt: 3, schedule: schedule, nowMilliseconds: 0) == .exhausted)
        #expect(DeliveryDecision.after(result(410), attempt: 1, schedule: schedule, nowMilliseconds: 0) == .gone)
        #expect(DeliveryDecision.after(result(301), attempt: 1, schedule: schedule, nowMilliseconds: 0) == .retry(atMilliseconds: 60_000))
        #expect(DeliveryDecision.after(result(429, retryAfter: 600), attempt: 1, schedule: schedule, nowMilliseconds: 0) == .retry(atMilliseconds: 600_000))
        #expect(DeliveryDecision.after(result(503, retryAfter: 5), attempt: 1, schedule: schedule, nowMilliseconds: 0) == .retry(atMilliseconds: 60_000),
                "Retry-After never makes a retry earlier than the schedule")
    }

    @Test func retryAfterParsesSecondsAndDates() {
        let now = Date(timeIntervalSince1970: 1_000_000)
        #expect(RetryAfter.seconds(from: "120", now: now) == 120)
        #expect(RetryAfter.seconds(from: "999999999", now: now) == RetryAfter.maxSeconds)
        #expect(RetryAfter.seconds(from: "Mon, 12 Jan 1970 13:47:10 GMT", now: now) == 30)
        #expect(RetryAfter.seconds(from: "soon", now: now) == nil)
        #expect(RetryAfter.seconds(from: "-5", now: now) == nil)
    }

    @Test func blocklistRule() {
        let policy = BlocklistPolicy.bigCommerce
        #expect(!policy.shouldBlock(attempts: 99, successes: 0), "fewer than 100 attempts never block")
        #expect(policy.shouldBlock(attempts: 100, successes: 89))
        #expect(!policy.shouldBlock(attempts: 100, successes: 90))
    }

    @Test func callbackPayloadIsBigCommercesShapeWithAStableHash() throws {
        let event = EventDraft(eventID: "e1", scope: "store/order/created", data: .object(["type": .string("order"), "id": .number(1)]), createdAt: 1_561_479_335)
        let payload = CallbackPayload(event: event, storeHash: "abc", storeID: 1_025_646)
        let json = try #require(try JSONSerialization.jsonObject(with: payload.encoded()) as? [String: Any])
        #expect(json["store_id"] as? String == "1025646")
        #expect(json["producer"] as? String == "stores/abc")
        #expect(json["created_at"] as? Int == 1_561_479_335)
        #expect(String(decoding: try payload.encoded(), as: UTF8.self).contains(#""scope":"store/order/created""#))
        #expect(payload.hash == CallbackPayload(event: event, storeHash: "abc", storeID: 1_025_646).hash)
        var other = event
        other.eventID = "e2"
        #expect(payload.hash != CallbackPayload(event: other, storeHash: "abc", storeID: 1_025_646).hash)
    }

    @Test func exceptionNoticeData() {
        let data = DeliveryExceptionCode.retriesExhausted.data(hookID: 12, destination: "https://x.example")
        #expect(data == .object([
            "type": .string("webhook"), "id": .number(12), "error_code": .number(90002),
            "message": .string(DeliveryExceptionCode.retriesExhausted.message(destination: "https://x.example")),
        ]))
    }
}
