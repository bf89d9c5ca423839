import ArgumentParser
import HooklineCore

/// `hookline accounts create|list|revoke|rotate-secret|rotate-token`.
struct Accounts: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Issue, list, revoke and rotate the credentials of a store's API accounts on a running server.",
        subcommands: [Create.self, List.self, Revoke.self, RotateSecret.self, RotateToken.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create an API account; prints its client secret and access token once.")
        @Option(help: "The store's hash.") var store: String
        @Option(help: "A label for the account.") var name: String?
        @OptionGroup var connection: AdminConnectionOptions

        func run() async throws {
            let body: JSONValue = .object(name.map { ["name": .string($0)] } ?? [:])
            let (raw, data) = try await connection.client().send(.POST, "/stores/\(store)/accounts", body: body)
            if connection.json { print(raw); return }
            for key in ["store_hash", "client_id", "client_secret", "access_token", "name"] {
                print("\(key.padding(toLength: 14, withPad: " ", startingAt: 0)) \(TablePrinter.cell(data, key))")
            }
            print("The client secret and access token are not shown again.")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List a store's API accounts.")
        @Option(help: "The store's hash.") var store: String
        @OptionGroup var connection: AdminConnectionOptions

        func run() async throws {
            let (raw, data) = try await connection.client().send(.GET, "/stores/\(store)/accounts")
            if connection.json { print(raw); return }
            guard case .array(let accounts) = data else { return }
            TablePrinter.print(
                headers: ["CLIENT_ID", "NAME", "CREATED_AT"],
                rows: accounts.map { account in ["client_id", "name", "created_at"].map { TablePrinter.cell(account, $0) } })
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Revoke an API account: its token stops working and its webhooks are deleted.")
        @OptionGroup var account: AccountArguments
        @OptionGroup var connection: AdminConnectionOptions

        func run() async throws {
            let (raw, _) = try await connection.client().send(.DELETE, account.path)
            if connection.json { print(raw.isEmpty ? "{}" : raw); return }
            print("Revoked \(account.clientID); its webhooks were deleted.")
        }
    }

    struct RotateSecret: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rotate-secret",
            abstract: "Give an API account a new client secret; prints it once. The old one keeps signing beside it for the overlap.")
        @OptionGroup var account: AccountArguments
        @Option(help: "Seconds the old secret keeps signing beside the new one (0 to 604800; default 86400).")
        var overlapSeconds: Int64?
        @OptionGroup var connection: AdminConnectionOptions

        func run() async throws {
            let body: JSONValue = .object(overlapSeconds.map { ["overlap_seconds": .number(Double($0))] } ?? [:])
            let (raw, data) = try await connection.client().send(
                .POST, account.path + "/rotate-secret", body: body)
            if connection.json { print(raw); return }
            for key in ["client_secret", "previous_expires_at"] {
                print("\(key.padding(toLength: 20, withPad: " ", startingAt: 0)) \(TablePrinter.cell(data, key))")
            }
            print("The new client secret is not shown again. Until previous_expires_at every delivery carries both signatures.")
        }
    }

    struct RotateToken: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rotate-token",
            abstract: "Give an API account a new access token; prints it once. The old one is refused at once.")
        @OptionGroup var account: AccountArguments
        @OptionGroup var connection: AdminConnectionOptions

        func run() async throws {
            let (raw, data) = try await connection.client().send(.POST, account.path + "/rotate-token")
            if connection.json { print(raw); return }
            print("access_token \(TablePrinter.cell(data, "access_token"))")
            print("The access token is not shown again; the old one no longer works.")
        }
    }
}

/// The account a command acts on: its store and its client id.
struct AccountArguments: ParsableArguments {
    @Option(help: "The store's hash.") var store: String
    @Argument(help: "The account's client id.") var clientID: String

    /// The account's path under `/admin/v1`.
    var path: String { "/stores/\(store)/accounts/\(clientID)" }
}
