import Testing

import Bloodbank

@Suite("Event naming rule")
struct EventNameTests {
    static let validNames = [
        "fireflies.transcript.ready",
        "github.pr.created",
        "agent.learning.lesson.promoted",
        "fireflies.transcript.ready.v2",
        "theboard.meeting.round_completed",
        "a-b.c_d.e1",
        "a.b.c",
        "0.1.2",
        String(repeating: "a", count: 251) + ".b.c",
    ]

    @Test("accepted names", arguments: validNames)
    func acceptedName(name: String) throws {
        try EventName.validate(name)
        #expect(EventName.isValid(name))
    }

    static let invalidNames: [(String, EventNameError.Code, Int?, Int?, String)] = [
        ("", .empty, nil, nil, "the name is empty"),
        ("order..created", .emptySegment, 2, 6, "segment 2 is empty"),
        (".order.created", .emptySegment, 1, 0, "segment 1 is empty"),
        ("order.created.", .emptySegment, 3, 14, "segment 3 is empty"),
        ("Order.created.now", .invalidCharacter, 1, 0, "segment 1 contains the upper-case letter 'O' at byte 0"),
        ("order.Created.now", .invalidCharacter, 2, 6, "segment 2 contains the upper-case letter 'C' at byte 6"),
        ("github.pr.*", .wildcard, 3, 10,
         "segment 3 contains the wildcard '*' at byte 10, which a topic exchange treats as a pattern"),
        ("github.#.x", .wildcard, 2, 7,
         "segment 2 contains the wildcard '#' at byte 7, which a topic exchange treats as a pattern"),
        ("order created.a.b", .invalidCharacter, 1, 5, "segment 1 contains a space at byte 5"),
        ("order.created.a\n", .invalidCharacter, 3, 15, "segment 3 contains the control character U+000A at byte 15"),
        ("menu.café.updated", .invalidCharacter, 2, 8, "segment 2 contains the non-ASCII character 'é' (U+00E9) at byte 8"),
        ("order.created/now.x", .invalidCharacter, 2, 13, "segment 2 contains the character '/' at byte 13"),
        ("llm.prompt", .tooFewSegments, 2, nil, "the name has 2 segments, fewer than the minimum of 3"),
        ("heartbeat", .tooFewSegments, 1, nil, "the name has 1 segment, fewer than the minimum of 3"),
        (String(repeating: "a", count: 252) + ".b.c", .tooLong, nil, nil, "the name is 256 bytes long, more than the maximum of 255"),
    ]

    @Test("rejected names", arguments: invalidNames)
    func rejectedName(name: String, code: EventNameError.Code, segment: Int?, offset: Int?, reason: String) {
        #expect(!EventName.isValid(name))
        do {
            try EventName.validate(name)
            Issue.record("accepted \(name)")
        } catch {
            #expect(error.code == code)
            #expect(error.segment == segment)
            #expect(error.byteOffset == offset)
            #expect(error.reason == reason)
        }
    }

    @Test func descriptionQuotesNameAndStatesRule() {
        do {
            try EventName.validate("order..created")
            Issue.record("accepted an empty segment")
        } catch {
            #expect(
                error.description
                    == #""order..created": segment 2 is empty. Names are lower-case [a-z0-9_-] segments joined by single dots, at least 3 segments and at most 255 bytes."#
            )
        }
    }

    @Test func longNameIsShortenedInDescription() {
        let name = String(repeating: "X", count: 300)
        do {
            try EventName.validate(name)
            Issue.record("accepted a 300-byte name")
        } catch {
            #expect(error.description.count < 250)
            #expect(error.description.hasPrefix("\"" + String(repeating: "X", count: 40) + "...\""))
        }
    }
}
