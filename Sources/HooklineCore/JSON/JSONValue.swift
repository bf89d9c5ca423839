import Foundation

/// Any JSON value, decoded without a fixed schema.
///
/// Request bodies are decoded into this first, so that every field can be checked with a message
/// that names it (rather than one opaque decoding error), and so that publishers' event `data`
/// passes through unchanged.
public enum JSONValue: Sendable, Equatable, Codable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// Decodes any JSON value.
    public init(from decoder: any Decoder) throws {
        // Each failed attempt costs a thrown error, so the kinds are tried most common first
        // (strings and numbers are most leaves, objects most inner nodes).
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let string = try? container.decode(String.self) {
            self = .string(string)
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else if let object = try? container.decode([String: JSONValue].self) {
            self = .object(object)
        } else if let array = try? container.decode([JSONValue].self) {
            self = .array(array)
        } else {
            self = .bool(try container.decode(Bool.self))
        }
    }

    /// Encodes the value as JSON; integral numbers are written without a fraction.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value):
            if value.rounded() == value, abs(value) < 9.0e15 {
                try container.encode(Int64(value))
            } else {
                try container.encode(value)
            }
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    /// The name of the value's JSON type, for error messages.
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    /// Parses JSON bytes; throws `JSONValueError` with a readable message if they are not JSON.
    public static func parse(_ bytes: some Collection<UInt8>) throws(JSONValueError) -> JSONValue {
        do {
            return try JSONDecoder().decode(JSONValue.self, from: Data(bytes))
        } catch let DecodingError.dataCorrupted(context) {
            let detail = (context.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String
            throw JSONValueError(message: "The request body is not valid JSON" + (detail.map { ": \($0)" } ?? "."))
        } catch {
            throw JSONValueError(message: "The request body is not valid JSON.")
        }
    }
}

/// A request body that could not be parsed as JSON.
public struct JSONValueError: Error, Sendable, Equatable {
    /// What is wrong, for the client.
    public var message: String
}
