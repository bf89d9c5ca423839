import HooklineCore

/// Renders JSON for people: keys sorted, two-space indentation, `"key": value`.
enum PrettyJSON {
    /// The value as indented JSON text; nested lines start with `indent` plus their depth.
    static func render(_ value: JSONValue, indent: String = "") -> String {
        let inner = indent + "  "
        switch value {
        case .null: return "null"
        case .bool(let flag): return String(flag)
        case .number(let number):
            return number.rounded() == number && abs(number) < 9.0e15 ? String(Int64(number)) : String(number)
        case .string(let text): return quoted(text)
        case .array(let items):
            guard !items.isEmpty else { return "[]" }
            let lines = items.map { inner + render($0, indent: inner) }
            return "[\n" + lines.joined(separator: ",\n") + "\n" + indent + "]"
        case .object(let fields):
            guard !fields.isEmpty else { return "{}" }
            let lines = fields.sorted { $0.key < $1.key }.map { key, item in
                inner + quoted(key) + ": " + render(item, indent: inner)
            }
            return "{\n" + lines.joined(separator: ",\n") + "\n" + indent + "}"
        }
    }

    /// A JSON string literal: quotes, backslashes and control characters escaped.
    private static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
