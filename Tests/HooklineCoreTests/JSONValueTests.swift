import Foundation
import HooklineCore
import Testing

@Suite struct JSONValueTests {
    @Test func roundTripsValues() throws {
        let text = #"{"a":[1,2.5,"x",true,null],"b":{"c":-3}}"#
        let value = try JSONValue.parse(Array(text.utf8))
        #expect(value == .object(["a": .array([.number(1), .number(2.5), .string("x"), .bool(true), .null]),
                                  "b": .object(["c": .number(-3)])]))
        let encoded = try JSONEncoder().encode(value)
        #expect(try JSONValue.parse(Array(encoded)) == value)
        #expect(String(decoding: try JSONEncoder().encode(JSONValue.number(223)), as: UTF8.self) == "223")
    }

    @Test func reportsInvalidJSON() {
        #expect(throws: JSONValueError.self) { try JSONValue.parse(Array("{".utf8)) }
        #expect(throws: JSONValueError.self) { try JSONValue.parse(Array("".utf8)) }
    }
}
