internal import Bloodbank

/// Formats a received event as one readable line for `bb watch` and `bb demo`.
///
/// The line shows the time, type, id, source and causing events, and the payload's field
/// names, never their values: payloads may carry tokens or personal data, so whole
/// bodies are printed only on request (`--json`).
enum EventLine {
    static func format(_ envelope: EventEnvelope, routingKey: String) -> String {
        var line = "\(envelope.timestamp) \(routingKey) \(envelope.eventID.uuidString.lowercased())"
        var origin = envelope.source.app ?? envelope.source.type.rawValue
        origin += "@\(envelope.source.host)"
        line += " from \(origin)"
        if !envelope.correlationIDs.isEmpty {
            line += " caused by " + envelope.correlationIDs.map { $0.uuidString.lowercased() }.joined(separator: ",")
        }
        if let object = envelope.payload.objectValue {
            line += " payload {\(object.keys.joined(separator: ", "))}"
        } else {
            line += " payload \(envelope.payload.kindDescription)"
        }
        return line
    }
}
