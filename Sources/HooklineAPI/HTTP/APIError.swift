import Foundation
import Hummingbird
import HooklineCore
import HooklineStore
import Logging
import NIOCore
import NIOHTTP1

/// An error answer in BigCommerce's shape: `{"status", "title", "type"}`, plus `errors` on 422.
public struct APIError: Error, Sendable, HTTPResponseError {
    /// The HTTP status.
    public var status: HTTPResponse.Status
    /// What went wrong, for a person.
    public var title: String
    /// Per-field messages (422 only).
    public var errors: [String: String]?
    /// Extra response headers (e.g. `Allow` on 405).
    public var headers: HTTPFields

    /// BigCommerce's `type` link for every error.
    public static let typeLink = "/api-docs/getting-started/api-status-codes"

    /// Creates an error answer.
    public init(_ status: HTTPResponse.Status, _ title: String, errors: [String: String]? = nil, headers: HTTPFields = [:]) {
        self.status = status
        self.title = title
        self.errors = errors
        self.headers = headers
    }

    /// 401 with BigCommerce's wording; also used when a token is used on another store's path.
    public static let unauthorized = APIError(
        .unauthorized,
        "Unauthorized - the v3 Auth client ID or token in the request are not a valid combination for this store.")

    /// 422 listing what is wrong with each field.
    public static func invalidFields(_ errors: [String: String]) -> APIError {
        APIError(.unprocessableContent, "JSON data is missing or invalid", errors: errors)
    }

    /// 404 for a webhook the caller cannot see.
    public static func webhookNotFound(_ id: some CustomStringConvertible) -> APIError {
        APIError(.notFound, "Webhook with id [\(id)] not found")
    }

    /// 413 for a request body over the limit.
    public static func bodyTooLarge(limit: Int) -> APIError {
        APIError(.contentTooLarge, "The request body is larger than the limit of \(limit) bytes.")
    }

    /// The JSON body of this error.
    struct Body: Encodable {
        var status: Int
        var title: String
        var type: String
        var errors: [String: String]?
    }

    /// Renders the error as a response.
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        response()
    }

    /// Renders the error as a response.
    func response() -> Response {
        let body = Body(status: Int(status.code), title: title, type: Self.typeLink, errors: errors)
        var response = JSONResponse.make(status: status, body: body)
        response.headers.append(contentsOf: headers)
        return response
    }

    /// Turns any error raised while answering into the error answer the client should see.
    ///
    /// Storage refusals become 404/409; Hummingbird's own errors keep their status with a
    /// BigCommerce-shaped body; anything unexpected is logged and becomes a plain 500.
    static func from(_ error: any Error, logger: Logger) -> APIError {
        switch error {
        case let error as APIError:
            return error
        case let error as StorageError:
            switch error {
            case .storeExists(let hash):
                return APIError(.conflict, "A store with store_hash '\(hash)' already exists.")
            case .storeNotFound(let hash):
                return APIError(.notFound, "Store '\(hash)' not found.")
            case .duplicateHook(let scope, let destination):
                return APIError(
                    .conflict,
                    "A webhook with scope '\(scope)' and destination '\(destination)' already exists for this client.")
            case .hookLimitReached(let scope, let limit):
                return APIError(
                    .conflict, "This client already has the maximum of \(limit) webhooks for scope '\(scope)'.")
            case .exceptionHookExists:
                return APIError(
                    .conflict, "This client already has a delivery exception hook (store/hook/deliveryException); update it instead.")
            case .inboundSourceExists(let name):
                return APIError(.conflict, "An inbound source named '\(name)' already exists; delete it first to change it.")
            case .exceptionHookDestinationShared(let destination):
                return .invalidFields([
                    "destination": "'\(destination)' is used by another of this client's webhooks; a delivery exception hook needs a destination of its own"
                ])
            }
        case let error as HTTPParserError:
            // A request that ended early (a client gone, or cut at its body deadline) or could not be
            // parsed is the client's doing: no error in the server's log.
            return APIError(.badRequest, "The request could not be read: \(error.debugDescription).")
        case is NIOTooManyBytesError:
            return .bodyTooLarge(limit: JSONRequestBody.maxBytes)
        case let error as HTTPError:
            let title: String =
                switch error.status {
                case .notFound: "The requested resource was not found."
                default: error.body ?? error.status.reasonPhrase
                }
            return APIError(error.status, title, headers: error.headers)
        case let error as any HTTPResponseError:
            return APIError(error.status, error.status.reasonPhrase)
        default:
            logger.error("unexpected error answering a request", metadata: ["error": "\(String(reflecting: error))"])
            return APIError(.internalServerError, "Internal server error; the failure was logged.")
        }
    }
}
