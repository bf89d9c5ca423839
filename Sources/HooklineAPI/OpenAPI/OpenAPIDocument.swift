import Foundation
import Hummingbird

/// Hookline's OpenAPI 3.1 document (`openapi.json`, a resource of this module), served at `/openapi.json`.
///
/// The file is the API's description of record: CI validates every response the Swift tests see
/// against it and fuzzes a live server from it, so it changes with the routes it describes.
public enum OpenAPIDocument {
    /// The document's bytes, read once from the module's resources.
    public static let bytes: [UInt8] = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json"),
            let data = try? Data(contentsOf: url)
        else { return Array(#"{"openapi": "3.1.0", "info": {"title": "Hookline", "version": "1"}, "paths": {}}"#.utf8) }
        return Array(data)
    }()

    /// Answers `GET /openapi.json`.
    static func response() -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        headers[.cacheControl] = "no-cache"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
