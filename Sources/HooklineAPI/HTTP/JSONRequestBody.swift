import Hummingbird
import HooklineCore
import NIOCore

/// Reads a request body as a JSON object, with BigCommerce-shaped errors for every way it can be wrong.
enum JSONRequestBody {
    /// Largest request body accepted (1 MiB); larger ones get 413.
    static let maxBytes = 1 << 20

    /// The body's JSON object, or `nil` if the body is empty.
    ///
    /// Throws 413 past `maxBytes`, 400 for bytes that are not JSON, 422 for JSON that is not an object.
    static func object(from request: Request) async throws -> [String: JSONValue]? {
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > maxBytes {
            throw APIError.bodyTooLarge(limit: maxBytes)
        }
        let buffer = try await request.body.collect(upTo: maxBytes)
        let bytes = buffer.readableBytesView
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { return nil }
        let value: JSONValue
        do {
            value = try JSONValue.parse(bytes)
        } catch {
            throw APIError(.badRequest, error.message)
        }
        guard case .object(let object) = value else {
            throw APIError(.unprocessableContent, "The request body must be a JSON object, not \(value.typeName).",
                           errors: ["body": "must be a JSON object"])
        }
        return object
    }
}
