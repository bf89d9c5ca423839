import Hummingbird
import HooklineCore
import HooklineStore

/// `/admin/v1/stores/{store_hash}/accounts`: the operator issues, lists and revokes API accounts.
struct AccountsController {
    let storage: any HooklineStorage
    let provisioning: TenantProvisioning

    /// Longest account name accepted.
    static let maxNameLength = 200

    func register(on group: RouterGroup<HooklineRequestContext>) {
        group.post("stores/:store_hash/accounts", use: create)
        group.get("stores/:store_hash/accounts", use: list)
        group.delete("stores/:store_hash/accounts/:client_id", use: revoke)
        group.post("stores/:store_hash/accounts/:client_id/rotate-secret", use: rotateSecret)
        group.post("stores/:store_hash/accounts/:client_id/rotate-token", use: rotateToken)
        MethodNotAllowed.register(on: group, path: "stores/:store_hash/accounts", allowed: [.get, .post])
        MethodNotAllowed.register(on: group, path: "stores/:store_hash/accounts/:client_id", allowed: [.delete])
        MethodNotAllowed.register(on: group, path: "stores/:store_hash/accounts/:client_id/rotate-secret", allowed: [.post])
        MethodNotAllowed.register(on: group, path: "stores/:store_hash/accounts/:client_id/rotate-token", allowed: [.post])
    }

    /// An account as listed: no secret, no token.
    struct AccountWire: Encodable {
        var client_id: String
        var store_hash: String
        var name: String
        var created_at: Int64

        init(_ account: APIAccount) {
            client_id = account.clientID
            store_hash = account.storeHash
            name = account.name
            created_at = account.createdAt
        }
    }

    /// An account as created: the only answer that shows `client_secret` and `access_token`.
    struct IssuedAccountWire: Encodable {
        var client_id: String
        var client_secret: String
        var access_token: String
        var store_hash: String
        var name: String
        var created_at: Int64
    }

    /// A rotated secret: the only answer that shows the new `client_secret`.
    struct RotatedSecretWire: Encodable {
        var client_secret: String
        var previous_expires_at: Int64
    }

    /// A rotated access token: the only answer that shows it.
    struct RotatedTokenWire: Encodable {
        var access_token: String
    }

    @Sendable func create(_ request: Request, context: HooklineRequestContext) async throws -> Response {
        let storeHash = try await context.existingStoreHash(in: storage)
        let object = try await JSONRequestBody.object(from: request) ?? [:]
        var errors: [String: String] = [:]
        for key in object.keys where key != "name" { errors[key] = "unknown field; the only field is name" }
        var name = "API account"
        switch object["name"] {
        case nil, .null?: break
        case .string(let value)?:
            if value.isEmpty || value.count > Self.maxNameLength {
                errors["name"] = "must be 1 to \(Self.maxNameLength) characters"
            } else {
                name = value
            }
        case let other?: errors["name"] = "must be a string, not \(other.typeName)"
        }
        guard errors.isEmpty else { throw APIError.invalidFields(errors) }
        let issued = try await provisioning.createAccount(storeHash: storeHash, name: name)
        context.logger.info(
            "API account created", metadata: ["store": "\(storeHash)", "client_id": "\(issued.account.clientID)"])
        let account = issued.account
        return JSONResponse.envelope(
            IssuedAccountWire(
                client_id: account.clientID, client_secret: account.clientSecret, access_token: issued.accessToken,
                store_hash: account.storeHash, name: account.name, created_at: account.createdAt),
            status: .created)
    }

    @Sendable func list(_ request: Request, context: HooklineRequestContext) async throws -> Response {
        let storeHash = try await context.existingStoreHash(in: storage)
        let accounts = try await storage.accounts(storeHash: storeHash)
        return JSONResponse.envelope(accounts.map(AccountWire.init))
    }

    @Sendable func revoke(_ request: Request, context: HooklineRequestContext) async throws -> Response {
        let storeHash = try await context.existingStoreHash(in: storage)
        let clientID = context.parameters.get("client_id") ?? ""
        guard try await storage.revokeAccount(storeHash: storeHash, clientID: clientID) else {
            throw Self.accountNotFound(clientID, storeHash)
        }
        context.logger.info("API account revoked", metadata: ["store": "\(storeHash)", "client_id": "\(clientID)"])
        return Response(status: .noContent)
    }

    /// `POST …/accounts/{client_id}/rotate-secret` with `{"overlap_seconds": N}` (optional): a new
    /// signing secret; the old one signs beside it until `previous_expires_at`.
    @Sendable func rotateSecret(_ request: Request, context: HooklineRequestContext) async throws -> Response {
        let storeHash = try await context.existingStoreHash(in: storage)
        let clientID = context.parameters.get("client_id") ?? ""
        let object = try await JSONRequestBody.object(from: request) ?? [:]
        var errors: [String: String] = [:]
        for key in object.keys where key != "overlap_seconds" {
            errors[key] = "unknown field; the only field is overlap_seconds"
        }
        var rotation = SecretRotation()
        do {
            rotation = try SecretRotation(overlapSeconds: object["overlap_seconds"])
        } catch {
            errors["overlap_seconds"] = error.message
        }
        guard errors.isEmpty else { throw APIError.invalidFields(errors) }
        guard let rotated = try await provisioning.rotateClientSecret(storeHash: storeHash, clientID: clientID, rotation: rotation)
        else { throw Self.accountNotFound(clientID, storeHash) }
        context.logger.info(
            "API account secret rotated",
            metadata: ["store": "\(storeHash)", "client_id": "\(clientID)", "previous_expires_at": "\(rotated.previousExpiresAt)"])
        return JSONResponse.envelope(
            RotatedSecretWire(client_secret: rotated.clientSecret, previous_expires_at: rotated.previousExpiresAt))
    }

    /// `POST …/accounts/{client_id}/rotate-token`: a new access token; the old one is refused at once.
    @Sendable func rotateToken(_ request: Request, context: HooklineRequestContext) async throws -> Response {
        let storeHash = try await context.existingStoreHash(in: storage)
        let clientID = context.parameters.get("client_id") ?? ""
        let object = try await JSONRequestBody.object(from: request) ?? [:]
        if !object.isEmpty {
            throw APIError.invalidFields(
                Dictionary(uniqueKeysWithValues: object.keys.map { ($0, "unknown field; rotate-token takes no fields") }))
        }
        guard let token = try await provisioning.rotateAccessToken(storeHash: storeHash, clientID: clientID)
        else { throw Self.accountNotFound(clientID, storeHash) }
        context.logger.info("API account token rotated", metadata: ["store": "\(storeHash)", "client_id": "\(clientID)"])
        return JSONResponse.envelope(RotatedTokenWire(access_token: token))
    }

    /// 404 for an account the store does not have.
    static func accountNotFound(_ clientID: String, _ storeHash: String) -> APIError {
        APIError(.notFound, "API account '\(clientID.prefix(64))' not found in store '\(storeHash)'.")
    }
}
