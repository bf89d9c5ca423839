import Foundation
import Hummingbird
import HooklineCore

/// Reads and checks query parameters; collects problems into a 422 that names each parameter.
struct QueryParameters {
    private let parameters: [String: String]
    private(set) var errors: [String: String] = [:]

    init(_ request: Request) {
        var parameters: [String: String] = [:]
        for (key, value) in request.uri.queryParameters {
            parameters[String(key)] = String(value)
        }
        self.parameters = parameters
    }

    /// A raw value.
    func string(_ name: String) -> String? { parameters[name] }

    /// A boolean (`true`/`false`/`1`/`0`), or `nil` if absent; a problem is recorded otherwise.
    mutating func bool(_ name: String) -> Bool? {
        guard let raw = parameters[name] else { return nil }
        switch raw.lowercased() {
        case "true", "1": return true
        case "false", "0": return false
        default:
            errors[name] = "must be true or false"
            return nil
        }
    }

    /// An integer within `range`, or `nil` if absent; a problem is recorded otherwise.
    mutating func integer(_ name: String, in range: ClosedRange<Int>) -> Int? {
        guard let raw = parameters[name] else { return nil }
        guard let value = Int(raw), range.contains(value) else {
            errors[name] = "must be an integer from \(range.lowerBound) to \(range.upperBound)"
            return nil
        }
        return value
    }

    /// `page` and `limit`, defaulting to page 1 of `PageRequest.defaultLimit`.
    mutating func pageRequest() -> PageRequest {
        let page = integer("page", in: 1...1_000_000) ?? 1
        let limit = integer("limit", in: 1...PageRequest.maxLimit) ?? PageRequest.defaultLimit
        return PageRequest(page: page, limit: limit)
    }

    /// Throws a 422 naming every parameter that was wrong.
    func throwIfInvalid() throws {
        if !errors.isEmpty {
            throw APIError(.unprocessableContent, "Query parameters are invalid", errors: errors)
        }
    }

    /// Percent-encodes a value for a link's query string.
    static func encode(_ value: String) -> String {
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "&=+?#")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
    }
}
