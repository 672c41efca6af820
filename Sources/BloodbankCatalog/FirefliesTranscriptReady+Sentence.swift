extension FirefliesTranscriptReady {
    /// One sentence of a transcript.
    public struct Sentence: Codable, Sendable, Hashable {
        /// The zero-based position of the sentence in the transcript.
        public var index: Int
        /// The speaker's name, if Fireflies recognised the speaker.
        public var speakerName: String?
        /// The speaker's number within this transcript.
        public var speakerID: Int
        /// The text as transcribed.
        public var rawText: String
        /// The text after Fireflies' clean-up.
        public var text: String
        /// When the sentence starts, in seconds from the start of the recording.
        public var startTime: Double
        /// When the sentence ends, in seconds from the start of the recording.
        public var endTime: Double
        /// The metadata that Fireflies' AI filters extracted from the sentence.
        public var aiFilters: AIFilters

        enum CodingKeys: String, CodingKey {
            case index
            case speakerName = "speaker_name"
            case speakerID = "speaker_id"
            case rawText = "raw_text"
            case text
            case startTime = "start_time"
            case endTime = "end_time"
            case aiFilters = "ai_filters"
        }

        /// Creates a sentence.
        public init(
            index: Int,
            speakerName: String? = nil,
            speakerID: Int,
            rawText: String,
            text: String,
            startTime: Double,
            endTime: Double,
            aiFilters: AIFilters
        ) {
            self.index = index
            self.speakerName = speakerName
            self.speakerID = speakerID
            self.rawText = rawText
            self.text = text
            self.startTime = startTime
            self.endTime = endTime
            self.aiFilters = aiFilters
        }
    }

    /// The metadata that Fireflies' AI filters extract from one sentence.
    public struct AIFilters: Codable, Sendable, Hashable {
        /// The sentence after filler words are removed.
        public var textCleanup: String
        /// A task or action item mentioned in the sentence, if any.
        public var task: String?
        /// A price or cost mentioned in the sentence, if any.
        public var pricing: String?
        /// A metric mentioned in the sentence, if any.
        public var metric: String?
        /// The question asked in the sentence, if any.
        public var question: String?
        /// A date or time mentioned in the sentence, if any.
        public var dateAndTime: String?
        /// The tone of the sentence.
        public var sentiment: Sentiment

        enum CodingKeys: String, CodingKey {
            case textCleanup = "text_cleanup"
            case task
            case pricing
            case metric
            case question
            case dateAndTime = "date_and_time"
            case sentiment
        }

        /// Creates the filter results of a sentence.
        public init(
            textCleanup: String,
            task: String? = nil,
            pricing: String? = nil,
            metric: String? = nil,
            question: String? = nil,
            dateAndTime: String? = nil,
            sentiment: Sentiment
        ) {
            self.textCleanup = textCleanup
            self.task = task
            self.pricing = pricing
            self.metric = metric
            self.question = question
            self.dateAndTime = dateAndTime
            self.sentiment = sentiment
        }
    }

    /// The tone of a sentence as Fireflies classifies it.
    public enum Sentiment: String, Codable, Sendable, Hashable, CaseIterable {
        /// A positive tone.
        case positive
        /// A negative tone.
        case negative
        /// Neither positive nor negative.
        case neutral
    }
}
