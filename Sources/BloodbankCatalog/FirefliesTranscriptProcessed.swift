#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
public import Bloodbank

/// A transcript that has been ingested into the retrieval (RAG) store.
///
/// The RAG consumer publishes it after indexing a `fireflies.transcript.ready`
/// transcript; it links back to that event through the envelope's correlation ids.
public struct FirefliesTranscriptProcessed: EventPayload, Hashable {
    /// The event type `fireflies.transcript.processed`.
    public static let eventType = "fireflies.transcript.processed"

    /// The Fireflies transcript id.
    public var transcriptID: String
    /// The id of the document in the RAG store.
    public var ragDocumentID: String
    /// The meeting title.
    public var title: String
    /// When the ingestion finished.
    public var ingestionTimestamp: Date
    /// The number of sentences ingested.
    public var sentenceCount: Int
    /// The number of distinct speakers.
    public var speakerCount: Int
    /// The meeting length in minutes.
    public var durationMinutes: Double
    /// The vector store that stores the document, such as `chroma` or `pinecone`.
    public var vectorStore: String
    /// The number of chunks the document was split into; 0 when absent.
    public var chunkCount: Int
    /// The embedding model used, if reported.
    public var embeddingModel: String?
    /// Free-form details from the ingestion; empty when absent.
    public var metadata: JSONObject

    enum CodingKeys: String, CodingKey {
        case transcriptID = "transcript_id"
        case ragDocumentID = "rag_document_id"
        case title
        case ingestionTimestamp = "ingestion_timestamp"
        case sentenceCount = "sentence_count"
        case speakerCount = "speaker_count"
        case durationMinutes = "duration_minutes"
        case vectorStore = "vector_store"
        case chunkCount = "chunk_count"
        case embeddingModel = "embedding_model"
        case metadata
    }

    /// Creates an ingestion report.
    public init(
        transcriptID: String,
        ragDocumentID: String,
        title: String,
        ingestionTimestamp: Date,
        sentenceCount: Int,
        speakerCount: Int,
        durationMinutes: Double,
        vectorStore: String,
        chunkCount: Int = 0,
        embeddingModel: String? = nil,
        metadata: JSONObject = JSONObject()
    ) {
        self.transcriptID = transcriptID
        self.ragDocumentID = ragDocumentID
        self.title = title
        self.ingestionTimestamp = ingestionTimestamp
        self.sentenceCount = sentenceCount
        self.speakerCount = speakerCount
        self.durationMinutes = durationMinutes
        self.vectorStore = vectorStore
        self.chunkCount = chunkCount
        self.embeddingModel = embeddingModel
        self.metadata = metadata
    }

    /// Decodes the payload, defaulting `chunk_count` to 0 and `metadata` to `{}` as the
    /// Python model does.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        transcriptID = try container.decode(String.self, forKey: .transcriptID)
        ragDocumentID = try container.decode(String.self, forKey: .ragDocumentID)
        title = try container.decode(String.self, forKey: .title)
        ingestionTimestamp = try container.decode(Date.self, forKey: .ingestionTimestamp)
        sentenceCount = try container.decode(Int.self, forKey: .sentenceCount)
        speakerCount = try container.decode(Int.self, forKey: .speakerCount)
        durationMinutes = try container.decode(Double.self, forKey: .durationMinutes)
        vectorStore = try container.decode(String.self, forKey: .vectorStore)
        chunkCount = try container.decodeIfPresent(Int.self, forKey: .chunkCount) ?? 0
        embeddingModel = try container.decodeIfPresent(String.self, forKey: .embeddingModel)
        metadata = try container.decodeIfPresent(JSONObject.self, forKey: .metadata) ?? JSONObject()
    }
}
