import Foundation
import HooklineCore

/// Encodes the callback payloads of a batch of events, spread over the machine's cores: encoding is
/// most of the work of publishing, and it needs nothing from the database but the store's id, so it
/// runs before the write transaction rather than inside it.
enum PayloadEncoding {
    /// Events below this count are encoded on the calling task.
    static let parallelThreshold = 64

    /// The payload of each event, as text, in the events' order.
    static func encode(_ events: [EventDraft], storeHash: String, storeID: Int64) async throws -> [String] {
        let chunkCount = events.count < parallelThreshold ? 1 : max(1, min(8, ProcessInfo.processInfo.activeProcessorCount))
        if chunkCount == 1 { return try encodeSerially(events[...], storeHash: storeHash, storeID: storeID) }
        let chunkSize = (events.count + chunkCount - 1) / chunkCount
        return try await withThrowingTaskGroup(of: (Int, [String]).self) { group in
            for chunk in 0..<chunkCount {
                let slice = events[min(events.count, chunk * chunkSize)..<min(events.count, (chunk + 1) * chunkSize)]
                group.addTask { (chunk, try encodeSerially(slice, storeHash: storeHash, storeID: storeID)) }
            }
            var chunks = [[String]](repeating: [], count: chunkCount)
            for try await (index, payloads) in group { chunks[index] = payloads }
            return chunks.flatMap { $0 }
        }
    }

    /// The payloads of a slice of events, one after the other.
    static func encodeSerially(_ events: ArraySlice<EventDraft>, storeHash: String, storeID: Int64) throws -> [String] {
        try events.map { event in
            String(decoding: try CallbackPayload(event: event, storeHash: storeHash, storeID: storeID).encoded(), as: UTF8.self)
        }
    }

    /// A large batch's store id and payloads, encoded before the write transaction on every core;
    /// `nil` for a batch small enough to encode inside it (saving the store's read). `storeID` reads
    /// the store's id (`nil`: no such store, thrown as `StorageError.storeNotFound`).
    static func preencode(
        _ events: [EventDraft], storeHash: String, storeID: () async throws -> Int64?
    ) async throws -> (storeID: Int64, payloads: [String])? {
        guard events.count >= parallelThreshold else { return nil }
        guard let id = try await storeID() else { throw StorageError.storeNotFound(storeHash: storeHash) }
        return (id, try await encode(events, storeHash: storeHash, storeID: id))
    }
}
