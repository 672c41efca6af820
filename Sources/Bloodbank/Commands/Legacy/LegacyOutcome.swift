/// How a legacy command ended, as the bridge reports it in a `.result` or `.error` reply.
public enum LegacyOutcome: Sendable, Hashable {
    /// The command ran; `result_payload` is the worker's result.
    case result(outcome: String, payload: JSONObject)
    /// The command failed or was not run.
    case error(code: String, message: String, retryable: Bool)

    /// The `outcome` of a command that ran.
    public static let success = "success"
    /// The `outcome` of a command skipped because its idempotency key ran before.
    public static let skipped = "skipped"

    /// Returns the outcome of a Bloodbank command's result: the result when it is an
    /// object, and otherwise `{"value": result}`, because `result_payload` is an object.
    static func succeeded(_ result: JSONValue) -> LegacyOutcome {
        if case .object(let object) = result {
            return .result(outcome: success, payload: object)
        }
        var wrapped = JSONObject()
        wrapped["value"] = result
        return .result(outcome: success, payload: wrapped)
    }

    /// Returns the outcome of a request that failed, with the legacy error code.
    static func failed(_ error: CommandError) -> LegacyOutcome {
        if let failure = error.failure {
            return .error(code: failure.code.rawValue, message: failure.message, retryable: failure.retryable)
        }
        let code: CommandFailure.Code
        let retryable: Bool
        switch error.code {
        case .timedOut:
            (code, retryable) = (.timeout, true)
        case .invalidCommand:
            (code, retryable) = (.rejected, false)
        case .invalidReply:
            (code, retryable) = (.executionFailed, false)
        default:
            (code, retryable) = (.executionFailed, true)
        }
        return .error(code: code.rawValue, message: error.description, retryable: retryable)
    }

    /// Whether a repeat of the command's idempotency key is answered from memory:
    /// results and errors that are not retryable.
    var isRemembered: Bool {
        switch self {
        case .result: true
        case .error(_, _, let retryable): !retryable
        }
    }

    /// The outcome a repeated command receives: a result as `skipped` with the first
    /// run's payload, and an error unchanged.
    var repeated: LegacyOutcome {
        switch self {
        case .result(_, let payload): .result(outcome: Self.skipped, payload: payload)
        case .error: self
        }
    }
}
