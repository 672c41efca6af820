public import Bloodbank

/// The event types of the 33GOD ecosystem that `bb list-events` shows out of the box.
public enum BloodbankCatalog {
    /// Every catalog payload type, grouped by domain.
    public static let allEventTypes: [any EventPayload.Type] = [
        FirefliesTranscriptUpload.self,
        FirefliesTranscriptReady.self,
        FirefliesTranscriptProcessed.self,
        FirefliesTranscriptFailed.self,
        AgentThreadPrompt.self,
        AgentThreadResponse.self,
        AgentThreadError.self,
        LLMPrompt.self,
        LLMResponse.self,
        LLMError.self,
        ArtifactCreated.self,
        ArtifactUpdated.self,
        ArtifactDeleted.self,
        ArtifactIngestionFailed.self,
        GithubPRCreated.self,
        AgentFeedbackRequested.self,
        AgentFeedbackResponse.self,
        AgentLearningObservationRecorded.self,
        AgentLearningEpisodeCreated.self,
        AgentLearningCandidateExtracted.self,
        AgentLearningCandidateValidated.self,
        AgentLearningLessonPromoted.self,
        AgentLearningLessonRejected.self,
        AgentLearningLessonRolledBack.self,
        AgentLearningRetrievalApplied.self,
        AgentMessageReceived.self,
        AgentMessageSent.self,
        AgentToolInvoked.self,
        AgentToolCompleted.self,
        AgentSubagentSpawned.self,
        AgentSubagentCompleted.self,
        AgentSessionStarted.self,
        AgentSessionEnded.self,
        AgentTaskAssigned.self,
        AgentTaskCompleted.self,
        AgentHeartbeat.self,
        AgentErrorOccurred.self,
        SessionThreadStart.self,
        SessionThreadMessage.self,
        SessionThreadAgentAction.self,
        SessionThreadAgentThinking.self,
        SessionThreadEnd.self,
        SessionThreadError.self,
        TheBoardMeetingCreated.self,
        TheBoardMeetingStarted.self,
        TheBoardMeetingRoundCompleted.self,
        TheBoardMeetingCommentExtracted.self,
        TheBoardMeetingConverged.self,
        TheBoardMeetingCompleted.self,
        TheBoardMeetingFailed.self,
        SystemHeartbeatTick.self,
        AgentStatusReported.self,
        AgentContextWarning.self,
        AgentContextCritical.self,
        PlaneWebhookReceived.self,
        TaskInboxIssueCreated.self,
        TranscriptionVoiceCompleted.self,
    ]

    /// Returns a registry with every catalog type registered.
    ///
    /// - Throws: ``EventNameError`` if a catalog name breaks the naming rule; the
    ///   catalog tests register every type, so this only happens after a bad edit.
    public static func registry() throws(EventNameError) -> EventRegistry {
        try EventRegistry(registering: allEventTypes)
    }
}
