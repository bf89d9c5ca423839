import HooklineCore
import Testing

/// The per-webhook token bucket and the per-host adaptive concurrency, as sequences of times and
/// outcomes and what they yield.
@Suite struct DestinationLimitsTests {
    /// `bucket.reserve`, callable inside `#expect` (which cannot call a mutating method).
    private static func reserve(_ bucket: inout TokenBucket, now: Int64, maxWait: Int64) -> Int64? {
        bucket.reserve(now: now, maxWait: maxWait)
    }

    /// `host.record`, callable inside `#expect`.
    private static func record(_ signal: AdaptiveConcurrency.Signal, at now: Int64, on host: inout AdaptiveConcurrency) -> Bool {
        host.record(signal, at: now)
    }

    @Test func aBucketLetsItsBurstThroughThenSpacesRequests() {
        var bucket = TokenBucket(perSecond: 4, burst: 2)
        #expect(Self.reserve(&bucket, now: 1000, maxWait: 10_000) == 0)
        #expect(Self.reserve(&bucket, now: 1000, maxWait: 10_000) == 0)
        // The burst is spent: the next requests are given 250 ms apart.
        #expect(Self.reserve(&bucket, now: 1000, maxWait: 10_000) == 250)
        #expect(Self.reserve(&bucket, now: 1000, maxWait: 10_000) == 500)
        #expect(!bucket.isFull(at: 1000))
        // A wait over the maximum reserves nothing: the next request still gets 750 ms.
        #expect(Self.reserve(&bucket, now: 1000, maxWait: 700) == nil)
        #expect(Self.reserve(&bucket, now: 1000, maxWait: 10_000) == 750)
        // After a quiet second and a half the bucket is full again.
        #expect(bucket.isFull(at: 2500))
        #expect(Self.reserve(&bucket, now: 2500, maxWait: 0) == 0)
        #expect(Self.reserve(&bucket, now: 2500, maxWait: 0) == 0)
        #expect(Self.reserve(&bucket, now: 2500, maxWait: 0) == nil)
    }

    @Test func aBucketKeepsItsRateOverASecond() {
        var bucket = TokenBucket(perSecond: 10)
        var sendTimes: [Int64] = []
        for _ in 0..<40 {
            if let wait = bucket.reserve(now: 0, maxWait: 60_000) { sendTimes.append(wait) }
        }
        #expect(sendTimes.count == 40)
        // Every one-second span after the first burst holds at most the rate, plus the burst once.
        for start in stride(from: Int64(0), through: 3000, by: 100) {
            let inSpan = sendTimes.filter { $0 >= start && $0 < start + 1000 }.count
            #expect(inSpan <= 10 + 10)
        }
        #expect(sendTimes.filter { $0 >= 1000 && $0 < 2000 }.count == 10)
        #expect(TokenBucket(perSecond: 0).perSecond == 1, "a rate under one is one a second")
    }

    private let policy = AdaptiveConcurrencyPolicy(maximum: 16, windowMilliseconds: 100, slowFloorMilliseconds: 50)

    @Test func failuresHalveTheLimitOncePerWindowDownToOne() {
        var host = AdaptiveConcurrency(policy: policy)
        #expect(host.limit == 16)
        #expect(Self.record(.overloaded, at: 0, on: &host))
        #expect(host.limit == 8)
        // The other requests sent under 16 fail too, within the window: no further cut.
        for time in stride(from: Int64(1), to: 100, by: 10) { #expect(!Self.record(.overloaded, at: time, on: &host)) }
        #expect(host.limit == 8)
        var limits: [Int] = []
        for time in stride(from: Int64(100), through: 600, by: 100) {
            host.record(.overloaded, at: time)
            limits.append(host.limit)
        }
        #expect(limits == [4, 2, 1, 1, 1, 1])
    }

    @Test func goodAnswersRaiseTheLimitByOnePerWindowUpToTheMaximum() {
        var host = AdaptiveConcurrency(policy: policy)
        host.record(.answered(milliseconds: 10), at: 0)
        for time in stride(from: Int64(0), through: 300, by: 100) { host.record(.overloaded, at: time) }
        #expect(host.limit == 1)
        var limits: [Int] = []
        for time in stride(from: Int64(310), through: 2000, by: 10) {
            host.record(.answered(milliseconds: 10), at: time)
            if limits.last != host.limit { limits.append(host.limit) }
        }
        #expect(limits == Array(1...16), "one step a window, never past the maximum")
        #expect(!Self.record(.answered(milliseconds: 10), at: 5000, on: &host))
        #expect(host.limit == 16)
    }

    @Test func slowAnswersCutTheLimitLikeFailures() {
        var host = AdaptiveConcurrency(policy: policy)
        for time in stride(from: Int64(0), to: 500, by: 10) { host.record(.answered(milliseconds: 20), at: time) }
        #expect(host.limit == 16)
        #expect(host.usualLatency.map { abs($0 - 20) < 1 } == true)
        // Under the floor is never slow, however much slower than usual; over it and twice usual is.
        #expect(!host.isSlow(milliseconds: 45))
        #expect(host.isSlow(milliseconds: 300))
        host.record(.answered(milliseconds: 45), at: 500)
        #expect(host.limit == 16)
        for time in stride(from: Int64(600), through: 1000, by: 100) { host.record(.answered(milliseconds: 300), at: time) }
        #expect(host.limit == 1)
        #expect(host.usualLatency.map { $0 < 25 } == true, "a slow spell does not move the usual latency")
    }

    /// Seen in CI: a loaded machine made the first answers of a 200 ms receiver take 4 s, then 640 ms.
    /// A usual latency still near 4 s took the receiver's 3 s answers that followed for good ones.
    @Test func aSlowFirstAnswerDoesNotSetTheUsualLatencyForLong() {
        var host = AdaptiveConcurrency(policy: policy)
        for time in stride(from: Int64(0), to: 80, by: 10) { host.record(.answered(milliseconds: 4000), at: time) }
        for time in stride(from: Int64(100), to: 180, by: 10) { host.record(.answered(milliseconds: 640), at: time) }
        #expect(host.usualLatency.map { $0 < 700 } == true, "\(String(describing: host.usualLatency))")
        #expect(host.isSlow(milliseconds: 3000))
        // Slower good answers move it a tenth of the way each.
        host.record(.answered(milliseconds: 1000), at: 200)
        #expect(host.usualLatency.map { $0 < 750 } == true, "\(String(describing: host.usualLatency))")
    }

    @Test func aHostSlowForTheSettlePeriodIsTakenAsItIsAndGrowsBack() {
        let settling = AdaptiveConcurrencyPolicy(maximum: 4, windowMilliseconds: 100, slowFloorMilliseconds: 50, settleMilliseconds: 1000)
        var host = AdaptiveConcurrency(policy: settling)
        for time in stride(from: Int64(0), to: 500, by: 10) { host.record(.answered(milliseconds: 20), at: time) }
        var limits: [Int] = []
        for time in stride(from: Int64(500), through: 3000, by: 100) {
            host.record(.answered(milliseconds: 400), at: time)
            limits.append(host.limit)
        }
        // Held down while slow (from 500 ms), taken as it is after a second of it (at 1500), then a step a window.
        #expect(limits.prefix(10).allSatisfy { $0 < 4 } && limits[2...9].allSatisfy { $0 == 1 }, "\(limits)")
        #expect(host.usualLatency.map { abs($0 - 400) < 1 } == true)
        #expect(limits.last == 4, "\(limits)")
        #expect(!host.isSlow(milliseconds: 400))
    }

    @Test func aHostSlowFromTheStartIsTakenAsItIs() {
        var host = AdaptiveConcurrency(policy: policy)
        for time in stride(from: Int64(0), to: 3000, by: 50) { host.record(.answered(milliseconds: 2000), at: time) }
        #expect(host.limit == 16)
    }

    @Test func anOverloadResetsTheWindowOfGoodAnswers() {
        var host = AdaptiveConcurrency(policy: policy)
        host.record(.overloaded, at: 0)
        #expect(host.limit == 8)
        host.record(.answered(milliseconds: 5), at: 50)
        host.record(.overloaded, at: 90)  // within the window: no cut, but no increase either
        #expect(!Self.record(.answered(milliseconds: 5), at: 150, on: &host))
        #expect(host.limit == 8)
        #expect(Self.record(.answered(milliseconds: 5), at: 250, on: &host))
        #expect(host.limit == 9)
    }

    @Test func offMeansTheMaximumWhateverHappens() {
        var host = AdaptiveConcurrency(policy: .fixed(maximum: 4))
        for time in stride(from: Int64(0), through: 1000, by: 100) { #expect(!Self.record(.overloaded, at: time, on: &host)) }
        #expect(host.limit == 4)
    }

    @Test func resultsMapToSignals() {
        func result(_ status: Int?, _ error: AttemptErrorClass?) -> AttemptResult {
            AttemptResult(statusCode: status, errorClass: error, startedAtMilliseconds: 0, durationMilliseconds: 42)
        }
        #expect(AdaptiveConcurrency.Signal(result(200, nil)) == .answered(milliseconds: 42))
        #expect(AdaptiveConcurrency.Signal(result(404, .httpStatus)) == .answered(milliseconds: 42))
        #expect(AdaptiveConcurrency.Signal(result(503, .httpStatus)) == .overloaded)
        #expect(AdaptiveConcurrency.Signal(result(500, .httpStatus)) == .overloaded)
        #expect(AdaptiveConcurrency.Signal(result(429, .httpStatus)) == .overloaded)
        #expect(AdaptiveConcurrency.Signal(result(nil, .timeout)) == .overloaded)
        #expect(AdaptiveConcurrency.Signal(result(nil, .connection)) == .overloaded)
        #expect(AdaptiveConcurrency.Signal(result(nil, .tls)) == .neutral)
        #expect(AdaptiveConcurrency.Signal(result(nil, .dns)) == .neutral)
    }
}
