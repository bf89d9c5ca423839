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
    /// `shape` says which values are usually objects, which makes decoding them cheaper.
    static func object(from request: Request, shape: JSONObjectShape = JSONObjectShape()) async throws -> [String: JSONValue]? {
        try object(from: try await bytes(of: request), shape: shape)
    }

    /// The whole body, as sent; throws 413 past `maxBytes`.
    static func bytes(of request: Request) async throws -> ByteBuffer {
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > maxBytes {
            throw APIError.bodyTooLarge(limit: maxBytes)
        }
        return try await request.body.collect(upTo: maxBytes)
    }

    /// A collected body's JSON object, or `nil` if it is empty; throws as `object(from:shape:)` does.
    static func object(from buffer: ByteBuffer, shape: JSONObjectShape = JSONObjectShape()) throws -> [String: JSONValue]? {
        let bytes = buffer.readableBytesView
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { return nil }
        if let object = JSONValue.parseObject(bytes, shape: shape) { return object }
        // Not an object: parse it again as any value, to say what is wrong.
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
