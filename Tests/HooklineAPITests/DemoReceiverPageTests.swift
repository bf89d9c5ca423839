import Foundation
import HTTPTypes
import HooklineAPI
import Testing

/// The dashboard's page of what the demo receiver got: each request's time, Standard Webhooks
/// headers and the start of its body, escaped; linked from the overview in demo mode only.
@Suite struct DemoReceiverPageTests {
    static var demoSettings: APISettings {
        var settings = TestHookline.developmentSettings
        settings.demoReceiver = DemoReceiver()
        return settings
    }

    @Test func theReceiversRequestsAreListedEscapedWithTheirSignatureAndABodyExcerpt() async throws {
        try await TestHookline(settings: Self.demoSettings).run { api in
            let empty = try await api.send(.get, DemoReceiver.dashboardPath, headers: DashboardTests.cookie(try await DashboardTests.logIn(api)))
            #expect(empty.status == 200 && empty.text.contains("No requests yet."), "\(empty.text)")

            let body = #"{"note": "<script>alert(1)</script>", "pad": ""# + String(repeating: "x", count: 3_000) + #""}"#
            let received = try await api.send(
                .post, DemoReceiver.path, body: body,
                headers: [HTTPField.Name("webhook-id")!: "msg_<b>1</b>", HTTPField.Name("webhook-timestamp")!: "1764608400",
                    HTTPField.Name("webhook-signature")!: "v1,c2lnbmVk"])
            try #require(received.status == 200, "\(received.text)")
            let listed = try await api.send(.get, "/admin/v1/demo/receiver", admin: true)
            #expect(listed.status == 200 && listed.json["data"][0]["headers"]["webhook-id"].string == "msg_<b>1</b>", "\(listed.text)")

            let cookie = try await DashboardTests.logIn(api)
            let overview = try await api.send(.get, "/dashboard", headers: DashboardTests.cookie(cookie))
            #expect(overview.text.contains(#"href="/dashboard/demo/receiver""#) && overview.text.contains("requests (1)"), "\(overview.text)")

            let page = try await api.send(.get, DemoReceiver.dashboardPath, headers: DashboardTests.cookie(cookie))
            #expect(page.status == 200)
            #expect(page.text.contains("<code>msg_&lt;b&gt;1&lt;/b&gt;</code>"), "the webhook-id, escaped: \(page.text)")
            #expect(page.text.contains("<code>v1,c2lnbmVk</code>") && page.text.contains("webhook-timestamp 1764608400"))
            #expect(page.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && !page.text.contains("<script"))
            #expect(page.text.contains("the first 2000 of \(body.count) characters"), "the body is cut and says so")
            #expect(!page.text.contains(String(repeating: "x", count: 2_500)))
            #expect(page.text.contains("hookline emit store/order/created --store demo --server http://127.0.0.1:"), "\(page.text)")

            let signedOut = try await api.send(.get, DemoReceiver.dashboardPath)
            #expect(signedOut.status == 303 && !signedOut.text.contains("msg_"))
        }
    }

    @Test func withoutDemoModeThereIsNoReceiverPage() async throws {
        try await TestHookline().run { api in
            let cookie = try await DashboardTests.logIn(api)
            let overview = try await api.send(.get, "/dashboard", headers: DashboardTests.cookie(cookie))
            #expect(overview.status == 200 && !overview.text.contains("demo/receiver"))
            #expect(try await api.send(.get, DemoReceiver.dashboardPath, headers: DashboardTests.cookie(cookie)).status == 404)
        }
    }
}
