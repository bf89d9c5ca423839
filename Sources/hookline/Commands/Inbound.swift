import ArgumentParser
import HooklineCore

/// `hookline inbound create|list|delete`: the senders the inbound gateway accepts webhooks from.
struct Inbound: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Declare, list and delete inbound sources: senders whose signed webhooks POST /inbound/{name} publishes into a store.",
        subcommands: [Create.self, List.self, Delete.self])

    /// The columns a source is shown with.
    static let columns = ["name", "store_hash", "path", "secret_hint", "created_at"]

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Declare a source; it then sends its webhooks to /inbound/NAME, signed with base64(SECRET).")
        @Option(help: "The source's name, the last part of its URL (lowercase letters, digits, '-' and '_').")
        var name: String
        @Option(help: "The store its webhooks are published into.")
        var storeHash: String
        @Option(help: "The sender's secret, e.g. the BigCommerce app's client secret. (HOOKLINE_INBOUND_SECRET)")
        var secret: String?
        @OptionGroup var connection: AdminConnectionOptions

        func run() async throws {
            guard let secret = secret ?? EnvironmentVariables.string("HOOKLINE_INBOUND_SECRET") else {
                throw ValidationError("the sender's secret is required: pass --secret or set HOOKLINE_INBOUND_SECRET")
            }
            let body: JSONValue = .object(["name": .string(name), "store_hash": .string(storeHash), "secret": .string(secret)])
            let (raw, data) = try await connection.client().send(.POST, "/inbound-sources", body: body)
            if connection.json { print(raw); return }
            TablePrinter.print(
                headers: Inbound.columns.map { $0.uppercased() }, rows: [Inbound.columns.map { TablePrinter.cell(data, $0) }])
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List sources (their secrets are not shown).")
        @OptionGroup var connection: AdminConnectionOptions

        func run() async throws {
            let (raw, data) = try await connection.client().send(.GET, "/inbound-sources")
            if connection.json { print(raw); return }
            guard case .array(let sources) = data else { return }
            TablePrinter.print(
                headers: Inbound.columns.map { $0.uppercased() },
                rows: sources.map { source in Inbound.columns.map { TablePrinter.cell(source, $0) } })
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete a source: its requests are refused from then on; what it published stays.")
        @Argument(help: "The source's name.") var name: String
        @OptionGroup var connection: AdminConnectionOptions

        func run() async throws {
            let (raw, _) = try await connection.client().send(.DELETE, "/inbound-sources/\(name)")
            if connection.json { print(raw.isEmpty ? "{}" : raw); return }
            print("Deleted inbound source \(name).")
        }
    }
}
