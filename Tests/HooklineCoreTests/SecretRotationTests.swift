import HooklineCore
import Testing

/// Which secrets sign an account's deliveries around a rotation, and which overlaps are accepted.
@Suite struct SecretRotationTests {
    @Test func theReplacedSecretSignsSecondUntilItsExpiry() {
        let secrets = SigningSecrets(current: "new", previous: "old", previousExpiresAt: 1_000)
        #expect(secrets.signing(at: 0) == ["new", "old"])
        #expect(secrets.signing(at: 999) == ["new", "old"])
        #expect(secrets.signing(at: 1_000) == ["new"], "the expiry itself is after the overlap")
        #expect(secrets.signing(at: 5_000) == ["new"])
        #expect(secrets.previousSigning(at: 999) == "old" && secrets.previousSigning(at: 1_000) == nil)
    }

    @Test func anAccountNeverRotatedSignsWithItsSecretAlone() {
        #expect(SigningSecrets(current: "only").signing(at: 0) == ["only"])
        #expect(SigningSecrets(current: "s", previous: "old", previousExpiresAt: nil).signing(at: 0) == ["s"])
        #expect(SigningSecrets(current: "same", previous: "same", previousExpiresAt: 10).signing(at: 0) == ["same"])
    }

    @Test func overlapDefaultsToADayAndIsAtMostAWeek() throws {
        #expect(try SecretRotation(overlapSeconds: nil as JSONValue?).overlapSeconds == 86_400)
        #expect(try SecretRotation(overlapSeconds: JSONValue.null).overlapSeconds == 86_400)
        #expect(try SecretRotation(overlapSeconds: JSONValue.number(2)).overlapSeconds == 2)
        #expect(try SecretRotation(overlapSeconds: JSONValue.number(0)).overlapSeconds == 0)
        #expect(try SecretRotation(overlapSeconds: JSONValue.number(604_800)).overlapSeconds == 604_800)
        #expect(try SecretRotation(overlapSeconds: 60).previousExpiresAt(now: 1_000) == 1_060)
    }

    @Test(arguments: [
        (JSONValue.number(-1), "0 to 604800"), (.number(604_801), "0 to 604800"), (.number(1.5), "whole number"),
        (.number(1e300), "whole number"), (.string("60"), "not string"), (.bool(true), "not boolean"),
    ])
    func badOverlapsSayWhatIsAccepted(_ value: JSONValue, _ message: String) {
        #expect {
            _ = try SecretRotation(overlapSeconds: value)
        } throws: { error in
            (error as? SecretRotationError)?.message.contains(message) == true
        }
    }
}
