import Foundation
import Testing

import Bloodbank

@Suite("Validation by constraint kind")
struct ValidationConstraintTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var json: String
        var code: ValidationIssue.Code?
        var path: String
        var expected: String

        var testDescription: String { json }
    }

    static func issues(_ json: String) throws -> [ValidationIssue] {
        let value = try JSONValue.parse(json)
        do {
            try PayloadValidator.validate(value, as: ConstrainedProbe.self)
            return []
        } catch {
            return error.issues
        }
    }

    /// One row per constraint kind: a failing value with its code, path and expectation,
    /// and a passing value with `code` nil.
    static let cases: [Case] = [
        Case(json: #"{"short": "ab"}"#, code: .tooShort, path: "short", expected: "at least 3 characters"),
        Case(json: #"{"short": "abc"}"#, code: nil, path: "short", expected: ""),
        Case(json: #"{"long": "abcdef"}"#, code: .tooLong, path: "long", expected: "at most 5 characters"),
        Case(json: #"{"long": "ééééé"}"#, code: nil, path: "long", expected: ""),
        Case(json: #"{"version": "1.2"}"#, code: .patternMismatch, path: "version", expected: "a string matching"),
        Case(json: #"{"version": "1.2.3-rc.1"}"#, code: nil, path: "version", expected: ""),
        Case(json: #"{"id": "3f2c8a4e-9d1b-4c6e-8a7f"}"#, code: .invalidFormat, path: "id", expected: "a UUID string"),
        Case(json: #"{"id": "3F2C8A4E-9D1B-4C6E-8A7F-2B5D9E0C1A34"}"#, code: nil, path: "id", expected: ""),
        Case(json: #"{"link": "not a uri"}"#, code: .invalidFormat, path: "link", expected: "an absolute URI"),
        Case(json: #"{"link": "https://example.com/a?b=c"}"#, code: nil, path: "link", expected: ""),
        Case(json: #"{"when": "2026-01-27 10:00"}"#, code: .invalidFormat, path: "when", expected: "an RFC 3339 date-time string"),
        Case(json: #"{"when": "2026-01-27T10:00:00.123456+00:00"}"#, code: nil, path: "when", expected: ""),
        Case(json: #"{"mail": "no-at-sign"}"#, code: .invalidFormat, path: "mail", expected: "an e-mail address"),
        Case(json: #"{"score": 0}"#, code: .outOfRange, path: "score", expected: "a number of at least 1"),
        Case(json: #"{"score": 11}"#, code: .outOfRange, path: "score", expected: "a number of at most 10"),
        Case(json: #"{"score": 10}"#, code: nil, path: "score", expected: ""),
        Case(json: #"{"ratio": 1.0000001}"#, code: .outOfRange, path: "ratio", expected: "a number of at most 1.0"),
        Case(json: #"{"ratio": -0.5}"#, code: .outOfRange, path: "ratio", expected: "a number of at least 0.0"),
        Case(json: #"{"ratio": 1}"#, code: nil, path: "ratio", expected: ""),
        Case(json: #"{"positive": 0}"#, code: .outOfRange, path: "positive", expected: "a number greater than 0"),
        Case(json: #"{"below": 1.5}"#, code: .outOfRange, path: "below", expected: "a number less than 1.5"),
        Case(json: #"{"below": 1}"#, code: nil, path: "below", expected: ""),
        Case(json: #"{"level": "medium"}"#, code: .notAllowed, path: "level", expected: #"one of "low", "high""#),
        Case(json: #"{"mood": "angry"}"#, code: .notAllowed, path: "mood", expected: #"one of "calm", "tense""#),
        Case(json: #"{"tags": ["a", "b", "c"]}"#, code: .tooManyItems, path: "tags", expected: "at most 2 elements"),
        Case(json: #"{"few": [1]}"#, code: .tooFewItems, path: "few", expected: "at least 2 elements"),
        Case(json: #"{"distinct": [1, 2, 1]}"#, code: .duplicateItems, path: "distinct[2]", expected: "distinct elements"),
        Case(json: #"{"codes": ["abc", "abcd"]}"#, code: .tooLong, path: "codes[1]", expected: "at most 3 characters"),
        Case(json: #"{"inner": {"label": "x"}}"#, code: .tooShort, path: "inner.label", expected: "at least 2 characters"),
        Case(json: #"{"inners": [{"label": "ok"}, {"label": "ok", "extra": 1}]}"#, code: .unknownField, path: "inners[1].extra", expected: "label, weight"),
        Case(json: #"{"inners": [{"weight": 1}]}"#, code: .missingField, path: "inners[0].label", expected: "a string"),
        Case(json: #"{"score": "7"}"#, code: .invalidType, path: "score", expected: "an integer"),
    ]

    @Test("constraint table", arguments: cases)
    func constraintCase(_ testCase: Case) throws {
        let issues = try Self.issues(testCase.json)
        guard let code = testCase.code else {
            #expect(issues.isEmpty, "unexpected issues: \(issues)")
            return
        }
        #expect(issues.count == 1, "\(issues)")
        let issue = try #require(issues.first)
        #expect(issue.code == code)
        #expect(issue.path.description == testCase.path)
        #expect(issue.expected.contains(testCase.expected), "expected part: \(issue.expected)")
    }

    @Test func everyIssueReportedAtOnce() throws {
        let issues = try Self.issues(#"{"short": "a", "long": "abcdefgh", "score": 99, "tags": [1, 2, 3], "inner": {"label": 5}}"#)
        #expect(issues.map(\.path.description) == ["short", "long", "score", "tags", "tags[0]", "tags[1]", "tags[2]", "inner.label"])
        #expect(issues.map(\.code) == [.tooShort, .tooLong, .outOfRange, .tooManyItems, .invalidType, .invalidType, .invalidType, .invalidType])
    }

    @Test func foundPartNeverCopiesLongValues() throws {
        let long = String(repeating: "secret-", count: 100)
        let issues = try Self.issues(#"{"long": "\#(long)", "tags": {"a": 1}}"#)
        #expect(issues.count == 2)
        #expect(issues[0].found == "a string of 700 characters")
        #expect(issues[1].found == "an object")
        #expect(!issues.description.contains("secret-secret-secret-secret-secret-secret-"))
    }

    @Test func missingNullAndUnknownAreDistinct() throws {
        let value = try JSONValue.parse(#"{"count": null, "note": null, "anything": null, "surprise": true}"#)
        do {
            try PayloadValidator.validate(value, as: RequiredProbe.self)
            Issue.record("validation passed")
        } catch {
            #expect(error.issues.map(\.code) == [.missingField, .nullValue])
            #expect(error.issues.map(\.path.description) == ["name", "count"])
            #expect(error.issues[0].description == "name: missing required field, expected a string")
            #expect(error.issues[1].description == "count: expected an integer, found null")
        }
    }

    @Test func unknownFieldsIgnoredByDefault() throws {
        let value = try JSONValue.parse(#"{"name": "a", "count": 1, "anything": 3, "surprise": true}"#)
        try PayloadValidator.validate(value, as: RequiredProbe.self)
    }

    @Test func unknownFieldsForbiddenPerType() throws {
        let value = try JSONValue.parse(#"{"name": "a", "surprise": true, "other": [1]}"#)
        do {
            try PayloadValidator.validate(value, as: StrictProbe.self)
            Issue.record("validation passed")
        } catch {
            #expect(error.issues.map(\.code) == [.unknownField, .unknownField])
            #expect(error.issues.map(\.path.description) == ["surprise", "other"])
            #expect(error.issues[0].expected == "name, note")
            #expect(error.issues[1].found == "an array")
        }
    }

    @Test func errorDescriptionListsEveryIssue() throws {
        let value = try JSONValue.parse(#"{"count": "x"}"#)
        do {
            try PayloadValidator.validate(value, as: RequiredProbe.self)
            Issue.record("validation passed")
        } catch {
            #expect(error.code == .invalidValue)
            #expect(error.description.hasPrefix("3 validation errors for RequiredProbe:"))
            #expect(error.description.contains("name: missing required field"))
            #expect(error.description.contains("count: expected an integer, found a string"))
            #expect(error.description.contains("anything: missing required field, expected any JSON value"))
        }
    }

    @Test func decodePayloadReportsEveryIssueWithPayloadPaths() throws {
        let envelope = EventEnvelope(
            eventType: RequiredProbe.eventType,
            source: EventSource(host: "test", type: .manual),
            payload: try JSONValue.parse(#"{"count": 1.5}"#)
        )
        do {
            _ = try envelope.validatedPayload(RequiredProbe.self)
            Issue.record("decoding passed")
        } catch {
            #expect(error.issues.map(\.path.description) == ["payload.name", "payload.count", "payload.anything"])
        }
        do {
            _ = try envelope.decodePayload(RequiredProbe.self)
            Issue.record("decoding passed")
        } catch {
            #expect(error.code == .payloadDecodingFailed)
            #expect(error.path.description == "payload")
            #expect(error.detail.contains("payload.name: missing required field"))
            #expect(error.detail.contains("payload.count: expected an integer, found 1.5"))
        }
    }

    @Test func singleIssueKeepsItsPath() throws {
        let envelope = EventEnvelope(
            eventType: RequiredProbe.eventType,
            source: EventSource(host: "test", type: .manual),
            payload: try JSONValue.parse(#"{"name": "a", "count": true, "anything": 1}"#)
        )
        do {
            _ = try envelope.decodePayload(RequiredProbe.self)
            Issue.record("decoding passed")
        } catch {
            #expect(error.path.description == "payload.count")
            #expect(error.detail == "expected an integer, found a Boolean")
        }
    }
}
