import ArgumentParser
import HooklineCore

/// `hookline stores create|list`.
struct Stores: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create and list stores on a running server.", subcommands: [Create.self, List.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a store.")
        @Option(help: "The store hash (lowercase letters and digits); generated if absent.")
        var storeHash: String?
        @OptionGroup var connection: AdminConnectionOptions

        func run() async throws {
            let body: JSONValue = .object(storeHash.map { ["store_hash": .string($0)] } ?? [:])
            let (raw, data) = try await connection.client().send(.POST, "/stores", body: body)
            if connection.json { print(raw); return }
            TablePrinter.print(
                headers: ["STORE_HASH", "STORE_ID", "CREATED_AT"],
                rows: [["store_hash", "store_id", "created_at"].map { TablePrinter.cell(data, $0) }])
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List stores.")
        @Option(help: "Page number.") var page = 1
        @Option(help: "Stores per page.") var limit = 50
        @OptionGroup var connection: AdminConnectionOptions

        func run() async throws {
            let (raw, data) = try await connection.client().send(.GET, "/stores?page=\(page)&limit=\(limit)")
            if connection.json { print(raw); return }
            guard case .array(let stores) = data else { return }
            TablePrinter.print(
                headers: ["STORE_HASH", "STORE_ID", "CREATED_AT"],
                rows: stores.map { store in ["store_hash", "store_id", "created_at"].map { TablePrinter.cell(store, $0) } })
        }
    }
}
