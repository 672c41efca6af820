import Testing

@testable import Bloodbank

@Suite("JSON object")
struct JSONObjectTests {
    @Test func insertionOrderIsKept() {
        var object = JSONObject()
        object["b"] = 1
        object["a"] = 2
        object["c"] = 3
        #expect(object.keys == ["b", "a", "c"])
        #expect(object.values == [1, 2, 3])
    }

    @Test func replacingValueKeepsPosition() {
        var object: JSONObject = ["a": 1, "b": 2]
        let old = object.updateValue(9, forKey: "a")
        #expect(old == 1)
        #expect(object.keys == ["a", "b"])
        #expect(object["a"] == 9)
    }

    @Test func assigningNilRemovesMember() {
        var object: JSONObject = ["a": 1, "b": 2, "c": 3]
        object["b"] = nil
        #expect(object.keys == ["a", "c"])
        #expect(object["b"] == nil)
        #expect(object.removeValue(forKey: "missing") == nil)
    }

    @Test func equalityIgnoresOrder() {
        let first: JSONObject = ["a": 1, "b": [true]]
        let second: JSONObject = ["b": [true], "a": 1]
        #expect(first == second)
        #expect(first.hashValue == second.hashValue)
        #expect(first != ["a": 1])
        #expect(first != ["a": 2, "b": [true]])
    }

    @Test func largeObjectLookupsUseIndex() {
        var object = JSONObject()
        for index in 0..<100 {
            object["key\(index)"] = .int(Int64(index))
        }
        #expect(object.count == 100)
        #expect(object["key0"] == 0)
        #expect(object["key99"] == 99)
        #expect(object["key100"] == nil)

        object["key50"] = nil
        #expect(object.count == 99)
        #expect(object["key51"] == 51)
        #expect(object.keys[50] == "key51")

        object["key7"] = "replaced"
        #expect(object.keys[7] == "key7")
        #expect(object["key7"] == "replaced")
    }

    @Test func largeParsedObjectWithDuplicatesKeepsLastValue() throws {
        var text = "{"
        for index in 0..<40 {
            text += "\"k\(index)\":\(index),"
        }
        text += "\"k3\":\"last\"}"
        let object = try #require(try JSONValue.parse(text).objectValue)
        #expect(object.count == 40)
        #expect(object["k3"] == "last")
        #expect(object.keys[3] == "k3")
    }

    @Test func keysCompareByBytes() throws {
        let object: JSONObject = ["caf\u{E9}": 1, "cafe\u{301}": 2, "\u{212A}": 3, "long key of more than fifteen bytes": 4]
        #expect(object.count == 4)
        #expect(object["caf\u{E9}"] == 1)
        #expect(object["cafe\u{301}"] == 2)
        #expect(object["\u{212A}"] == 3)
        #expect(object["K"] == nil)
        #expect(object["long key of more than fifteen bytes"] == 4)
        #expect(object["long key of more than fifteen bytez"] == nil)
        let parsed = try #require(try JSONValue.parse(#"{"caf\u00e9":1,"cafe\u0301":2,"caf\u00e9":3}"#).objectValue)
        #expect(parsed.keys == ["caf\u{E9}", "cafe\u{301}"])
        #expect(parsed["caf\u{E9}"] == 3)
    }

    @Test func hintedLookupFindsEveryKey() {
        let object: JSONObject = ["a": 1, "b": 2, "c": 3]
        #expect(object.position(of: "b", hint: 1) == 1)
        #expect(object.position(of: "b", hint: 0) == 1)
        #expect(object.position(of: "a", hint: 2) == 0)
        #expect(object.position(of: "c", hint: 3) == 2)
        #expect(object.position(of: "d", hint: 1) == nil)
    }
}
