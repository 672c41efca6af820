public import AMQPWire
public import Testing

/// Shows every field of a frame in test failures. The library's own description leaves out
/// field values so that logs stay free of bodies and credentials.
extension AMQPFrame: CustomTestStringConvertible {
    public var testDescription: String {
        switch self {
        case .method(let channel, let method): "method(channel: \(channel), \(String(reflecting: method)))"
        case .header(let channel, let header): "header(channel: \(channel), \(String(reflecting: header)))"
        case .body(let channel, let bytes): "body(channel: \(channel), \(bytes))"
        case .heartbeat: "heartbeat"
        }
    }
}
