public import Bloodbank

/// An issue landed in the task inbox from a tracker such as Plane.
public struct TaskInboxIssueCreated: EventPayload, Hashable {
    /// The event type `task.inbox.issue.created`.
    public static let eventType = "task.inbox.issue.created"

    /// The issue as the tracker reported it.
    public struct Issue: Codable, Sendable, Hashable {
        /// The tracker's id of the issue.
        public var issueID: String
        /// The human-readable reference, such as `ENG-42`.
        public var issueRef: String
        /// The issue's title.
        public var title: String
        /// The issue's web address.
        public var url: String
        /// When the issue was created, as the tracker formats it.
        public var createdAt: String
        /// The issue's workflow state.
        public var state: String
        /// The tracker's id of the project.
        public var projectID: String
        /// The tracker's id of the workspace.
        public var workspaceID: String

        enum CodingKeys: String, CodingKey {
            case issueID = "issue_id"
            case issueRef = "issue_ref"
            case title
            case url
            case createdAt = "created_at"
            case state
            case projectID = "project_id"
            case workspaceID = "workspace_id"
        }

        /// Creates an issue.
        public init(
            issueID: String,
            issueRef: String,
            title: String,
            url: String,
            createdAt: String,
            state: String,
            projectID: String,
            workspaceID: String
        ) {
            self.issueID = issueID
            self.issueRef = issueRef
            self.title = title
            self.url = url
            self.createdAt = createdAt
            self.state = state
            self.projectID = projectID
            self.workspaceID = workspaceID
        }
    }

    /// The tracker, such as `plane`.
    public var provider: String
    /// The tracker event that created the issue.
    public var sourceEvent: String
    /// The issue.
    public var issue: Issue

    enum CodingKeys: String, CodingKey {
        case provider
        case sourceEvent = "source_event"
        case issue
    }

    /// Creates the payload.
    public init(
        provider: String,
        sourceEvent: String,
        issue: Issue
    ) {
        self.provider = provider
        self.sourceEvent = sourceEvent
        self.issue = issue
    }
}
