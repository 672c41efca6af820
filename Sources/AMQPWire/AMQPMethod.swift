/// An AMQP 0-9-1 method, grouped by class.
///
/// The codec covers every method of the classes a RabbitMQ client uses: `connection`,
/// `channel`, `exchange`, `queue`, `basic` and `confirm`. The deprecated `access` class
/// and `tx` are not decoded; receiving one is a 540 (not implemented) error.
public enum AMQPMethod: Sendable, Hashable {
    case connection(Connection)
    case channel(Channel)
    case exchange(Exchange)
    case queue(Queue)
    case basic(Basic)
    case confirm(Confirm)

    /// The class id on the wire (10 connection, 20 channel, 40 exchange, 50 queue,
    /// 60 basic, 85 confirm).
    public var classID: UInt16 {
        switch self {
        case .connection: 10
        case .channel: 20
        case .exchange: 40
        case .queue: 50
        case .basic: 60
        case .confirm: 85
        }
    }

    /// The method id on the wire, within its class.
    public var methodID: UInt16 {
        switch self {
        case .connection(let method): method.methodID
        case .channel(let method): method.methodID
        case .exchange(let method): method.methodID
        case .queue(let method): method.methodID
        case .basic(let method): method.methodID
        case .confirm(let method): method.methodID
        }
    }

    /// The method's name as the specification spells it, such as `basic.publish`.
    public var name: String {
        switch self {
        case .connection(let method): "connection.\(method.name)"
        case .channel(let method): "channel.\(method.name)"
        case .exchange(let method): "exchange.\(method.name)"
        case .queue(let method): "queue.\(method.name)"
        case .basic(let method): "basic.\(method.name)"
        case .confirm(let method): "confirm.\(method.name)"
        }
    }

    /// Whether a content header and body frames follow this method.
    public var carriesContent: Bool {
        switch self {
        case .basic(.publish), .basic(.return), .basic(.deliver), .basic(.getOk): true
        default: false
        }
    }
}
