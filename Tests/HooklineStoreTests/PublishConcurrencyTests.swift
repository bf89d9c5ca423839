import Foundation
import HooklineCore
import HooklineStore
import Testing

/// Publishing from many requests at once (SQLite writes them together in one transaction) and in
/// large batches (payloads encoded before the transaction): each call still gets exactly its own answer.
@Suite struct PublishConcurrencyTests {
    @Test(arguments: StorageFactory.all)
    func concurrentPublishesEachGetTheirOwnAnswer(_ factory: StorageFactory) async throws {
        try await factory.withStorage { storage in
            let (owner, _) = try await DeliveryStorageTests.setUp(storage, destinations: ["https://a.example/1"])
            enum Answer: Equatable {
                case published([PublishedEvent])
                case failed(StorageError)
            }
            // 30 distinct events, the same id 5 times, and 5 calls for a store that does not exist.
            let calls: [(store: String, id: String)] =
                (0..<30).map { (owner.storeHash, "e\($0)") } + (0..<5).map { _ in (owner.storeHash, "same") }
                + (0..<5).map { _ in ("nope", "x") }
            let answers = try await withThrowingTaskGroup(of: (Int, Answer).self) { group in
                for (index, call) in calls.enumerated() {
                    group.addTask {
                        do {
                            let published = try await storage.publish(
                                [DeliveryStorageTests.event(call.id)], storeHash: call.store, now: DeliveryStorageTests.t0)
                            return (index, .published(published))
                        } catch let error as StorageError {
                            return (index, .failed(error))
                        }
                    }
                }
                var answers: [Int: Answer] = [:]
                for try await (index, answer) in group { answers[index] = answer }
                return answers
            }
            for index in 0..<30 {
                #expect(answers[index] == .published([PublishedEvent(eventID: "e\(index)", deliveries: 1, duplicate: false)]))
            }
            let same = (30..<35).compactMap { index -> PublishedEvent? in
                guard case .published(let events)? = answers[index] else { return nil }
                return events.first
            }
            #expect(same.count == 5 && same.allSatisfy { $0.eventID == "same" && $0.deliveries == 1 })
            #expect(same.filter { !$0.duplicate }.count == 1)
            for index in 35..<40 { #expect(answers[index] == .failed(.storeNotFound(storeHash: "nope"))) }
            #expect(try await DeliveryStorageTests.claim(storage, now: DeliveryStorageTests.t0, limit: 100).count == 31)
        }
    }

    @Test(arguments: StorageFactory.all)
    func aLargeBatchKeepsItsOrderAndPayloads(_ factory: StorageFactory) async throws {
        try await factory.withStorage { storage in
            let (owner, _) = try await DeliveryStorageTests.setUp(storage, destinations: ["https://a.example/1"])
            let store = try #require(try await storage.store(hash: owner.storeHash))
            let events = (0..<300).map { DeliveryStorageTests.event("b\($0)", createdAt: 1_700_000_000 + Int64($0)) }
            _ = try await storage.publish([events[7]], storeHash: owner.storeHash, now: DeliveryStorageTests.t0)
            let published = try await storage.publish(events, storeHash: owner.storeHash, now: DeliveryStorageTests.t0)
            #expect(published.map(\.eventID) == events.map(\.eventID))
            #expect(published.filter(\.duplicate).map(\.eventID) == ["b7"])
            let claimed = try await DeliveryStorageTests.claim(storage, now: DeliveryStorageTests.t0, limit: 500, perHost: 500)
            #expect(claimed.count == 300)
            for delivery in claimed {
                let event = try #require(events.first { $0.eventID == delivery.eventID })
                let payload = try JSONDecoder().decode(CallbackPayload.self, from: delivery.payload)
                #expect(payload == CallbackPayload(event: event, storeHash: owner.storeHash, storeID: store.storeID))
            }
        }
    }
}
