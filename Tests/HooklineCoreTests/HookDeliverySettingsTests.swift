import HooklineCore
import Testing

/// The delivery settings' rules: parsing a change, and which deliveries a gated claim takes.
@Suite struct HookDeliverySettingsTests {
    typealias Candidate = HookClaimGate.Candidate

    @Test func aChangeKeepsWhatItLeavesOutAndNullRemovesALimit() {
        let current = HookDeliverySettings(ordering: .fifo, maxPerSecond: 5, maxInFlight: 2)
        let change = HookDeliverySettingsChange(["max_per_second": .null, "max_in_flight": .number(9)])
        #expect(change.errors.isEmpty)
        #expect(change.applied(to: current) == HookDeliverySettings(ordering: .fifo, maxInFlight: 9))
        #expect(
            HookDeliverySettingsChange(["ordering": .string("any")]).applied(to: current)
                == HookDeliverySettings(ordering: .any, maxPerSecond: 5, maxInFlight: 2))
    }

    @Test func aChangeNamesEveryWrongField() {
        let change = HookDeliverySettingsChange([
            "ordering": .string("lifo"), "max_per_second": .number(0), "max_in_flight": .string("2"), "speed": .number(1),
        ])
        #expect(change.errors["ordering"] == "'lifo' is not an ordering; use \"any\" or \"fifo\"")
        #expect(change.errors["max_per_second"] == "must be a whole number from 1 to 10000, or null for no limit")
        #expect(change.errors["max_in_flight"] == "must be a whole number from 1 to 1000, or null for no limit, not string")
        #expect(change.errors["speed"]?.hasPrefix("unknown field") == true)
        #expect(HookDeliverySettingsChange(["max_in_flight": .number(1.5)]).errors["max_in_flight"] != nil)
        #expect(HookDeliverySettingsChange(["max_per_second": .number(10_001)]).errors["max_per_second"] != nil)
        #expect(HookDeliverySettingsChange(["ordering": .number(1)]).errors["ordering"] == "must be \"any\" or \"fifo\", not number")
        #expect(HookDeliverySettingsChange([:]).errors["body"] != nil)
    }

    @Test func everySettingButTheDefaultsGatesClaims() {
        #expect(!HookDeliverySettings.unconfigured.limitsClaims)
        #expect(HookDeliverySettings(maxPerSecond: 3).limitsClaims)
        #expect(HookDeliverySettings(ordering: .fifo).limitsClaims)
        #expect(HookDeliverySettings(maxInFlight: 4).limitsClaims)
    }

    @Test func howManyMayBeLeasedAtOnce() {
        #expect(HookDeliverySettings.unconfigured.maxLeased == nil)
        #expect(HookDeliverySettings(ordering: .fifo, maxPerSecond: 50, maxInFlight: 4).maxLeased == 1)
        #expect(HookDeliverySettings(maxInFlight: 4).maxLeased == 4)
        // Two seconds of the rate, or max_in_flight if lower.
        #expect(HookDeliverySettings(maxPerSecond: 3).maxLeased == 6)
        #expect(HookDeliverySettings(maxPerSecond: 3, maxInFlight: 4).maxLeased == 4)
        #expect(HookDeliverySettings(maxPerSecond: 3, maxInFlight: 40).maxLeased == 6)
        #expect(HookDeliverySettings(maxPerSecond: 3).claimAllowance(inFlight: 5, hookActive: true) == 1)
        #expect(HookDeliverySettings(maxPerSecond: 3).claimAllowance(inFlight: 9, hookActive: true) == 0)
        #expect(HookDeliverySettings(maxPerSecond: 3).claimAllowance(inFlight: 9, hookActive: false) == nil)
    }

    static let now: Int64 = 10_000
    static let pending = [
        Candidate(id: 1, host: "a.example", dueAt: 9_000), Candidate(id: 2, host: "a.example", dueAt: 9_500),
        Candidate(id: 3, host: "a.example", dueAt: 10_000), Candidate(id: 4, host: "a.example", dueAt: 12_000),
    ]

    @Test func fifoTakesTheHeadOnlyWhenNothingIsInFlightAndItIsDue() {
        let fifo = HookDeliverySettings(ordering: .fifo)
        let idle = HookClaimGate(settings: fifo, hookActive: true, inFlight: 0)
        #expect(idle.readsHeadOnly && idle.candidateLimit(room: 50, perHostLimit: 10) == 1)
        #expect(idle.chosen(from: Self.pending, now: Self.now, room: 50, perHostLimit: 10, excludingHosts: []).map(\.id) == [1])
        // The head waits for a retry (or is leased): nothing, though later ones are due.
        let waiting = [Candidate(id: 1, host: "a.example", dueAt: 12_000)]
        #expect(idle.chosen(from: waiting, now: Self.now, room: 50, perHostLimit: 10, excludingHosts: []).isEmpty)
        let busy = HookClaimGate(settings: fifo, hookActive: true, inFlight: 1)
        #expect(busy.chosen(from: Self.pending, now: Self.now, room: 50, perHostLimit: 10, excludingHosts: []).isEmpty)
        // Its host excluded, or no room: nothing.
        #expect(idle.chosen(from: Self.pending, now: Self.now, room: 50, perHostLimit: 10, excludingHosts: ["a.example"]).isEmpty)
        #expect(idle.chosen(from: Self.pending, now: Self.now, room: 0, perHostLimit: 10, excludingHosts: []).isEmpty)
    }

    @Test func maxInFlightTakesDueOnesUpToTheRoomLeft() {
        let gate = HookClaimGate(settings: HookDeliverySettings(maxInFlight: 3), hookActive: true, inFlight: 1)
        #expect(!gate.readsHeadOnly && gate.candidateLimit(room: 50, perHostLimit: 10) == 2)
        #expect(gate.chosen(from: Self.pending, now: Self.now, room: 50, perHostLimit: 10, excludingHosts: []).map(\.id) == [1, 2])
        let full = HookClaimGate(settings: HookDeliverySettings(maxInFlight: 3), hookActive: true, inFlight: 3)
        #expect(full.candidateLimit(room: 50, perHostLimit: 10) == 0)
    }

    @Test func anInactiveWebhookDrainsAsAnyOther() {
        let gate = HookClaimGate(settings: HookDeliverySettings(ordering: .fifo), hookActive: false, inFlight: 1)
        #expect(!gate.readsHeadOnly && gate.candidateLimit(room: 50, perHostLimit: 10) == 10)
        #expect(gate.chosen(from: Self.pending, now: Self.now, room: 50, perHostLimit: 10, excludingHosts: []).map(\.id) == [1, 2, 3])
    }
}
