import HooklineAPI
import HooklineCore
import Hummingbird
import Testing

/// Bad input: every case is a clear BigCommerce-shaped 4xx, never a 5xx, and nothing is written.
@Suite struct HooksValidationTests {
    /// (body, field expected in `errors`)
    static let invalidBodies: [(String, String)] = [
        (#"{"destination": "https://example.com/x"}"#, "scope"),
        (#"{"scope": "store/order/created"}"#, "destination"),
        (#"{"scope": "store/nothing/here", "destination": "https://example.com/x"}"#, "scope"),
        (#"{"scope": "store/order/*/created", "destination": "https://example.com/x"}"#, "scope"),
        (#"{"scope": "", "destination": "https://example.com/x"}"#, "scope"),
        (#"{"scope": 42, "destination": "https://example.com/x"}"#, "scope"),
        (#"{"scope": "store/order/created", "destination": "http://example.com/x"}"#, "destination"),
        (#"{"scope": "store/order/created", "destination": "https://example.com:8443/x"}"#, "destination"),
        (#"{"scope": "store/order/created", "destination": "example.com/x"}"#, "destination"),
        (#"{"scope": "store/order/created", "destination": "https://127.0.0.1/x"}"#, "destination"),
        (#"{"scope": "store/order/created", "destination": "https://10.1.2.3/x"}"#, "destination"),
        (#"{"scope": "store/order/created", "destination": "https://169.254.169.254/latest"}"#, "destination"),
        (#"{"scope": "store/order/created", "destination": "https://[::1]/x"}"#, "destination"),
        (#"{"scope": "store/order/created", "destination": "https://localhost/x"}"#, "destination"),
        (#"{"scope": "store/order/created", "destination": "https://user:pw@example.com/x"}"#, "destination"),
        (#"{"scope": "store/order/created", "destination": ["https://example.com"]}"#, "destination"),
        (#"{"scope": "store/order/created", "destination": "https://example.com/x", "is_active": "yes"}"#, "is_active"),
        (#"{"scope": "store/order/created", "destination": "https://example.com/x", "events_history_enabled": 1}"#, "events_history_enabled"),
        (#"{"scope": "store/order/created", "destination": "https://example.com/x", "headers": {"A": 1}}"#, "headers"),
        (#"{"scope": "store/order/created", "destination": "https://example.com/x", "headers": ["A"]}"#, "headers"),
        (#"{"scope": "store/order/created", "destination": "https://example.com/x", "headers": {"bad name": "v"}}"#, "headers"),
        (#"{"scope": "store/order/created", "destination": "https://example.com/x", "headers": {"webhook-signature": "v"}}"#, "headers"),
        (#"{"scope": "store/order/created", "destination": "https://example.com/x", "headers": {"A": "line\nbreak"}}"#, "headers"),
        (#"{"scope": "store/order/created", "destination": "https://example.com/x", "colour": "blue"}"#, "colour"),
    ]

    @Test(arguments: invalidBodies)
    func invalidCreateBodiesAre422NamingTheField(_ body: String, _ field: String) async throws {
        try await TestHookline().run { api in
            let tenant = try await api.makeTenant()
            let response = try await api.send(.post, tenant.path("/hooks"), token: tenant.token, body: body)
            #expect(response.status == 422, "\(body) → \(response.status) \(response.text)")
            #expect(response.json["status"].int == 422)
            #expect(response.json["title"].string == "JSON data is missing or invalid")
            #expect(response.json["type"].string == "/api-docs/getting-started/api-status-codes")
            #expect(response.json["errors"][field].string != nil, "errors must name \(field): \(response.text)")
            let list = try await api.send(.get, tenant.path("/hooks"), token: tenant.token)
            #expect(list.json["meta"]["pagination"]["total"].int == 0, "nothing may be written")
        }
    }

    @Test(arguments: ["{", "{\"scope\": ", "not json", "{\"a\":1}}", "\u{FF}"])
    func malformedJSONIs400(_ body: String) async throws {
        try await TestHookline().run { api in
            let tenant = try await api.makeTenant()
            let response = try await api.send(.post, tenant.path("/hooks"), token: tenant.token, body: body)
            #expect(response.status == 400, "\(body) → \(response.text)")
            #expect(response.json["title"].string?.contains("not valid JSON") == true)
        }
    }

    @Test(arguments: ["[]", "\"text\"", "42", "null", "true"])
    func jsonThatIsNotAnObjectIs422(_ body: String) async throws {
        try await TestHookline().run { api in
            let tenant = try await api.makeTenant()
            let response = try await api.send(.post, tenant.path("/hooks"), token: tenant.token, body: body)
            #expect(response.status == 422, "\(body) → \(response.text)")
        }
    }

    @Test func emptyCreateBodyIs422() async throws {
        try await TestHookline().run { api in
            let tenant = try await api.makeTenant()
            let response = try await api.send(.post, tenant.path("/hooks"), token: tenant.token)
            #expect(response.status == 422)
            #expect(response.json["errors"]["scope"].string == "is required")
        }
    }

    @Test func hugeBodyIs413() async throws {
        try await TestHookline().run { api in
            let tenant = try await api.makeTenant()
            let padding = String(repeating: "a", count: 1_100_000)
            let response = try await api.send(
                .post, tenant.path("/hooks"), token: tenant.token,
                body: #"{"scope": "store/order/created", "destination": "https://example.com/x", "pad": "\#(padding)"}"#)
            #expect(response.status == 413)
            #expect(response.json["status"].int == 413)
            let list = try await api.send(.get, tenant.path("/hooks"), token: tenant.token)
            #expect(list.json["meta"]["pagination"]["total"].int == 0)
        }
    }

    @Test(arguments: ["{}", "", #"{"id": 5}"#])
    func updateWithoutFieldsIs422(_ body: String) async throws {
        try await TestHookline().run { api in
            let tenant = try await api.makeTenant()
            let id = try await api.createHook(tenant)
            let response = try await api.send(
                .put, tenant.path("/hooks/\(id)"), token: tenant.token, body: body.isEmpty ? nil : body)
            #expect(response.status == 422, "\(body) → \(response.text)")
            #expect(response.json["errors"]["body"].string != nil)
        }
    }

    @Test func invalidUpdateChangesNothing() async throws {
        try await TestHookline().run { api in
            let tenant = try await api.makeTenant()
            let id = try await api.createHook(tenant)
            let response = try await api.send(
                .put, tenant.path("/hooks/\(id)"), token: tenant.token,
                body: #"{"is_active": false, "destination": "ftp://example.com"}"#)
            #expect(response.status == 422)
            let hook = try await api.send(.get, tenant.path("/hooks/\(id)"), token: tenant.token)
            #expect(hook.json["data"]["is_active"].bool == true)
            #expect(hook.json["data"]["destination"].string == "https://example.com/hooks")
        }
    }

    @Test func readOnlyFieldsEchoedBackAreIgnored() async throws {
        try await TestHookline().run { api in
            let tenant = try await api.makeTenant()
            let id = try await api.createHook(tenant)
            let response = try await api.send(
                .put, tenant.path("/hooks/\(id)"), token: tenant.token,
                body: #"{"id": 999, "client_id": "other", "created_at": 1, "is_active": false}"#)
            #expect(response.status == 200)
            #expect(response.json["data"]["id"].int == id)
            #expect(response.json["data"]["client_id"].string == tenant.clientID)
        }
    }

    @Test(arguments: ["abc", "0", "-3", "99999999999999999999", "1.5", "%20"])
    func malformedOrOutOfRangeIDsAre404(_ id: String) async throws {
        try await TestHookline().run { api in
            let tenant = try await api.makeTenant()
            for method in [HTTPRequest.Method.get, .delete] {
                let response = try await api.send(method, tenant.path("/hooks/\(id)"), token: tenant.token)
                #expect(response.status == 404, "\(method) \(id) → \(response.text)")
                #expect(response.json["title"].string?.hasPrefix("Webhook with id [") == true)
            }
            let put = try await api.send(.put, tenant.path("/hooks/\(id)"), token: tenant.token, body: #"{"is_active": true}"#)
            #expect(put.status == 404)
        }
    }

    @Test func wrongMethodsAre405WithAllow() async throws {
        try await TestHookline().run { api in
            let tenant = try await api.makeTenant()
            let patch = try await api.send(.patch, tenant.path("/hooks"), token: tenant.token, body: "{}")
            #expect(patch.status == 405)
            #expect(patch.header("Allow") == "GET, POST")
            #expect(patch.json["status"].int == 405)
            let delete = try await api.send(.delete, tenant.path("/hooks"), token: tenant.token)
            #expect(delete.status == 405)
            let post = try await api.send(.post, tenant.path("/hooks/1"), token: tenant.token, body: "{}")
            #expect(post.status == 405)
            #expect(post.header("Allow") == "GET, PUT, DELETE")
            let adminDelete = try await api.send(.delete, tenant.path("/hooks/admin"), token: tenant.token)
            #expect(adminDelete.status == 405)
        }
    }

    @Test func methodsTheSpecDoesNotDeclareAre405WithAllow() async throws {
        try await TestHookline().run { api in
            let tenant = try await api.makeTenant()
            let cases: [(HTTPRequest.Method, String, String)] = [
                (.trace, "/hooks/admin", "GET, PUT"), (.options, "/hooks/admin", "GET, PUT"),
                (.trace, "/hooks", "GET, POST"), (.options, "/hooks/1", "GET, PUT, DELETE"),
                (.trace, "/hooks/events", "GET"),
            ]
            for (method, path, allow) in cases {
                let response = try await api.send(method, tenant.path(path), token: tenant.token)
                #expect(response.status == 405, "\(method) \(path) → \(response.status) \(response.text)")
                #expect(response.header("Allow") == allow, "\(method) \(path)")
                #expect(response.json["status"].int == 405)
            }
            let adminTrace = try await api.send(.trace, "/admin/v1/stores", admin: true)
            #expect(adminTrace.status == 405)
            #expect(adminTrace.header("Allow") == "GET, POST")
        }
    }

    @Test func unknownPathsAre404InBigCommerceShape() async throws {
        try await TestHookline().run { api in
            let tenant = try await api.makeTenant()
            let response = try await api.send(.get, tenant.path("/nothing"), token: tenant.token)
            #expect(response.status == 404)
            #expect(response.json["status"].int == 404)
            let root = try await api.send(.get, "/definitely/not/here")
            #expect(root.status == 404)
            #expect(root.json["type"].string == "/api-docs/getting-started/api-status-codes")
        }
    }

    @Test func insecureAndPrivateDestinationsNeedTheOperatorsPermission() async throws {
        var settings = TestHookline.developmentSettings
        settings.destinationPolicy = DestinationPolicy(allowInsecure: true, allowPrivate: true)
        try await TestHookline(settings: settings).run { api in
            let tenant = try await api.makeTenant()
            _ = try await api.createHook(tenant, destination: "http://127.0.0.1:9999/hook")
            _ = try await api.createHook(tenant, destination: "http://localhost:8080/hook")
            let ftp = try await api.send(
                .post, tenant.path("/hooks"), token: tenant.token,
                body: #"{"scope": "store/order/created", "destination": "ftp://127.0.0.1/x"}"#)
            #expect(ftp.status == 422)
        }
    }
}
