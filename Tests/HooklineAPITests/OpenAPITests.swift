import Foundation
import HooklineCore
import Testing

@Suite("OpenAPI document")
struct OpenAPITests {
    @Test("GET /openapi.json serves Hookline's OpenAPI 3.1 document, without a token")
    func servesDocument() async throws {
        try await TestHookline().run { api in
            let response = try await api.send(.get, "/openapi.json")
            #expect(response.status == 200)
            #expect(response.header("Content-Type") == "application/json")
            #expect(response.json["openapi"].string == "3.1.0")
            let paths = try #require(response.json["paths"].object)
            for path in ["/stores/{store_hash}/v3/hooks", "/stores/{store_hash}/v3/hooks/events", "/admin/v1/stores",
                "/admin/v1/stores/{store_hash}/events", "/health", "/ready", "/metrics", "/demo/receiver", "/admin/v1/demo/receiver"]
            {
                #expect(paths[path] != nil, "no \(path) in the document")
            }
            let wrong = try await api.send(.post, "/openapi.json")
            #expect(wrong.status == 405)
        }
    }
}
