import Foundation
import Testing

import Bloodbank
import BloodbankCatalog

@Suite("Catalog payloads through the envelope")
struct CatalogRoundTripTests {
    static let source = EventSource(host: "workstation-01", type: .webhook, app: "fireflies-bridge")

    static let transcript = FirefliesTranscriptReady(
        id: "01JXYZ",
        title: "Weekly sync",
        date: Date(timeIntervalSince1970: 1_769_508_000),
        duration: 42.5,
        transcriptURL: "https://app.fireflies.ai/view/01JXYZ",
        sentences: [
            .init(
                index: 0,
                speakerName: "Ada",
                speakerID: 1,
                rawText: "um, let's start",
                text: "Let's start.",
                startTime: 0.0,
                endTime: 1.75,
                aiFilters: .init(textCleanup: "Let's start.", sentiment: .neutral)
            ),
            .init(
                index: 1,
                speakerID: 2,
                rawText: "the price is 10 dollars",
                text: "The price is 10 dollars.",
                startTime: 1.75,
                endTime: 4.0,
                aiFilters: .init(textCleanup: "The price is 10 dollars.", pricing: "10 dollars", sentiment: .positive)
            ),
        ],
        participants: [.init(name: "Ada", email: "ada@example.com"), .init(name: "Grace")],
        speakers: ["Ada", "Grace"],
        user: .init(userID: "u1", email: "ada@example.com", name: "Ada", numTranscripts: 12, minutesConsumed: 340.5, isAdmin: true),
        hostEmail: "ada@example.com",
        organizerEmail: "ada@example.com",
        privacy: "link",
        rawMeetingInfo: ["silent_meeting": false, "summary_status": "processed"]
    )

    @Test func transcriptReadyRoundTrips() throws {
        let parent = EventID.deterministic(eventType: "fireflies.transcript.upload", uniqueKey: "meeting_abc123")
        let envelope = try EventEnvelope(payload: Self.transcript, source: Self.source, correlationIDs: [parent])
        #expect(envelope.eventType == "fireflies.transcript.ready")

        let decoded = try EventEnvelope.decode(try envelope.encoded())
        #expect(decoded == envelope)
        #expect(decoded.correlationIDs == [parent])
        #expect(try decoded.decodePayload(FirefliesTranscriptReady.self) == Self.transcript)
    }

    @Test func payloadUsesSnakeCaseKeysAndNulls() throws {
        let envelope = try EventEnvelope(payload: Self.transcript, source: Self.source)
        let payload = try #require(envelope.payload.objectValue)
        #expect(payload.keys.first == "id")
        #expect(payload["transcript_url"] == "https://app.fireflies.ai/view/01JXYZ")
        #expect(payload["audio_url"] == .null)
        #expect(payload["date"] == "2026-01-27T10:00:00.000000Z")
        #expect(payload["sentences"]?.arrayValue?.first?["ai_filters"]?["sentiment"] == "neutral")
        #expect(payload["user"]?["num_transcripts"] == .int(12))
    }

    @Test func absentDefaultedFieldsTakeCatalogDefaults() throws {
        let text = """
            {"id": "x", "title": "t", "date": "2026-01-27T10:00:00Z", "duration": 3, "transcript_url": "u",
             "sentences": [], "user": {"user_id": "u", "email": "e", "name": "n", "num_transcripts": 0,
             "minutes_consumed": 0, "is_admin": false}, "host_email": "h", "organizer_email": "o", "privacy": "private"}
            """
        let payload = try JSONValueDecoder().decode(FirefliesTranscriptReady.self, from: try JSONValue.parse(text))
        #expect(payload.participants.isEmpty)
        #expect(payload.speakers.isEmpty)
        #expect(payload.duration == 3.0)
        #expect(payload.rawMeetingInfo == nil)

        let failed = try JSONValueDecoder().decode(
            FirefliesTranscriptFailed.self,
            from: ["failed_stage": "upload", "error_message": "timeout"]
        )
        #expect(failed.retryCount == 0)
        #expect(failed.isRetryable)
        #expect(failed.metadata.isEmpty)
        #expect(abs(failed.timestamp.timeIntervalSinceNow) < 5)

        let upload = try JSONValueDecoder().decode(
            FirefliesTranscriptUpload.self,
            from: ["media_file": "/rec/a.mp3", "media_duration_seconds": 61, "media_type": "audio/mpeg"]
        )
        #expect(abs(upload.createdAt.timeIntervalSinceNow) < 5)

        let prompt = try JSONValueDecoder().decode(AgentThreadPrompt.self, from: ["provider": "anthropic", "prompt": "hi"])
        #expect(prompt.tags.isEmpty)

        let error = try JSONValueDecoder().decode(LLMError.self, from: ["provider": "openai", "error_message": "rate limited"])
        #expect(!error.isRetryable)
        #expect(error.retryCount == 0)
    }

    @Test func contractExamplePayloadDecodesAsPrompt() throws {
        let text = """
            {"event_id": "3f2c8a4e-9d1b-4c6e-8a7f-2b5d9e0c1a34", "event_type": "agent.thread.prompt",
             "timestamp": "2025-12-17T14:30:00.123456Z", "version": "1.0.0",
             "source": {"host": "workstation-01", "type": "manual", "app": "bloodbank-cli", "meta": {}},
             "correlation_ids": ["0b7e6a52-3a4f-4a8e-9a55-1d2f3c4b5a69"], "agent_context": null,
             "payload": {"provider": "anthropic", "prompt": "Refactor the event system", "tags": []}}
            """
        let envelope = try EventEnvelope.decode(Array(text.utf8))
        let prompt = try envelope.decodePayload(AgentThreadPrompt.self)
        #expect(prompt == AgentThreadPrompt(provider: "anthropic", prompt: "Refactor the event system"))
        // The llm.prompt type has the same shape and reads the same payload.
        #expect(try envelope.decodePayload(LLMPrompt.self).prompt == "Refactor the event system")
    }

    @Test func payloadMismatchNamesTheField() throws {
        var payload = try #require(try JSONValueEncoder().encode(Self.transcript).objectValue)
        var sentences = try #require(payload["sentences"]?.arrayValue)
        var first = try #require(sentences[0].objectValue)
        first["ai_filters"] = ["text_cleanup": "x", "sentiment": "ecstatic"]
        sentences[0] = .object(first)
        payload["sentences"] = .array(sentences)
        let envelope = EventEnvelope(eventType: FirefliesTranscriptReady.eventType, source: Self.source, payload: .object(payload))
        do {
            _ = try envelope.decodePayload(FirefliesTranscriptReady.self)
            Issue.record("decoded an unknown sentiment")
        } catch {
            #expect(error.code == .payloadDecodingFailed)
            #expect(error.path.description == "payload.sentences[0].ai_filters.sentiment")
        }
    }

    @Test func missingPayloadFieldNamesTheField() {
        let envelope = EventEnvelope(eventType: "llm.response", source: Self.source, payload: ["provider": "openai"])
        do {
            _ = try envelope.decodePayload(LLMResponse.self)
            Issue.record("decoded without a response")
        } catch {
            #expect(error.description == "payload.response: missing required field, expected a string")
        }
    }

    @Test func conversationPayloadsRoundTrip() throws {
        let response = AgentThreadResponse(provider: "anthropic", response: "done", model: "claude-sonnet-4", tokensUsed: 1200, durationMs: 850)
        let envelope = try EventEnvelope(payload: response, source: EventSource(host: "h", type: .agent))
        let decoded = try EventEnvelope.decode(try envelope.encoded())
        #expect(decoded.eventType == "agent.thread.response")
        #expect(try decoded.decodePayload(AgentThreadResponse.self) == response)
        #expect(decoded.payload.objectValue?.keys == ["provider", "prompt_id", "response", "model", "tokens_used", "duration_ms"])

        let failure = LLMError(provider: "openai", errorMessage: "rate limited", errorCode: "429", isRetryable: true, retryCount: 2)
        let failureEnvelope = try EventEnvelope(payload: failure, source: EventSource(host: "h", type: .service))
        #expect(failureEnvelope.eventType == "llm.error")
        #expect(try EventEnvelope.decode(try failureEnvelope.encoded()).decodePayload(LLMError.self) == failure)
    }

    @Test func processedPayloadKeepsMetadataOrder() throws {
        let processed = FirefliesTranscriptProcessed(
            transcriptID: "01JXYZ", ragDocumentID: "doc-9", title: "Weekly sync",
            ingestionTimestamp: Date(timeIntervalSince1970: 1_769_508_060.25), sentenceCount: 2, speakerCount: 2,
            durationMinutes: 42.5, vectorStore: "chroma", chunkCount: 3, metadata: ["z": 1, "a": [true]]
        )
        let envelope = try EventEnvelope(payload: processed, source: Self.source)
        let decoded = try EventEnvelope.decode(try envelope.encoded())
        let payload = try decoded.decodePayload(FirefliesTranscriptProcessed.self)
        #expect(payload == processed)
        #expect(payload.metadata.keys == ["z", "a"])
        #expect(decoded.payload["ingestion_timestamp"] == "2026-01-27T10:01:00.250000Z")
    }
}
