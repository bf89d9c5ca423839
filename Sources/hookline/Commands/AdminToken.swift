import ArgumentParser
import HooklineCore

/// `hookline admin-token rotate`.
struct AdminToken: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "admin-token",
        abstract: "Manage the operator admin token of a running server.",
        subcommands: [Rotate.self])

    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Replace the admin token; prints the new one once. The old one is refused at once (on other nodes within a second).")
        @OptionGroup var connection: AdminConnectionOptions

        func run() async throws {
            let (raw, data) = try await connection.client().send(.POST, "/admin-token/rotate")
            if connection.json { print(raw); return }
            print("admin_token    \(TablePrinter.cell(data, "admin_token"))")
            print("""
                It is not shown again; the old token no longer works. Update HOOKLINE_ADMIN_TOKEN (or --admin-token)
                wherever 'hookline serve' is started: a token given at start replaces the stored one.
                """)
        }
    }
}
