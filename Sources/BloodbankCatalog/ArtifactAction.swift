/// The change to an artifact, which selects the event type of an ``ArtifactChanged``.
public protocol ArtifactAction: Sendable {
    /// The action, which is the last segment of the event type, such as `created`.
    static var action: ArtifactChange { get }
}

/// The change to an artifact, as the `action` field states it.
public enum ArtifactChange: String, Codable, Sendable, Hashable, CaseIterable {
    /// The artifact was created.
    case created
    /// The artifact changed.
    case updated
    /// The artifact was deleted.
    case deleted
}

/// The `created` action, for `artifact.created`.
public enum ArtifactCreatedAction: ArtifactAction {
    /// ``ArtifactChange/created``.
    public static let action = ArtifactChange.created
}

/// The `updated` action, for `artifact.updated`.
public enum ArtifactUpdatedAction: ArtifactAction {
    /// ``ArtifactChange/updated``.
    public static let action = ArtifactChange.updated
}

/// The `deleted` action, for `artifact.deleted`.
public enum ArtifactDeletedAction: ArtifactAction {
    /// ``ArtifactChange/deleted``.
    public static let action = ArtifactChange.deleted
}

/// An artifact was created, `artifact.created`.
public typealias ArtifactCreated = ArtifactChanged<ArtifactCreatedAction>
/// An artifact changed, `artifact.updated`.
public typealias ArtifactUpdated = ArtifactChanged<ArtifactUpdatedAction>
/// An artifact was deleted, `artifact.deleted`.
public typealias ArtifactDeleted = ArtifactChanged<ArtifactDeletedAction>
