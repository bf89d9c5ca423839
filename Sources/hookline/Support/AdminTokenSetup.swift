import HooklineCore
import HooklineStore

/// Decides the operator admin token at start.
///
/// A token given on the command line (or environment) replaces the stored one. Without one, the
/// stored token stays in force; on the very first start a token is generated and printed once.
enum AdminTokenSetup {
    static func resolve(given: String?, storage: any HooklineStorage, demo: Bool) async throws -> String {
        if let given {
            let hash = Credentials.tokenHash(given)
            if try await storage.adminTokenHash() != hash { try await storage.setAdminTokenHash(hash) }
            return hash
        }
        if let stored = try await storage.adminTokenHash() {
            Console.line("Admin token: the one printed at first start (pass --admin-token or HOOKLINE_ADMIN_TOKEN to replace it).")
            return stored
        }
        let token = Credentials.newAdminToken()
        let hash = Credentials.tokenHash(token)
        try await storage.setAdminTokenHash(hash)
        Console.line("""
            Generated the operator admin token. It is shown only this once; keep it:
              \(token)
            Use it as 'Authorization: Bearer <token>' on /admin/v1, or export HOOKLINE_ADMIN_TOKEN for the CLI.
            """)
        return hash
    }
}
