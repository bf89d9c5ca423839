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
        } else if let object = try? ShapedObject(from: decoder, shape: JSONObjectShape()) {
            self = .object(object.fields)
        } else if let array = try? container.decode([JSONValue].self) {
            self = .array(array)
        } else {
            self = .bool(try container.decode(Bool.self))
        }
    }

    /// Encodes the value as JSON; integral numbers are written without a fraction.
    ///
    /// Objects and arrays are written through keyed and unkeyed containers of their own rather than
    /// as a `Dictionary` or `Array` value: the output is the same, and the encoder does less work.
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .object(let fields):
            var container = encoder.container(keyedBy: JSONKey.self)
            for (name, value) in fields { try container.encode(value, forKey: JSONKey(stringValue: name)) }
        case .array(let items):
            var container = encoder.unkeyedContainer()
            for item in items { try container.encode(item) }
        case .null:
            var container = encoder.singleValueContainer()
            try container.encodeNil()
        case .bool(let value):
            var container = encoder.singleValueContainer()
            try container.encode(value)
        case .number(let value):
            var container = encoder.singleValueContainer()
            if value.rounded() == value, abs(value) < 9.0e15 {
                try container.encode(Int64(value))
            } else {
                try container.encode(value)
            }
        case .string(let value):
            var container = encoder.singleValueContainer()
            try container.encode(value)
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
/// JSONDecoder can only find a value's kind by trying one and catching the type-mismatch error;
/// `JSONValue` tries strings first, so every number, object and array costs one to three such
/// errors. A publish batch has two objects per event (the event and its `data`) and usually a
/// numeric `data.id`.
public struct JSONObjectShape: Sendable, Equatable {
    /// Keys whose values are usually objects, each with the shape that object usually has.
    public var objectKeys: [String: JSONObjectShape]
    /// Keys whose values are usually arrays of objects of this same shape.
    public var objectArrayKeys: Set<String>
    /// Keys whose values are usually numbers.
    public var numberKeys: Set<String>

    /// A shape; with no keys, only the outermost value is taken to be an object.
    public init(
        objectKeys: [String: JSONObjectShape] = [:], objectArrayKeys: Set<String> = [], numberKeys: Set<String> = []
    ) {
        self.objectKeys = objectKeys
        self.objectArrayKeys = objectArrayKeys
        self.numberKeys = numberKeys
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

/// A JSON object decoded with a `JSONObjectShape`: a value whose key names an object, an array of
/// objects or a number is decoded as one first, and as any `JSONValue` only if that fails, so a
/// wrong guess changes nothing but the time taken.
private struct ShapedObject: Decodable {
    static let shapeKey = CodingUserInfoKey(rawValue: "hookline.jsonObjectShape")!

    var fields: [String: JSONValue]

    /// Decodes with the shape in the decoder's `userInfo` (the outermost object and arrays of it).
    init(from decoder: any Decoder) throws {
        try self.init(from: decoder, shape: decoder.userInfo[Self.shapeKey] as? JSONObjectShape ?? JSONObjectShape())
    }

    init(from decoder: any Decoder, shape: JSONObjectShape) throws {
        let container = try decoder.container(keyedBy: JSONKey.self)
        // `allKeys` builds a new array on every call, at a cost comparable to decoding a value.
        let keys = container.allKeys
        var fields: [String: JSONValue] = [:]
        fields.reserveCapacity(keys.count)
        for key in keys {
            let name = key.stringValue
            if shape.objectArrayKeys.contains(name), let items = try? container.decode([ShapedObject].self, forKey: key) {
                fields[name] = .array(items.map { .object($0.fields) })
            } else if let nested = shape.objectKeys[name],
                let object = try? ShapedObject(from: container.superDecoder(forKey: key), shape: nested)
            {
                fields[name] = .object(object.fields)
            } else if shape.numberKeys.contains(name), let number = try? container.decode(Double.self, forKey: key) {
                fields[name] = .number(number)
            } else {
                fields[name] = try container.decode(JSONValue.self, forKey: key)
            }
        }
        self.fields = fields
    }
}

/// Any key of a JSON object.
private struct JSONKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

/// A request body that could not be parsed as JSON.
public struct JSONValueError: Error, Sendable, Equatable {
    /// What is wrong, for the client.
    public var message: String
}
