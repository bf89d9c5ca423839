import Foundation

/// How a webhook's custom headers are kept in a text column: a JSON object, or NULL for none.
enum HeadersColumn {
    static func encode(_ headers: [String: String]?) throws -> String? {
        guard let headers else { return nil }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(headers), as: UTF8.self)
    }

    static func decode(_ text: String?) throws -> [String: String]? {
        guard let text else { return nil }
        return try JSONDecoder().decode([String: String].self, from: Data(text.utf8))
    }
}
