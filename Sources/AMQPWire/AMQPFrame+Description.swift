// Descriptions safe to log: they name frames and methods but leave out body bytes and
// credentials (the `start-ok` and `secure-ok` responses and `update-secret`'s secret).

extension AMQPFrame: CustomStringConvertible {
    /// The frame type, channel and method name or sizes, such as
    /// `method channel=1 basic.publish`; never body bytes or field values.
    public var description: String {
        switch self {
        case .method(let channel, let method):
            "method channel=\(channel) \(method.name)"
        case .header(let channel, let header):
            "header channel=\(channel) class=\(header.classID) body-size=\(header.bodySize)"
        case .body(let channel, let bytes):
            "body channel=\(channel) size=\(bytes.count)"
        case .heartbeat:
            "heartbeat"
        }
    }
}

extension AMQPMethod.Connection.StartOk: CustomStringConvertible {
    /// The client properties, mechanism and locale, with the SASL response (which carries
    /// the password for PLAIN) replaced by its length.
    public var description: String {
        "StartOk(clientProperties: \(clientProperties), mechanism: \(mechanism), response: <\(response.count) bytes redacted>, locale: \(locale))"
    }
}

extension AMQPMethod.Connection: CustomStringConvertible {
    /// The method name and its fields, with SASL challenges, responses and secrets replaced
    /// by their lengths.
    public var description: String {
        switch self {
        case .start(let start): "start(\(start))"
        case .startOk(let startOk): "start-ok(\(startOk))"
        case .secure(let challenge): "secure(challenge: <\(challenge.count) bytes redacted>)"
        case .secureOk(let response): "secure-ok(response: <\(response.count) bytes redacted>)"
        case .tune(let tune): "tune(\(tune))"
        case .tuneOk(let tune): "tune-ok(\(tune))"
        case .open(let open): "open(\(open))"
        case .openOk: "open-ok"
        case .close(let close): "close(\(close))"
        case .closeOk: "close-ok"
        case .blocked(let reason): "blocked(reason: \(reason))"
        case .unblocked: "unblocked"
        case .updateSecret(let newSecret, let reason): "update-secret(new-secret: <\(newSecret.count) bytes redacted>, reason: \(reason))"
        case .updateSecretOk: "update-secret-ok"
        }
    }
}
