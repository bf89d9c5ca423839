import HooklineAPI
import HooklineCore

/// The demo store and account `serve --demo` creates, and the instructions it prints.
enum DemoTenant {
    static let storeHash = DemoReceiver.storeHash
    static let accountName = "demo"

    static func printInstructions(
        store: CommerceStore, issued: TenantProvisioning.IssuedAccount, demoHook: Webhook?, baseURL: String
    ) {
        let token = issued.accessToken
        if let demoHook {
            Console.line("""

                Demo webhook \(demoHook.id) delivers \(demoHook.scope) to the built-in receiver \(demoHook.destination).
                Make a first delivery (in another terminal, with the admin token):
                  \(DemoReceiver.emitCommand(baseURL: baseURL))
                See it on the dashboard: \(baseURL)/dashboard (log in with the admin token), then \(baseURL)\(DemoReceiver.dashboardPath)
                or as JSON: curl -s \(baseURL)/admin/v1/demo/receiver -H "Authorization: Bearer $HOOKLINE_ADMIN_TOKEN"
                """)
        }
        Console.line("""

            Demo store ready (http and private destinations are allowed in demo mode).
              store_hash:    \(store.storeHash)
              store_id:      \(store.storeID)
              client_id:     \(issued.account.clientID)
              client_secret: \(issued.account.clientSecret)
              access_token:  \(token)   (a new one on every demo start)

            Create a webhook:
              curl -s -X POST \(baseURL)/stores/\(store.storeHash)/v3/hooks \\
                -H 'X-Auth-Token: \(token)' -H 'Content-Type: application/json' \\
                -d '{"scope": "store/order/created", "destination": "https://example.com/webhooks", "is_active": true}'
            List webhooks:
              curl -s \(baseURL)/stores/\(store.storeHash)/v3/hooks -H 'X-Auth-Token: \(token)'

            """)
    }
}
