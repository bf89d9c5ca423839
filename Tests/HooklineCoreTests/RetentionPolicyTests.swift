import HooklineCore
import Testing

/// `--retention`: durations, their errors, and the cutoff they give.
@Suite struct RetentionPolicyTests {
    @Test(arguments: [("30d", Int64(2_592_000)), ("12h", 43_200), ("90s", 90), ("15m", 900), (" 1d ", 86_400), ("3650d", 315_360_000)])
    func parsesDurations(_ text: String, _ seconds: Int64) throws {
        #expect(try RetentionPolicy(parsing: text).seconds == seconds)
    }

    @Test func theDefaultIsThirtyDays() throws {
        #expect(try RetentionPolicy(parsing: RetentionPolicy.defaultText).seconds == 30 * 86_400)
    }

    @Test(arguments: [
        ("", "not a duration"), ("30", "not a duration"), ("d", "not a duration"), ("1.5h", "not a duration"),
        ("-1d", "not a duration"), ("0s", "from 1s"), ("3651d", "from 1s"), ("30w", "s, m, h or d"),
        ("99999999999999999d", "longer than 3650d"),
    ])
    func refusesWhatIsNotADurationSayingWhatIs(_ text: String, _ message: String) {
        #expect {
            _ = try RetentionPolicy(parsing: text)
        } throws: { error in
            (error as? RetentionPolicyError)?.message.contains(message) == true
        }
    }

    @Test func theCutoffIsNowMinusTheRetentionInBothUnits() throws {
        let cutoff = try RetentionPolicy(parsing: "90s").cutoff(nowMilliseconds: 1_700_000_100_500)
        #expect(cutoff.milliseconds == 1_700_000_010_500)
        #expect(cutoff.seconds == 1_700_000_010)
        #expect(RetentionCutoff(milliseconds: -1).seconds == -1, "rounded down")
    }
}
