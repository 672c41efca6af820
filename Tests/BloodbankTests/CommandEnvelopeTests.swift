import Foundation
@testable import Bloodbank
import Testing

@Suite("Command envelopes and outcomes")
struct CommandEnvelopeTests {
    struct Resize: CommandPayload {
        struct Size: Codable, Sendable, Hashable {
            var width: Int
        }

        typealias Result = Size
        static let commandType = "image.file.resize"
        var width: Int
    }

    let source = EventSource(host: "test-host", type: .service, app: "tests")
    let id = UUID(uuidString: "3f2c8a4e-9d1b-4c6e-8a7f-2b5d9e0c1a34")!

    @Test func deadlineTravelsAsExpiresAtField() throws {
        let deadline = try #require(EventTimestamp(rfc3339: "2026-01-27T10:00:30.5Z"))
        let envelope = EventEnvelope(commandType: Resize.commandType, payload: ["width": 10], commandID: id, source: source, expiresAt: deadline)
        let text = String(decoding: try envelope.encoded(), as: UTF8.self)
        #expect(text.contains(#""expires_at":"2026-01-27T10:00:30.500000Z""#))
        #expect(text.contains(#""event_id":"3f2c8a4e-9d1b-4c6e-8a7f-2b5d9e0c1a34""#))

        let read = try EventEnvelope.decode(Array(text.utf8))
        #expect(read.commandExpiresAt == deadline)
        #expect(read.eventType == "image.file.resize")
    }

    @Test func missingDeadlineNeverExpires() {
        let envelope = EventEnvelope(commandType: Resize.commandType, payload: [:], commandID: id, source: source)
        #expect(envelope.commandExpiresAt == nil)
        #expect(envelope.extraFields.isEmpty)
    }

    @Test func garbledDeadlineCountsAsExpired() {
        var envelope = EventEnvelope(commandType: Resize.commandType, payload: [:], commandID: id, source: source)
        envelope.extraFields["expires_at"] = "tomorrow"
        #expect(envelope.commandExpiresAt == .distantPast)
        envelope.extraFields["expires_at"] = 1_700_000_000
        #expect(envelope.commandExpiresAt == .distantPast)
        envelope.extraFields["expires_at"] = .null
        #expect(envelope.commandExpiresAt == nil)
    }

    @Test func timestampArithmeticCarriesNanoseconds() {
        let base = EventTimestamp(seconds: 100, nanoseconds: 900_000_000)
        #expect(base.adding(.milliseconds(200)) == EventTimestamp(seconds: 101, nanoseconds: 100_000_000))
        #expect(base.adding(.milliseconds(-950)) == EventTimestamp(seconds: 99, nanoseconds: 950_000_000))
        #expect(base.duration(to: base.adding(.seconds(30))) == .seconds(30))
        #expect(base.adding(.seconds(5)).duration(to: base) == .seconds(-5))
    }

    @Test func completedOutcomeReadsResult() throws {
        let event = CommandCompleted<Resize>(commandID: id, result: .init(width: 20), durationMilliseconds: 12)
        let envelope = try EventEnvelope(payload: event, source: source, correlationIDs: [id])
        #expect(envelope.eventType == "image.file.resize.completed")
        let outcome = try CommandOutcome.read(envelope, commandType: Resize.commandType)
        #expect(outcome == .completed(["width": 20]))
        #expect(try outcome.result(commandType: Resize.commandType, commandID: id) == ["width": 20])
    }

    @Test func failedOutcomeThrowsFailure() throws {
        let failure = CommandFailure(.rateLimited, "too many resizes", retryable: true)
        let event = CommandFailed<Resize>(commandID: id, failure: failure, durationMilliseconds: 3)
        let envelope = try EventEnvelope(payload: event, source: source, correlationIDs: [id])
        #expect(envelope.payload["error_code"] == "rate_limited")
        let outcome = try CommandOutcome.read(envelope, commandType: Resize.commandType)
        #expect(outcome == .failed(failure))
        let error = #expect(throws: CommandError.self) { try outcome.result(commandType: Resize.commandType, commandID: id) }
        #expect(error?.code == .failed)
        #expect(error?.failure == failure)
        #expect(error?.commandID == id)
    }

    @Test func expiredOutcomeThrowsExpiry() throws {
        let deadline = EventTimestamp(seconds: 1_700_000_000)
        let event = CommandExpired<Resize>(commandID: id, expiresAt: deadline, receivedAt: deadline.adding(.seconds(1)))
        let envelope = try EventEnvelope(payload: event, source: source, correlationIDs: [id])
        let outcome = try CommandOutcome.read(envelope, commandType: Resize.commandType)
        let error = #expect(throws: CommandError.self) { try outcome.result(commandType: Resize.commandType, commandID: id) }
        #expect(error?.code == .expired)
        #expect(error?.failure?.code == .ttlExpired)
        #expect(error?.failure?.retryable == false)
    }

    @Test func otherEventIsNotAnOutcome() throws {
        let accepted = try EventEnvelope(payload: CommandAccepted<Resize>(commandID: id, worker: "host/1", redelivered: false), source: source)
        let unrelated = EventEnvelope(eventType: "image.file.crop.completed", source: source, payload: ["result": 1])
        for envelope in [accepted, unrelated] {
            let error = #expect(throws: CommandError.self) { try CommandOutcome.read(envelope, commandType: Resize.commandType) }
            #expect(error?.code == .invalidReply)
        }
    }

    @Test func lifecyclePayloadsUseSnakeCase() throws {
        let envelope = try EventEnvelope(payload: CommandAccepted<Resize>(commandID: id, worker: "host/1", redelivered: true), source: source)
        #expect(envelope.payload == [
            "command_id": "3f2c8a4e-9d1b-4c6e-8a7f-2b5d9e0c1a34",
            "command_type": "image.file.resize",
            "worker": "host/1",
            "redelivered": true,
        ])
    }
}
