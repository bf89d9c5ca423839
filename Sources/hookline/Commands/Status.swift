import ArgumentParser
import HooklineCore

/// `hookline status`: the delivery queue and recent delivery rates of a running server (`GET /admin/v1/status`).
struct Status: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show the delivery queue, in-flight deliveries, delivery and failure rates and blocked domains.")

    @OptionGroup var connection: AdminConnectionOptions

    func run() async throws {
        let (raw, data) = try await connection.client().send(.GET, "/status")
        if connection.json { print(raw); return }
        let window = TablePrinter.cell(data, "window_seconds")
        let ratio: String =
            if case .object(let object) = data, case .number(let value)? = object["failure_ratio"] {
                String(format: "%.1f %%", value * 100)
            } else { "" }
        let rate: String =
            if case .object(let object) = data, case .number(let value)? = object["attempts_per_second"] {
                String(format: "%.2f/s", value)
            } else { "" }
        TablePrinter.print(
            headers: ["WHAT", "VALUE"],
            rows: [
                ["pending", TablePrinter.cell(data, "pending")],
                ["due now", TablePrinter.cell(data, "due")],
                ["in flight", TablePrinter.cell(data, "in_flight")],
                ["blocked domains", TablePrinter.cell(data, "blocked_domains")],
                ["attempts (last \(window) s)", TablePrinter.cell(data, "attempts")],
                ["delivery rate", rate],
                ["failures", TablePrinter.cell(data, "failures")],
                ["failure ratio", ratio],
            ])
    }
}
