import ArgumentParser
import HooklineCore

/// `hookline hooks list|create|update|delete`: a store's webhooks through the BigCommerce client API,
/// with an API account's access token, as any client of Hookline would manage them.
struct Hooks: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List, create, update and delete webhooks through the client API (with an access token).",
        subcommands: [List.self, Create.self, Update.self, Delete.self])

    /// Options every `hooks` command shares: where the server is, which store, whose token.
    struct ClientConnectionOptions: ParsableArguments {
        @Option(help: "Base URL of a running Hookline server. (HOOKLINE_SERVER)")
        var server: String = EnvironmentVariables.string("HOOKLINE_SERVER") ?? "http://127.0.0.1:8080"

        @Option(help: "The store's hash. (HOOKLINE_STORE)")
        var store: String? = EnvironmentVariables.string("HOOKLINE_STORE")

        @Option(help: "The API account's access token. (HOOKLINE_ACCESS_TOKEN)")
        var accessToken: String?

        @Flag(help: "Print the server's JSON answer instead of a table.")
        var json = false

        func client() throws -> AdminClient {
            guard let store else { throw ValidationError("the store is required: pass --store or set HOOKLINE_STORE") }
            guard let token = accessToken ?? EnvironmentVariables.string("HOOKLINE_ACCESS_TOKEN") else {
                throw ValidationError("the access token is required: pass --access-token or set HOOKLINE_ACCESS_TOKEN")
            }
            var base = server
            while base.hasSuffix("/") { base.removeLast() }
            return AdminClient(baseURL: base, storeHash: store, accessToken: token)
        }
    }

    /// The columns a webhook is shown with.
    static let columns = ["id", "scope", "destination", "is_active", "events_history_enabled", "updated_at"]

    /// Prints webhooks as a table.
    static func printTable(_ hooks: [JSONValue]) {
        TablePrinter.print(
            headers: columns.map { $0.uppercased() },
            rows: hooks.map { hook in columns.map { TablePrinter.cell(hook, $0) } })
    }

    /// `--header Name:value` options as the webhook's `headers` object.
    static func headers(_ pairs: [String]) throws -> JSONValue? {
        guard !pairs.isEmpty else { return nil }
        var headers: [String: JSONValue] = [:]
        for pair in pairs {
            guard let colon = pair.firstIndex(of: ":"), colon != pair.startIndex else {
                throw ValidationError("--header must be Name:value, not '\(pair)'")
            }
            headers[String(pair[..<colon])] = .string(pair[pair.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        return .object(headers)
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the account's webhooks.")
        @Option(help: "Page number.") var page = 1
        @Option(help: "Webhooks per page (at most 250).") var limit = 50
        @OptionGroup var connection: ClientConnectionOptions

        func run() async throws {
            let (raw, data) = try await connection.client().send(.GET, "/hooks?page=\(page)&limit=\(limit)")
            if connection.json { print(raw); return }
            guard case .array(let hooks) = data, !hooks.isEmpty else {
                print("No webhooks.")
                return
            }
            Hooks.printTable(hooks)
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a webhook.")
        @Option(help: "What it subscribes to, such as store/order/created or store/order/*.") var scope: String
        @Option(help: "Where deliveries go (https on port 443 unless the server allows others).") var destination: String
        @Option(help: "A header sent with each delivery, Name:value; repeatable.") var header: [String] = []
        @Flag(help: "Create it inactive.") var inactive = false
        @Flag(help: "Keep events that could not be delivered for /hooks/events.") var eventsHistory = false
        @OptionGroup var connection: ClientConnectionOptions

        func run() async throws {
            var body: [String: JSONValue] = [
                "scope": .string(scope), "destination": .string(destination), "is_active": .bool(!inactive),
                "events_history_enabled": .bool(eventsHistory),
            ]
            body["headers"] = try Hooks.headers(header)
            let (raw, data) = try await connection.client().send(.POST, "/hooks", body: .object(body))
            if connection.json { print(raw); return }
            Hooks.printTable([data])
        }
    }

    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Change a webhook; what is not given stays.")
        @Argument(help: "The webhook's id.") var id: Int64
        @Option(help: "A new scope.") var scope: String?
        @Option(help: "A new destination.") var destination: String?
        @Option(help: "Active (true) or not (false).") var active: Bool?
        @Option(help: "Keep undeliverable events for /hooks/events (true or false).") var eventsHistory: Bool?
        @Option(help: "Replace the headers with these, Name:value; repeatable.") var header: [String] = []
        @OptionGroup var connection: ClientConnectionOptions

        func validate() throws {
            guard scope != nil || destination != nil || active != nil || eventsHistory != nil || !header.isEmpty else {
                throw ValidationError("nothing to change: pass --scope, --destination, --active, --events-history or --header")
            }
        }

        func run() async throws {
            var body: [String: JSONValue] = [:]
            if let scope { body["scope"] = .string(scope) }
            if let destination { body["destination"] = .string(destination) }
            if let active { body["is_active"] = .bool(active) }
            if let eventsHistory { body["events_history_enabled"] = .bool(eventsHistory) }
            body["headers"] = try Hooks.headers(header)
            let (raw, data) = try await connection.client().send(.PUT, "/hooks/\(id)", body: .object(body))
            if connection.json { print(raw); return }
            Hooks.printTable([data])
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a webhook.")
        @Argument(help: "The webhook's id.") var id: Int64
        @OptionGroup var connection: ClientConnectionOptions

        func run() async throws {
            let (raw, _) = try await connection.client().send(.DELETE, "/hooks/\(id)")
            if connection.json { print(raw); return }
            print("Deleted webhook \(id).")
        }
    }
}
