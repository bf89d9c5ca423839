import Foundation
import HooklineStore
import Testing

/// Makes a fresh, empty storage of one kind; every storage test runs once per kind.
struct StorageFactory: Sendable, CustomTestStringConvertible {
    var name: String
    /// Opens storage at a location; calling it twice with the same location reopens the same data.
    var open: @Sendable (_ location: String) throws -> any HooklineStorage
    /// A new, unused location.
    var newLocation: @Sendable () -> String

    var testDescription: String { name }

    static let sqlite = StorageFactory(
        name: "SQLite",
        open: { try SQLiteStorage(path: $0) },
        newLocation: {
            FileManager.default.temporaryDirectory
                .appendingPathComponent("hookline-store-tests-\(UUID().uuidString)/hookline.sqlite").path
        })

    /// Every storage kind this build has.
    static let all: [StorageFactory] = [.sqlite]

    /// A fresh storage.
    func make() throws -> any HooklineStorage { try open(newLocation()) }
}
