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

    @Test func encodesNestedValuesAsTheyWereWritten() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for text in [
            #"{"a":[1,2.5,"x/y",true,null],"b":{"c":-3,"d":{}},"e":[],"f":[[{"g":[]}]]}"#,
            #"[{},[],{"z":1,"y":2}]"#, "{}", "[]",
        ] {
            let value = try JSONValue.parse(Array(text.utf8))
            let expected = text.replacingOccurrences(of: #""z":1,"y":2"#, with: #""y":2,"z":1"#)
            #expect(String(decoding: try encoder.encode(value), as: UTF8.self) == expected)
        }
    }

    @Test func reportsInvalidJSON() {
        #expect(throws: JSONValueError.self) { try JSONValue.parse(Array("{".utf8)) }
        #expect(throws: JSONValueError.self) { try JSONValue.parse(Array("".utf8)) }
    }

    @Test func shapedParsingGivesWhatPlainParsingGives() throws {
        let shape = JSONObjectShape(
            objectKeys: ["data": JSONObjectShape(objectKeys: ["n": JSONObjectShape()], numberKeys: ["id"])],
            objectArrayKeys: ["events"], numberKeys: ["count"])
        let bodies = [
            #"{"scope":"store/order/created","data":{"type":"order","id":1}}"#,
            #"{"events":[{"scope":"s","data":{"id":1,"n":{"x":[true,null]}}},{"scope":"t","data":[1,2]}]}"#,
            // Guesses that are wrong: data not an object, events not all objects, events not an array.
            #"{"data":"text","events":[{"a":1},2,"x",[3]]}"#,
            #"{"data":null,"events":{"a":[]}}"#,
            #"{"data":7.5,"events":"none","other":{"data":[]}}"#,
            // Numbers guessed where there are other kinds; a nested object's own guesses wrong.
            #"{"count":"many","data":{"id":"cart-1","n":[1]},"events":[{"data":{"id":{"x":1},"n":"text"}}]}"#,
            #"{"count":null,"data":{"id":null,"n":{"id":"x"}}}"#,
            #"{"count":3,"data":{"id":12.5,"n":{}}}"#,
            #"{}"#,
        ]
        for body in bodies {
            guard case .object(let expected) = try JSONValue.parse(Array(body.utf8)) else {
                Issue.record("not an object: \(body)")
                continue
            }
            #expect(JSONValue.parseObject(Array(body.utf8), shape: shape) == expected, "\(body)")
            #expect(JSONValue.parseObject(Array(body.utf8)) == expected, "\(body)")
        }
    }

    @Test func shapedParsingRefusesWhatIsNotAnObject() {
        for body in ["[1]", "\"x\"", "3", "null", "{", "", #"{"a":}"#] {
            #expect(JSONValue.parseObject(Array(body.utf8)) == nil, "\(body)")
        }
    }
}
