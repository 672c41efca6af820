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
    ]

    /// Returns a registry with every catalog type registered.
    ///
    /// - Throws: ``EventNameError`` if a catalog name breaks the naming rule; the
    ///   catalog tests register every type, so this only happens after a bad edit.
    public static func registry() throws(EventNameError) -> EventRegistry {
        try EventRegistry(registering: allEventTypes)
    }
}
