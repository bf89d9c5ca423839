import ArgumentParser
import HooklineCore

/// The `hookline` command: the server and the operator's tools.
@main
struct Hookline: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hookline",
        abstract: "A self-hosted webhook service compatible with BigCommerce's Webhooks API v3.",
        version: HooklineVersion.current,
        subcommands: [
            Serve.self, Status.self, Stores.self, Accounts.self, AdminToken.self, Hooks.self, Emit.self, Deliveries.self,
            Listen.self, Inbound.self,
        ],
        defaultSubcommand: nil)
}
