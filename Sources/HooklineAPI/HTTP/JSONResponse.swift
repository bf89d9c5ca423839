import Foundation
import Hummingbird
import NIOCore

/// Builds JSON responses with the encoder settings BigCommerce clients expect.
enum JSONResponse {
    /// One shared encoder configuration: slashes unescaped (scopes and URLs are full of them), keys
    /// sorted so identical answers are byte-identical.
    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        return encoder
    }

    /// A response with `body` encoded as JSON.
    static func make(status: HTTPResponse.Status, body: some Encodable) -> Response {
        let data = (try? encoder().encode(body)) ?? Data(#"{"status":500,"title":"encoding failed"}"#.utf8)
        return Response(
            status: status, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// `{"data": …, "meta": {}}` with status 200 (or the given one).
    static func envelope(_ data: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
        make(status: status, body: Envelope(data: data, meta: EmptyMeta()))
    }
}

/// BigCommerce's response envelope.
struct Envelope<Data: Encodable, Meta: Encodable>: Encodable {
    var data: Data
    var meta: Meta
}

/// `"meta": {}`.
struct EmptyMeta: Encodable {}
