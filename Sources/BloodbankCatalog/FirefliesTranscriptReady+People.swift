extension FirefliesTranscriptReady {
    /// A person invited to or present in a meeting.
    public struct Participant: Codable, Sendable, Hashable {
        /// The participant's display name.
        public var name: String
        /// The participant's e-mail address, if known.
        public var email: String?

        /// Creates a participant.
        public init(name: String, email: String? = nil) {
            self.name = name
            self.email = email
        }
    }

    /// The Fireflies account that owns a transcript.
    public struct User: Codable, Sendable, Hashable {
        /// The Fireflies user id.
        public var userID: String
        /// The account's e-mail address.
        public var email: String
        /// The account holder's name.
        public var name: String
        /// How many transcripts the account has.
        public var numTranscripts: Int
        /// The transcription minutes the account has used.
        public var minutesConsumed: Double
        /// Whether the account is a team administrator.
        public var isAdmin: Bool

        enum CodingKeys: String, CodingKey {
            case userID = "user_id"
            case email
            case name
            case numTranscripts = "num_transcripts"
            case minutesConsumed = "minutes_consumed"
            case isAdmin = "is_admin"
        }

        /// Creates a user.
        public init(userID: String, email: String, name: String, numTranscripts: Int, minutesConsumed: Double, isAdmin: Bool) {
            self.userID = userID
            self.email = email
            self.name = name
            self.numTranscripts = numTranscripts
            self.minutesConsumed = minutesConsumed
            self.isAdmin = isAdmin
        }
    }
}
