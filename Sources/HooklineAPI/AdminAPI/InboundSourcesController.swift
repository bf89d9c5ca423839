import Hummingbird
import HooklineCore
import HooklineStore

/// `/admin/v1/inbound-sources`: the operator declares, lists and deletes the senders the inbound
/// gateway (`POST /inbound/{name}`) accepts webhooks from.
struct InboundSourcesController {
    let storage: any HooklineStorage

    func register(on group: RouterGroup<HooklineRequestContext>) {
        group.post("inbound-sources", use: create)
        group.get("inbound-sources", use: list)
        group.delete("inbound-sources/:name", use: delete)
        MethodNotAllowed.register(on: group, path: "inbound-sources", allowed: [.get, .post])
        MethodNotAllowed.register(on: group, path: "inbound-sources/:name", allowed: [.delete])
    }

    /// A source as the admin API shows it: never its secret, only a hint of it.
    struct SourceWire: Encodable {
        var name: String
        var store_hash: String
        var secret_hint: String
        var path: String
        var created_at: Int64

        init(_ source: InboundSource) {
            name = source.name
            store_hash = source.storeHash
            secret_hint = source.secretHint
            path = "/inbound/\(source.name)"
            created_at = source.createdAt
        }
    }

    @Sendable func create(_ request: Request, context: HooklineRequestContext) async throws -> Response {
        let object = try await JSONRequestBody.object(from: request) ?? [:]
        let known: Set<String> = ["name", "secret", "store_hash"]
        var errors: [String: String] = [:]
        for key in object.keys where !known.contains(key) { errors[key] = "unknown field; accepted fields are name, secret, store_hash" }
        let name = Self.string(object, "name", errors: &errors) { InboundSource.isValidName($0) ? nil :
            "must be 1 to \(InboundSource.maxNameLength) lowercase letters, digits, '-' and '_', starting with a letter or digit"
        }
        let secret = Self.string(object, "secret", errors: &errors) {
            $0.isEmpty || $0.count > InboundSource.maxSecretLength ? "must be 1 to \(InboundSource.maxSecretLength) characters" : nil
        }
        let storeHash = Self.string(object, "store_hash", errors: &errors) { _ in nil }
        if let storeHash, errors["store_hash"] == nil, try await storage.store(hash: storeHash) == nil {
            errors["store_hash"] = "no store '\(storeHash.prefix(64))'; create it first (POST /admin/v1/stores)"
        }
        guard errors.isEmpty, let name, let secret, let storeHash else { throw APIError.invalidFields(errors) }
        let source = InboundSource(name: name, storeHash: storeHash, secret: secret, createdAt: WallClock.nowMilliseconds() / 1000)
        try await storage.createInboundSource(source)
        context.logger.info("inbound source created", metadata: ["inbound_source": "\(name)", "store": "\(storeHash)"])
        return JSONResponse.envelope(SourceWire(source), status: .created)
    }

    @Sendable func list(_ request: Request, context: HooklineRequestContext) async throws -> Response {
        JSONResponse.envelope(try await storage.inboundSources().map(SourceWire.init))
    }

    @Sendable func delete(_ request: Request, context: HooklineRequestContext) async throws -> Response {
        let name = context.parameters.get("name") ?? ""
        guard try await storage.deleteInboundSource(name: name) else { throw InboundController.sourceNotFound(name) }
        context.logger.info("inbound source deleted", metadata: ["inbound_source": "\(name)"])
        return Response(status: .noContent)
    }

    /// A required string field, checked by `problem` (a message, or `nil` if the value is fine).
    private static func string(
        _ object: [String: JSONValue], _ key: String, errors: inout [String: String], problem: (String) -> String?
    ) -> String? {
        switch object[key] {
        case .string(let value)?:
            if let message = problem(value) {
                errors[key] = message
                return nil
            }
            return value
        case nil, .null?:
            errors[key] = "is required"
        case let other?:
            errors[key] = "must be a string, not \(other.typeName)"
        }
        return nil
    }
}
