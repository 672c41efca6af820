public import Bloodbank

/// A pull request was opened; its details wait in a cache under `cache_key`.
///
/// Consumers read the cached pull request rather than a copy in the payload.
public struct GithubPRCreated: EventPayload, Hashable {
    /// The event type `github.pr.created`.
    public static let eventType = "github.pr.created"

    /// The store that contains the cached pull request.
    public enum CacheType: String, Codable, Sendable, Hashable, CaseIterable {
        /// A Redis key.
        case redis
        /// An in-process cache.
        case memory
        /// A file on disk.
        case file
    }

    /// The key of the cached pull request, such as `trinote|423`.
    public var cacheKey: String
    /// The store holding it; `redis` when absent.
    public var cacheType: CacheType

    enum CodingKeys: String, CodingKey {
        case cacheKey = "cache_key"
        case cacheType = "cache_type"
    }

    /// Creates the payload.
    public init(cacheKey: String, cacheType: CacheType = .redis) {
        self.cacheKey = cacheKey
        self.cacheType = cacheType
    }

    /// Decodes the payload, filling in the default of an absent `cache_type`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        cacheKey = try container.decode(String.self, forKey: .cacheKey)
        cacheType = try container.decodeIfPresent(CacheType.self, forKey: .cacheType) ?? .redis
    }
}
