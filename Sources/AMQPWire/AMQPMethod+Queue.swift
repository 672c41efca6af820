extension AMQPMethod {
    /// Methods of the `queue` class (class id 50). The reserved `ticket` field is written
    /// as 0 and ignored when decoding.
    public enum Queue: Sendable, Hashable {
        case declare(Declare)
        case declareOk(DeclareOk)
        case bind(Bind)
        case bindOk
        case purge(queue: String, noWait: Bool)
        case purgeOk(messageCount: UInt32)
        case delete(Delete)
        case deleteOk(messageCount: UInt32)
        /// `queue.unbind` has no `nowait` field, so ``Bind/noWait`` is not encoded.
        case unbind(Bind)
        case unbindOk

        public var methodID: UInt16 {
            switch self {
            case .declare: 10
            case .declareOk: 11
            case .bind: 20
            case .bindOk: 21
            case .purge: 30
            case .purgeOk: 31
            case .delete: 40
            case .deleteOk: 41
            case .unbind: 50
            case .unbindOk: 51
            }
        }

        public var name: String {
            switch self {
            case .declare: "declare"
            case .declareOk: "declare-ok"
            case .bind: "bind"
            case .bindOk: "bind-ok"
            case .purge: "purge"
            case .purgeOk: "purge-ok"
            case .delete: "delete"
            case .deleteOk: "delete-ok"
            case .unbind: "unbind"
            case .unbindOk: "unbind-ok"
            }
        }

        public struct Declare: Sendable, Hashable {
            /// The queue name; empty asks the server to choose one.
            public var queue: String
            public var passive: Bool
            public var durable: Bool
            public var exclusive: Bool
            public var autoDelete: Bool
            public var noWait: Bool
            public var arguments: AMQPFieldTable

            public init(
                queue: String,
                passive: Bool = false,
                durable: Bool = false,
                exclusive: Bool = false,
                autoDelete: Bool = false,
                noWait: Bool = false,
                arguments: AMQPFieldTable = [:]
            ) {
                self.queue = queue
                self.passive = passive
                self.durable = durable
                self.exclusive = exclusive
                self.autoDelete = autoDelete
                self.noWait = noWait
                self.arguments = arguments
            }
        }

        public struct DeclareOk: Sendable, Hashable {
            public var queue: String
            public var messageCount: UInt32
            public var consumerCount: UInt32

            public init(queue: String, messageCount: UInt32, consumerCount: UInt32) {
                self.queue = queue
                self.messageCount = messageCount
                self.consumerCount = consumerCount
            }
        }

        public struct Bind: Sendable, Hashable {
            public var queue: String
            public var exchange: String
            public var routingKey: String
            public var noWait: Bool
            public var arguments: AMQPFieldTable

            public init(
                queue: String,
                exchange: String,
                routingKey: String,
                noWait: Bool = false,
                arguments: AMQPFieldTable = [:]
            ) {
                self.queue = queue
                self.exchange = exchange
                self.routingKey = routingKey
                self.noWait = noWait
                self.arguments = arguments
            }
        }

        public struct Delete: Sendable, Hashable {
            public var queue: String
            public var ifUnused: Bool
            public var ifEmpty: Bool
            public var noWait: Bool

            public init(queue: String, ifUnused: Bool = false, ifEmpty: Bool = false, noWait: Bool = false) {
                self.queue = queue
                self.ifUnused = ifUnused
                self.ifEmpty = ifEmpty
                self.noWait = noWait
            }
        }
    }
}
