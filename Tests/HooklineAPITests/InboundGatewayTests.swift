import Foundation
import HooklineCore
import HTTPTypes
import Testing

/// The inbound gateway: `/admin/v1/inbound-sources` and `POST /inbound/{name}`, on a real server
/// (on PostgreSQL too when the run selects it). Delivery of what it publishes is checked end to end
/// by the Standard Webhooks conformance check and the crash test.
@Suite struct InboundGatewayTests {
    static let secret = "bigcommerce-app-secret-0123456789"

    /// A BigCommerce callback payload as a store sends it.
    static func payload(
        hash: String = "5f2b1a7c", orderID: Int = 7, scope: String = "store/order/created", createdAt: Int = 1700000000
    ) -> String {
        #"{"scope": "\#(scope)", "store_id": "1001", "data": {"type": "order", "id": \#(orderID)}, "hash": "\#(hash)", "created_at": \#(createdAt), "producer": "stores/abc123"}"#
    }

    /// Standard Webhooks headers signing `body` with `secret`, as the sender's library makes them.
    static func signed(
        _ body: String, id: String = "msg_" + UUID().uuidString, secret: String = secret, timestamp: Int64? = nil
    ) -> HTTPFields {
        let time = timestamp ?? Int64(Date().timeIntervalSince1970)
        var headers = HTTPFields()
        headers[HTTPField.Name("webhook-id")!] = id
        headers[HTTPField.Name("webhook-timestamp")!] = "\(time)"
        headers[HTTPField.Name("webhook-signature")!] =
            WebhookSignature(clientSecret: secret).sign(id: id, timestamp: time, body: Array(body.utf8))
        return headers
    }

    /// A store with a webhook on `store/order/*` and a source publishing into it.
    static func setUp(_ api: APIClient, source: String = "bc-main") async throws -> Tenant {
        let tenant = try await api.makeTenant()
        _ = try await api.createHook(tenant, scope: "store/order/*")
        let created = try await api.send(
            .post, "/admin/v1/inbound-sources", admin: true,
            body: #"{"name": "\#(source)", "secret": "\#(secret)", "store_hash": "\#(tenant.storeHash)"}"#)
        try #require(created.status == 201, "source creation answered \(created.status): \(created.text)")
        return tenant
    }

    @Test func sourcesAreDeclaredListedWithoutTheirSecretAndDeleted() async throws {
        try await TestHookline().run { api in
            let tenant = try await Self.setUp(api)
            let list = try await api.send(.get, "/admin/v1/inbound-sources", admin: true)
            #expect(list.status == 200)
            #expect(list.json["data"][0]["name"].string == "bc-main")
            #expect(list.json["data"][0]["store_hash"].string == tenant.storeHash)
            #expect(list.json["data"][0]["path"].string == "/inbound/bc-main")
            #expect(list.json["data"][0]["secret_hint"].string == "bigc…")
            #expect(!list.text.contains(Self.secret))
            let again = try await api.send(
                .post, "/admin/v1/inbound-sources", admin: true,
                body: #"{"name": "bc-main", "secret": "x", "store_hash": "\#(tenant.storeHash)"}"#)
            #expect(again.status == 409 && again.json["title"].string?.contains("bc-main") == true, "\(again.text)")
            let unauthorised = try await api.send(.get, "/admin/v1/inbound-sources", token: tenant.token)
            #expect(unauthorised.status == 401)
            #expect(try await api.send(.delete, "/admin/v1/inbound-sources/bc-main", admin: true).status == 204)
            #expect(try await api.send(.delete, "/admin/v1/inbound-sources/bc-main", admin: true).status == 404)
            #expect(try await api.send(.get, "/admin/v1/inbound-sources", admin: true).json["data"].array?.isEmpty == true)
        }
    }

    @Test(arguments: [
        (#"{"name": "Bad Name", "secret": "s", "store_hash": "STORE"}"#, "name"),
        (#"{"name": "-x", "secret": "s", "store_hash": "STORE"}"#, "name"),
        (#"{"name": "ok", "secret": "", "store_hash": "STORE"}"#, "secret"),
        (#"{"name": "ok", "store_hash": "STORE"}"#, "secret"),
        (#"{"name": "ok", "secret": "s", "store_hash": "nosuchstore"}"#, "store_hash"),
        (#"{"name": "ok", "secret": "s"}"#, "store_hash"),
        (#"{"name": "ok", "secret": 5, "store_hash": "STORE"}"#, "secret"),
        (#"{"name": "ok", "secret": "s", "store_hash": "STORE", "extra": 1}"#, "extra"),
    ])
    func invalidSourcesAreRefusedNamingTheField(_ body: String, _ field: String) async throws {
        try await TestHookline().run { api in
            let tenant = try await api.makeTenant()
            let response = try await api.send(
                .post, "/admin/v1/inbound-sources", admin: true, body: body.replacingOccurrences(of: "STORE", with: tenant.storeHash))
            #expect(response.status == 422, "\(body) → \(response.text)")
            #expect(response.json["errors"][field].string != nil, "errors must name \(field): \(response.text)")
        }
    }

    @Test func aSignedWebhookIsPublishedIntoTheStoreAndItsDuplicatesDropped() async throws {
        try await TestHookline().run { api in
            let tenant = try await Self.setUp(api)
            let body = Self.payload(hash: "hash-1")
            let first = try await api.send(.post, "/inbound/bc-main", body: body, headers: Self.signed(body, id: "msg_1"))
            #expect(first.status == 202, "\(first.text)")
            #expect(first.json["data"]["deliveries"].int == 1)
            #expect(first.json["data"]["duplicate"].bool == false)
            let eventID = try #require(first.json["data"]["id"].string)
            let deliveries = try await api.send(.get, "/admin/v1/stores/\(tenant.storeHash)/events/\(eventID)/deliveries", admin: true)
            #expect(deliveries.json["data"].array?.count == 1, "\(deliveries.text)")

            // The sender's retry (same webhook-id, signed anew), a different body under the same webhook-id,
            // and the same event sent to a second hook of the sender (same hash, another webhook-id).
            let retry = try await api.send(.post, "/inbound/bc-main", body: body, headers: Self.signed(body, id: "msg_1"))
            let otherBody = Self.payload(hash: "hash-2", orderID: 8)
            let sameID = try await api.send(.post, "/inbound/bc-main", body: otherBody, headers: Self.signed(otherBody, id: "msg_1"))
            let sameHash = try await api.send(.post, "/inbound/bc-main", body: body, headers: Self.signed(body, id: "msg_2"))
            for duplicate in [retry, sameID, sameHash] {
                #expect(duplicate.status == 200, "\(duplicate.text)")
                #expect(duplicate.json["data"]["duplicate"].bool == true)
                #expect(duplicate.json["data"]["id"].string == eventID)
            }
            // The same data (so the same hash) in a later event of the order is another event.
            let later = Self.payload(hash: "hash-1", createdAt: 1700003600)
            let update = try await api.send(.post, "/inbound/bc-main", body: later, headers: Self.signed(later, id: "msg_5"))
            #expect(update.status == 202 && update.json["data"]["id"].string != eventID, "\(update.text)")
            // A new event is accepted; a payload without a hash is told apart by its webhook-id alone.
            let next = Self.payload(hash: "hash-3", orderID: 9)
            #expect(try await api.send(.post, "/inbound/bc-main", body: next, headers: Self.signed(next, id: "msg_3")).status == 202)
            let unhashed = #"{"scope": "store/order/updated", "data": {"type": "order", "id": 9}}"#
            let charset = Self.signed(unhashed, id: "msg_4") + [HTTPField(name: .contentType, value: "application/json; charset=utf-8")]
            #expect(try await api.send(.post, "/inbound/bc-main", body: unhashed, headers: charset).status == 202)
            #expect(try await api.send(.post, "/inbound/bc-main", body: unhashed, headers: Self.signed(unhashed, id: "msg_4")).status == 200)
        }
    }

    @Test func badSignaturesAndStaleTimestampsAre401WithTheReason() async throws {
        try await TestHookline().run { api in
            _ = try await Self.setUp(api)
            let body = Self.payload()
            let now = Int64(Date().timeIntervalSince1970)
            let cases: [(HTTPFields, String)] = [
                (Self.signed(body, secret: "another-secret"), "no signature"),
                (Self.signed(body, timestamp: now - 301), "tolerance"),
                (Self.signed(body, timestamp: now + 400), "tolerance"),
                (Self.signed(body + " "), "no signature"),
                (HTTPFields(), "missing webhook-id, webhook-timestamp, webhook-signature"),
                (Self.signed(body).filter { $0.name.rawName != "webhook-timestamp" }, "missing webhook-timestamp"),
            ]
            for (headers, reason) in cases {
                let response = try await api.send(.post, "/inbound/bc-main", body: body, headers: headers)
                #expect(response.status == 401, "\(response.text)")
                #expect(response.json["title"].string?.contains(reason) == true, "\(response.text) should say \(reason)")
            }
            // Nothing was published: the same webhook signed properly is new.
            #expect(try await api.send(.post, "/inbound/bc-main", body: body, headers: Self.signed(body)).status == 202)
        }
    }

    @Test func badRequestsGetClear4xxAnswers() async throws {
        try await TestHookline().run { api in
            _ = try await Self.setUp(api)
            let body = Self.payload()
            let unknown = try await api.send(.post, "/inbound/nobody", body: body, headers: Self.signed(body))
            #expect(unknown.status == 404 && unknown.json["title"].string?.contains("nobody") == true)
            let form = Self.signed(body) + [HTTPField(name: .contentType, value: "application/x-www-form-urlencoded")]
            let wrongType = try await api.send(.post, "/inbound/bc-main", body: body, headers: form)
            #expect(wrongType.status == 415 && wrongType.json["title"].string?.contains("application/json") == true)
            let large = #"{"scope": "store/order/created", "data": {"pad": ""# + String(repeating: "x", count: 1 << 20) + #""}}"#
            let tooLarge = try await api.send(.post, "/inbound/bc-main", body: large, headers: Self.signed(large))
            #expect(tooLarge.status == 413)
            let malformed = #"{"scope": "store/order/created", "data": {"#
            let notJSON = try await api.send(.post, "/inbound/bc-main", body: malformed, headers: Self.signed(malformed))
            #expect(notJSON.status == 400 && notJSON.json["title"].string?.isEmpty == false, "\(notJSON.text)")
            for (invalid, field) in [
                (#"{"data": {"id": 1}}"#, "scope"), (#"{"scope": "store/order/created"}"#, "data"),
                (#"{"scope": "store/order/*", "data": {}}"#, "scope"), (#"{"scope": "store/order/created", "data": {}, "hash": 5}"#, "hash"),
                ("[1, 2]", "body"), ("", "body"),
            ] {
                let response = try await api.send(.post, "/inbound/bc-main", body: invalid, headers: Self.signed(invalid))
                #expect(response.status == 422, "\(invalid) → \(response.text)")
                #expect(response.json["errors"][field].string != nil, "\(invalid) → \(response.text)")
            }
            let longID = try await api.send(
                .post, "/inbound/bc-main", body: body, headers: Self.signed(body, id: String(repeating: "m", count: 257)))
            #expect(longID.status == 400 && longID.json["title"].string?.contains("webhook-id") == true, "\(longID.text)")
            let get = try await api.send(.get, "/inbound/bc-main")
            #expect(get.status == 405)
        }
    }
}
