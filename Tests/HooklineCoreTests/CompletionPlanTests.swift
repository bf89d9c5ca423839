import Foundation
import HooklineCore
import Testing

@Suite struct CompletionPlanTests {
    let alice = HookOwner(storeHash: "abc", clientID: "alice")

    func delivery(
        _ id: Int64, hook: Int64 = 1, owner: HookOwner? = nil, destination: String = "https://a.example/hook",
        attempt: Int = 1, exceptionHook: Bool = false
    ) -> ClaimedDelivery {
        ClaimedDelivery(
            deliveryID: id, eventSeq: id * 10, eventID: "e\(id)", hookID: hook, owner: owner ?? alice, attempt: attempt,
            destination: destination, host: DestinationPolicy.host(of: destination), headers: nil, hookActive: true,
            isExceptionHook: exceptionHook, clientSecret: "s", payload: Data(), blockedUntil: nil)
    }

    func result(_ status: Int?, _ error: AttemptErrorClass? = nil, at start: Int64 = 5_000) -> AttemptResult {
        AttemptResult(
            statusCode: status, errorClass: error ?? (status.map { (200..<300).contains($0) } == true ? nil : .httpStatus),
            startedAtMilliseconds: start, durationMilliseconds: 3)
    }

    func attempted(_ delivery: ClaimedDelivery, _ result: AttemptResult, _ decision: DeliveryDecision) -> DeliveryCompletion {
        DeliveryCompletion(delivery: delivery, outcome: .attempted(result, decision))
    }

    @Test func firstPhaseListsLeasesAttemptsMovesAndWindowCounts() {
        let plan = CompletionPlan(
            [
                DeliveryCompletion(delivery: delivery(1), outcome: .released),
                DeliveryCompletion(delivery: delivery(2), outcome: .cancelled),
                attempted(delivery(3, attempt: 2), result(204), .succeeded),
                attempted(delivery(4), result(500, at: 5_999), .retry(atMilliseconds: 70_000)),
                attempted(delivery(5, attempt: 11), result(nil, .timeout), .exhausted),
                attempted(delivery(6), result(nil, .domainBlocked), .retry(atMilliseconds: 80_000)),
            ], now: 9_000)
        #expect(plan.released == [1])
        #expect(plan.cancelled == [2])
        #expect(plan.attempts.map(\.delivery.deliveryID) == [3, 4, 5, 6])
        #expect(plan.moves.map(\.state) == [.succeeded, .pending, .failed, .pending])
        #expect(plan.moves.map(\.nextAttemptAt) == [9_000, 70_000, 9_000, 80_000])
        #expect(plan.moves.map(\.attempts) == [2, 1, 11, 1])
        #expect(plan.moves[1].lastStatus == 500 && plan.moves[1].lastError == "http_status")
        #expect(plan.moves[2].lastStatus == nil && plan.moves[2].lastError == "timeout")
        let key = AttemptWindowTally.Key(clientID: "alice", host: "a.example", second: 5)
        #expect(plan.window.counts == [key: AttemptWindowTally.Counts(attempts: 3, successes: 1)], "blocked refusals do not count")
        #expect(!plan.isEmpty && CompletionPlan([], now: 0).isEmpty)
    }

    @Test func followUpClosesHooksAndRaisesNoticesInBatchOrder() {
        let plan = CompletionPlan(
            [
                attempted(delivery(1, hook: 7), result(500), .exhausted),
                attempted(delivery(2, hook: 8, destination: "https://b.example/x"), result(410), .gone),
                attempted(delivery(3, hook: 9), result(204), .succeeded),
            ], now: 1_000)
        let followUp = plan.followUp(applied: [1, 2, 3], rules: CompletionRules())
        let notice = { (hook: Int64, destination: String) in
            DeliveryNotice(code: .retriesExhausted, owner: alice, hookID: hook, destination: destination)
        }
        #expect(
            followUp.steps == [
                .closeHook(hookID: 7, eventSeq: 10), .notice(notice(7, "https://a.example/hook")),
                .closeHook(hookID: 8, eventSeq: 20), .notice(notice(8, "https://b.example/x")),
            ])
        #expect(!followUp.makesDeliveriesDue)
    }

    @Test func oneRetryingCheckPerDestinationAndBatch() {
        let plan = CompletionPlan(
            [
                attempted(delivery(1), result(500), .retry(atMilliseconds: 60_000)),
                attempted(delivery(2), result(503), .retry(atMilliseconds: 60_000)),
                attempted(delivery(3, destination: "https://a.example/other"), result(500), .retry(atMilliseconds: 60_000)),
                attempted(delivery(4, destination: "https://c.example/"), result(nil, .domainBlocked), .retry(atMilliseconds: 60_000)),
            ], now: 1_000)
        let followUp = plan.followUp(applied: [1, 2, 3, 4], rules: CompletionRules(retryingNoticeInterval: 42))
        #expect(
            followUp.steps == [
                .retryingNotice(DeliveryNotice(code: .retrying, owner: alice, hookID: 1, destination: "https://a.example/hook"), interval: 42),
                .retryingNotice(DeliveryNotice(code: .retrying, owner: alice, hookID: 1, destination: "https://a.example/other"), interval: 42),
            ])
        #expect(followUp.makesDeliveriesDue)
    }

    @Test func exceptionHooksAndLostLeasesRaiseNothing() {
        let plan = CompletionPlan(
            [
                attempted(delivery(1, hook: 5, exceptionHook: true), result(500), .exhausted),
                attempted(delivery(2, hook: 6), result(500), .exhausted),
            ], now: 1_000)
        let followUp = plan.followUp(applied: [1], rules: CompletionRules())
        #expect(followUp.steps == [.closeHook(hookID: 5, eventSeq: 10)], "delivery 2's lease was lost: nothing follows from it")
        #expect(followUp.blocklistChecks.map(\.hookID) == [5])
    }

    @Test func blocklistChecksOnePerClientHostInKeyOrderNamingTheLastDelivery() {
        let bob = HookOwner(storeHash: "abc", clientID: "bob")
        let plan = CompletionPlan(
            [
                attempted(delivery(1, hook: 1, owner: bob), result(500), .retry(atMilliseconds: 1)),
                attempted(delivery(2, hook: 2, destination: "https://z.example/"), result(500), .retry(atMilliseconds: 1)),
                attempted(delivery(3, hook: 3), result(500), .retry(atMilliseconds: 1)),
                attempted(delivery(4, hook: 4), result(204), .succeeded),
                attempted(delivery(5, hook: 5, destination: "https://y.example/"), result(nil, .domainBlocked), .retry(atMilliseconds: 1)),
            ], now: 1_000)
        let checks = plan.followUp(applied: [1, 2, 3, 4, 5], rules: CompletionRules()).blocklistChecks
        #expect(checks.map { "\($0.owner.clientID) \($0.host) \($0.hookID)" } == ["alice a.example 4", "alice z.example 2", "bob a.example 1"])
        #expect(checks[0].notice == DeliveryNotice(code: .domainBlocked, owner: alice, hookID: 4, destination: "https://a.example/hook"))
    }

    @Test func blockReasonsRankByCountThenDescription() {
        typealias Reason = BlockedDomain.Reason
        let ranked = BlockedDomain.ranked([
            Reason(failure_description: "timeout", count: 3, timestamp: 1), Reason(failure_description: "HTTP 500", count: 7, timestamp: 2),
            Reason(failure_description: "HTTP 502", count: 3, timestamp: 3),
        ])
        #expect(ranked.map(\.failure_description) == ["HTTP 500", "HTTP 502", "timeout"])
        let policy = BlocklistPolicy(windowSeconds: 120, minimumAttempts: 2, minimumSuccessRatio: 0.9, blockSeconds: 180)
        #expect(policy.blockEnd(now: 10_500) == 190)
        #expect(policy.windowStart(now: 200_000) == 80_000)
    }

    @Test func noticesBecomeExceptionEvents() {
        let event = DeliveryNotice(code: .retrying, owner: alice, hookID: 3, destination: "https://a.example/").event(now: 12_345)
        #expect(event.scope == DeliveryExceptionCode.scope && event.createdAt == 12)
        #expect(event.eventID.hasPrefix("hookline-notice-"))
        #expect(event.data == DeliveryExceptionCode.retrying.data(hookID: 3, destination: "https://a.example/"))
    }
}
