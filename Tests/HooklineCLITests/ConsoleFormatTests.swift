import Foundation
import Logging
import Testing

@testable import hookline

/// The CLI's output formats that need no server: the progress bar and a JSON log line.
@Suite struct ConsoleFormatTests {
    @Test func theBarFillsInProportion() {
        #expect(ProgressDisplay.bar(done: 0, total: 10) == "[" + String(repeating: ".", count: ProgressDisplay.width) + "]")
        #expect(ProgressDisplay.bar(done: 5, total: 10).filter { $0 == "#" }.count == ProgressDisplay.width / 2)
        #expect(ProgressDisplay.bar(done: 10, total: 10) == "[" + String(repeating: "#", count: ProgressDisplay.width) + "]")
    }

    @Test func aJSONLogLineKeepsItsFieldsFromMetadata() throws {
        let data = JSONLogHandler.line(
            time: Date(timeIntervalSince1970: 1_700_000_000.5), level: .warning, message: "a \"quoted\" message\nwith a newline",
            label: "hookline", metadata: ["hook": "12", "message": "shadowing", "nested": ["a": ["1", "2"]]])
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.hasSuffix("}\n") && text.dropLast().contains("\n") == false, "one line: \(text)")
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["time"] as? String == "2023-11-14T22:13:20.500Z")
        #expect(object["level"] as? String == "warning")
        #expect(object["message"] as? String == "a \"quoted\" message\nwith a newline")
        #expect(object["metadata.message"] as? String == "shadowing", "metadata never replaces a line's own field")
        #expect(object["hook"] as? String == "12")
        #expect((object["nested"] as? [String: [String]])?["a"] == ["1", "2"])
    }
}
