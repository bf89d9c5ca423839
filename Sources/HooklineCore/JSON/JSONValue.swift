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

/// What a JSON object usually holds, so that decoding can try the likely kind of a value first.
///
/// JSONDecoder can only find a value's kind by trying one and catching the type-mismatch error, which
/// costs a few microseconds; `JSONValue` tries strings first, so every object and array costs two
/// or three such errors. A publish batch has two objects per event (the event and its `data`).
public struct JSONObjectShape: Sendable, Equatable {
    /// Keys whose values are usually objects.
    public var objectKeys: Set<String>
    /// Keys whose values are usually arrays of objects of this same shape.
    public var objectArrayKeys: Set<String>

    /// A shape; with no keys, only the outermost value is taken to be an object.
    public init(objectKeys: Set<String> = [], objectArrayKeys: Set<String> = []) {
        self.objectKeys = objectKeys
        self.objectArrayKeys = objectArrayKeys
    }
}

extension JSONValue {
    /// Parses bytes that are usually a JSON object of the given shape, trying that shape first.
    ///
    /// Returns the same fields `parse` would, or `nil` if the bytes are not a JSON object (call `parse`
    /// then, for the message saying why).
    public static func parseObject(_ bytes: some Collection<UInt8>, shape: JSONObjectShape = JSONObjectShape()) -> [String: JSONValue]? {
        let decoder = JSONDecoder()
        decoder.userInfo[ShapedObject.shapeKey] = shape
        return try? decoder.decode(ShapedObject.self, from: Data(bytes)).fields
    }
}

/// A JSON object decoded with the `JSONObjectShape` found in the decoder's `userInfo`: a value whose
/// key names an object (or an array of objects) is decoded as one first, and as any `JSONValue` only
/// if that fails, so a wrong guess changes nothing but the time taken.
private struct ShapedObject: Decodable {
    static let shapeKey = CodingUserInfoKey(rawValue: "hookline.jsonObjectShape")!

    var fields: [String: JSONValue]

    init(from decoder: any Decoder) throws {
        let shape = decoder.userInfo[Self.shapeKey] as? JSONObjectShape ?? JSONObjectShape()
        let container = try decoder.container(keyedBy: AnyKey.self)
        var fields: [String: JSONValue] = [:]
        fields.reserveCapacity(container.allKeys.count)
        for key in container.allKeys {
            let name = key.stringValue
            if shape.objectArrayKeys.contains(name), let items = try? container.decode([ShapedObject].self, forKey: key) {
                fields[name] = .array(items.map { .object($0.fields) })
            } else if shape.objectKeys.contains(name), let object = try? container.decode([String: JSONValue].self, forKey: key) {
                fields[name] = .object(object)
            } else {
                fields[name] = try container.decode(JSONValue.self, forKey: key)
            }
        }
        self.fields = fields
    }

    /// Any key of a JSON object.
    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}

/// A request body that could not be parsed as JSON.
public struct JSONValueError: Error, Sendable, Equatable {
    /// What is wrong, for the client.
    public var message: String
}
