import Foundation

import Bloodbank

/// A payload with one field per constraint kind, for the validation tables.
struct ConstrainedProbe: EventPayload, ConstrainedFields {
    static let eventType = "test.constraints.checked"

    enum Mood: String, Codable, CaseIterable {
        case calm, tense
    }

    struct Inner: Codable, ConstrainedFields {
        var label: String
        var weight: Double?

        static let fieldConstraints = FieldConstraints(CodingKeys.self, [.label: [.minLength(2)]])
        static let unknownFields = UnknownFieldPolicy.forbid
    }

    var short: String?
    var long: String?
    var version: String?
    var id: String?
    var link: String?
    var when: String?
    var mail: String?
    var score: Int?
    var ratio: Double?
    var positive: Int?
    var below: Double?
    var level: String?
    var tags: [String]?
    var few: [Int]?
    var distinct: [Int]?
    var codes: [String]?
    var mood: Mood?
    var inner: Inner?
    var inners: [Inner]?

    enum CodingKeys: String, CodingKey {
        case short, long, version, id, link, when, mail, score, ratio, positive, below, level, tags, few, distinct, codes, mood, inner, inners
    }

    static let fieldConstraints = FieldConstraints(CodingKeys.self, [
        .short: [.minLength(3)],
        .long: [.maxLength(5)],
        .version: [.semanticVersion],
        .id: [.format(.uuid)],
        .link: [.format(.uri)],
        .when: [.format(.dateTime)],
        .mail: [.format(.email)],
        .score: FieldConstraint.range(1...10),
        .ratio: FieldConstraint.numberRange(0...1),
        .positive: [.exclusiveMinimum(0)],
        .below: [.exclusiveMaximum(1.5)],
        .level: [.oneOf(["low", "high"])],
        .tags: [.maxItems(2)],
        .few: [.minItems(2)],
        .distinct: [.uniqueItems],
        .codes: [.elements([.maxLength(3)])],
    ])
}

/// A payload with required fields, for missing, null and unknown members.
struct RequiredProbe: EventPayload {
    static let eventType = "test.required.checked"

    var name: String
    var count: Int
    var note: String?
    var anything: JSONValue
}

/// ``RequiredProbe`` with unknown members forbidden.
struct StrictProbe: EventPayload, ConstrainedFields {
    static let eventType = "test.strict.checked"

    var name: String
    var note: String?

    static let unknownFields = UnknownFieldPolicy.forbid
}

/// A payload with integer fields of several widths.
struct IntegerProbe: EventPayload {
    static let eventType = "test.integers.checked"

    var value: Int
    var small: Int32?
    var unsigned: UInt8?
}
