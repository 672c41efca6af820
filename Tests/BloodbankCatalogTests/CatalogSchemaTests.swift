import Testing

import Bloodbank
import BloodbankCatalog

@Suite("Catalog schemas")
struct CatalogSchemaTests {
    private func field(_ name: String, in fields: [FieldDescription]) throws -> FieldDescription {
        try #require(fields.first { $0.name == name }, "no field \(name)")
    }

    @Test func transcriptReadyListsFieldsWithOptionality() throws {
        let schema = try PayloadSchema(describing: FirefliesTranscriptReady.self)
        #expect(
            schema.fields.map(\.name) == [
                "id", "title", "date", "duration", "transcript_url", "audio_url", "video_url", "sentences", "summary",
                "participants", "speakers", "user", "host_email", "organizer_email", "privacy", "meeting_link",
                "calendar_id", "calendar_type", "raw_meeting_info",
            ])
        #expect(
            schema.fields.filter(\.isOptional).map(\.name) == [
                "audio_url", "video_url", "summary", "participants", "speakers", "meeting_link", "calendar_id",
                "calendar_type", "raw_meeting_info",
            ])
        #expect(try field("date", in: schema.fields).value.type == .dateTime)
        #expect(try field("duration", in: schema.fields).value.type == .number)
        #expect(try field("speakers", in: schema.fields).notation == "speakers [string]?")
        #expect(try field("raw_meeting_info", in: schema.fields).notation == "raw_meeting_info {}?")
    }

    @Test func transcriptReadyDescribesNestedTypes() throws {
        let fields = try PayloadSchema(describing: FirefliesTranscriptReady.self).fields
        let sentence = try #require(try field("sentences", in: fields).value.element)
        #expect(sentence.swiftType == "Sentence")
        #expect(
            sentence.fields.map(\.name) == [
                "index", "speaker_name", "speaker_id", "raw_text", "text", "start_time", "end_time", "ai_filters",
            ])
        #expect(try field("speaker_name", in: sentence.fields).isOptional)
        #expect(try field("start_time", in: sentence.fields).value.type == .number)

        let filters = try field("ai_filters", in: sentence.fields).value
        #expect(filters.fields.filter { !$0.isOptional }.map(\.name) == ["text_cleanup", "sentiment"])
        #expect(try field("sentiment", in: filters.fields).value.enumValues == ["positive", "negative", "neutral"])

        let user = try field("user", in: fields).value
        #expect(user.fields.map(\.name) == ["user_id", "email", "name", "num_transcripts", "minutes_consumed", "is_admin"])
        #expect(try field("is_admin", in: user.fields).value.type == .boolean)

        let participant = try #require(try field("participants", in: fields).value.element)
        #expect(participant.fields.map(\.isOptional) == [false, true])
    }

    @Test func transcriptFailedListsStageValuesAndDefaults() throws {
        let fields = try PayloadSchema(describing: FirefliesTranscriptFailed.self).fields
        let stage = try field("failed_stage", in: fields)
        #expect(!stage.isOptional)
        #expect(stage.value.enumValues == ["upload", "transcription", "processing"])
        #expect(stage.notation == "failed_stage upload|transcription|processing")
        for name in ["timestamp", "retry_count", "is_retryable", "metadata", "error_code"] {
            #expect(try field(name, in: fields).isOptional, "\(name)")
        }
        #expect(try !field("error_message", in: fields).isOptional)
    }

    @Test func transcriptUploadDefaultsCreatedAt() throws {
        let fields = try PayloadSchema(describing: FirefliesTranscriptUpload.self).fields
        #expect(fields.map(\.name) == ["media_file", "media_duration_seconds", "media_type", "title", "user_id", "created_at"])
        #expect(fields.map(\.isOptional) == [false, false, false, true, true, true])
        #expect(try field("media_duration_seconds", in: fields).value.type == .integer)
    }

    @Test func conversationSchemasMatchAcrossChannels() throws {
        let agentPrompt = try PayloadSchema(describing: AgentThreadPrompt.self)
        let llmPrompt = try PayloadSchema(describing: LLMPrompt.self)
        #expect(agentPrompt.fields == llmPrompt.fields)
        #expect(agentPrompt.fields.map(\.notation) == [
            "provider string", "model string?", "prompt string", "project string?", "working_dir string?",
            "domain string?", "tags [string]?",
        ])
        let response = try PayloadSchema(describing: AgentThreadResponse.self)
        #expect(response.fields.map(\.notation) == [
            "provider string", "prompt_id string?", "response string", "model string?", "tokens_used int?",
            "duration_ms int?",
        ])
        let error = try PayloadSchema(describing: LLMError.self)
        #expect(error.eventType == "llm.error")
        #expect(error.isLegacyName)
        #expect(error.fields.map(\.notation) == [
            "provider string", "model string?", "error_message string", "error_code string?", "is_retryable bool?",
            "retry_count int?",
        ])
    }
}
