import ArgumentParser

/// The `hookline` command: the server and the operator's tools.
@main
struct Hookline: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hookline",
        abstract: "A self-hosted webhook service compatible with BigCommerce's Webhooks API v3.",
        version: HooklineVersion.current,
        subcommands: [Serve.self, Stores.self, Accounts.self],
        defaultSubcommand: nil)
}

/// The version reported by `--version` and in delivery `User-Agent`s.
enum HooklineVersion {
    static let current = "0.1.0"
}
