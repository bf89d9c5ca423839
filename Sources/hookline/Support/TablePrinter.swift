import HooklineCore

/// Prints rows as an aligned text table for the terminal.
enum TablePrinter {
    static func print(headers: [String], rows: [[String]]) {
        var widths = headers.map(\.count)
        for row in rows {
            for (index, cell) in row.enumerated() where index < widths.count { widths[index] = max(widths[index], cell.count) }
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                index == cells.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }
        Swift.print(line(headers))
        for row in rows { Swift.print(line(row)) }
    }

    /// A cell's text for a JSON field of an object.
    static func cell(_ value: JSONValue, _ key: String) -> String {
        guard case .object(let object) = value, let field = object[key] else { return "" }
        switch field {
        case .string(let text): return text
        case .number(let number): return number.rounded() == number ? String(Int64(number)) : String(number)
        case .bool(let flag): return String(flag)
        case .null: return ""
        default: return "…"
        }
    }
}
