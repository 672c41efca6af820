public import Bloodbank

/// The command `github.pr.merge`: merge a pull request.
///
/// The GitHub integration's worker executes it; the result tells whether the pull
/// request was merged and with which commit.
public struct GithubPRMerge: CommandPayload, Hashable {
    /// The command type `github.pr.merge`.
    public static let commandType = "github.pr.merge"

    /// How the pull request's commits are merged.
    public enum MergeMethod: String, Codable, Sendable, Hashable, CaseIterable {
        /// A merge commit.
        case merge
        /// One squashed commit.
        case squash
        /// The commits rebased onto the base branch.
        case rebase
    }

    /// The outcome of a merge.
    public struct Result: Codable, Sendable, Hashable {
        /// Whether the pull request is merged.
        public var merged: Bool
        /// The commit the merge created, when it did.
        public var sha: String?
        /// GitHub's message, such as why a merge was not possible.
        public var message: String?

        /// Creates a result.
        public init(merged: Bool, sha: String? = nil, message: String? = nil) {
            self.merged = merged
            self.sha = sha
            self.message = message
        }
    }

    /// The repository as `owner/name`, such as `33god/trinote`.
    public var repository: String
    /// The pull request number.
    public var number: Int
    /// How to merge; `merge` when absent.
    public var mergeMethod: MergeMethod
    /// The title of the merge commit; GitHub's default when absent.
    public var commitTitle: String?

    enum CodingKeys: String, CodingKey {
        case repository
        case number
        case mergeMethod = "merge_method"
        case commitTitle = "commit_title"
    }

    /// Creates the command.
    public init(repository: String, number: Int, mergeMethod: MergeMethod = .merge, commitTitle: String? = nil) {
        self.repository = repository
        self.number = number
        self.mergeMethod = mergeMethod
        self.commitTitle = commitTitle
    }

    /// Decodes the command, with `merge` when `merge_method` is absent.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        repository = try container.decode(String.self, forKey: .repository)
        number = try container.decode(Int.self, forKey: .number)
        mergeMethod = try container.decodeIfPresent(MergeMethod.self, forKey: .mergeMethod) ?? .merge
        commitTitle = try container.decodeIfPresent(String.self, forKey: .commitTitle)
    }
}
