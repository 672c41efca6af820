extension AMQPMethod {
    /// Methods of the `exchange` class (class id 40). The reserved `ticket` field is
    /// written as 0 and ignored when decoding.
    public enum Exchange: Sendable, Hashable {
        case declare(Declare)
        case declareOk
        case delete(exchange: String, ifUnused: Bool, noWait: Bool)
        case deleteOk
        case bind(Bind)
        case bindOk
        case unbind(Bind)
        case unbindOk

        public var methodID: UInt16 {
            switch self {
            case .declare: 10
            case .declareOk: 11
            case .delete: 20
            case .deleteOk: 21
            case .bind: 30
            case .bindOk: 31
            case .unbind: 40
            case .unbindOk: 51
            }
        }

        public var name: String {
            switch self {
            case .declare: "declare"
            case .declareOk: "declare-ok"
            case .delete: "delete"
            case .deleteOk: "delete-ok"
            case .bind: "bind"
            case .bindOk: "bind-ok"
            case .unbind: "unbind"
            case .unbindOk: "unbind-ok"
            }
        }

        public struct Declare: Sendable, Hashable {
            public var exchange: String
            /// `direct`, `fanout`, `topic`, `headers` or a plugin's type.
            public var type: String
            public var passive: Bool
            public var durable: Bool
            public var autoDelete: Bool
            public var `internal`: Bool
            public var noWait: Bool
            public var arguments: AMQPFieldTable

            public init(
                exchange: String,
                type: String,
                passive: Bool = false,
                durable: Bool = false,
                autoDelete: Bool = false,
                internal: Bool = false,
                noWait: Bool = false,
                arguments: AMQPFieldTable = [:]
            ) {
                self.exchange = exchange
                self.type = type
                self.passive = passive
                self.durable = durable
                self.autoDelete = autoDelete
                self.internal = `internal`
                self.noWait = noWait
                self.arguments = arguments
            }
        }

        /// `exchange.bind` and `exchange.unbind` (a RabbitMQ extension).
        public struct Bind: Sendable, Hashable {
            public var destination: String
            public var source: String
            public var routingKey: String
            public var noWait: Bool
            public var arguments: AMQPFieldTable

            public init(
                destination: String,
                source: String,
                routingKey: String,
                noWait: Bool = false,
                arguments: AMQPFieldTable = [:]
            ) {
                self.destination = destination
                self.source = source
                self.routingKey = routingKey
                self.noWait = noWait
                self.arguments = arguments
            }
        }
    }
}
