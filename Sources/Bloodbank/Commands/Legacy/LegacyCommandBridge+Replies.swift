import AMQPClient
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension LegacyCommandBridge {
    /// A reply to a legacy command.
    enum Reply {
        /// `.ack`: the command is accepted for execution.
        case ack
        /// `.result` or `.error`.
        case outcome(LegacyOutcome)
    }

    /// Builds the envelope of a reply, with the routing key as event type and the
    /// command's envelope as cause, as the Python services expect it.
    static func replyEnvelope(_ reply: Reply, for command: LegacyCommand, source: EventSource) -> EventEnvelope {
        var payload = JSONObject()
        payload["command_id"] = .string(command.commandID.lowercasedText)
        payload["target_agent"] = .string(command.targetAgent)
        payload["action"] = .string(command.action)
        let kind: LegacyReplyKind
        switch reply {
        case .ack:
            kind = .ack
        case .outcome(.result(let outcome, let resultPayload)):
            kind = .result
            payload["outcome"] = .string(outcome)
            payload["result_payload"] = .object(resultPayload)
        case .outcome(.error(let code, let message, let retryable)):
            kind = .error
            payload["error_code"] = .string(code)
            payload["error_message"] = .string(message)
            payload["retryable"] = .bool(retryable)
        }
        return EventEnvelope(
            eventType: command.replyRoutingKey(kind),
            source: source,
            correlationIDs: [command.envelope.eventID],
            payload: .object(payload)
        )
    }

    /// Publishes a reply on the events exchange and returns whether the broker stored it.
    ///
    /// A reply that no queue is bound for counts as stored, because no peer waits for it.
    func publishReply(_ reply: Reply, for command: LegacyCommand) async -> Bool {
        let envelope = Self.replyEnvelope(reply, for: command, source: client.publisher.defaultSource)
        do {
            try await client.publisher.publish(envelope)
            return true
        } catch where error.code == .unroutable {
            return true
        } catch {
            logger.error("publishing a reply to a legacy command failed", metadata: [
                LogKey.eventID: command.commandID.lowercasedText, LogKey.routingKey: envelope.eventType, LogKey.error: error.description,
            ])
            return false
        }
    }
}
