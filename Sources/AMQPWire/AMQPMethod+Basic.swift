extension AMQPMethod {
    /// Methods of the `basic` class (class id 60). The reserved `ticket` field is written
    /// as 0 and ignored when decoding.
    public enum Basic: Sendable, Hashable {
        case qos(prefetchSize: UInt32, prefetchCount: UInt16, global: Bool)
        case qosOk
        case consume(Consume)
        case consumeOk(consumerTag: String)
        case cancel(consumerTag: String, noWait: Bool)
        case cancelOk(consumerTag: String)
        case publish(Publish)
        case `return`(Return)
        case deliver(Deliver)
        case get(queue: String, noAck: Bool)
        case getOk(GetOk)
        /// The reserved `cluster-id` field is ignored when decoding.
        case getEmpty
        case ack(deliveryTag: UInt64, multiple: Bool)
        case reject(deliveryTag: UInt64, requeue: Bool)
        case recoverAsync(requeue: Bool)
        case recover(requeue: Bool)
        case recoverOk
        case nack(deliveryTag: UInt64, multiple: Bool, requeue: Bool)

        public var methodID: UInt16 {
            switch self {
            case .qos: 10
            case .qosOk: 11
            case .consume: 20
            case .consumeOk: 21
            case .cancel: 30
            case .cancelOk: 31
            case .publish: 40
            case .return: 50
            case .deliver: 60
            case .get: 70
            case .getOk: 71
            case .getEmpty: 72
            case .ack: 80
            case .reject: 90
            case .recoverAsync: 100
            case .recover: 110
            case .recoverOk: 111
            case .nack: 120
            }
        }

        public var name: String {
            switch self {
            case .qos: "qos"
            case .qosOk: "qos-ok"
            case .consume: "consume"
            case .consumeOk: "consume-ok"
            case .cancel: "cancel"
            case .cancelOk: "cancel-ok"
            case .publish: "publish"
            case .return: "return"
            case .deliver: "deliver"
            case .get: "get"
            case .getOk: "get-ok"
            case .getEmpty: "get-empty"
            case .ack: "ack"
            case .reject: "reject"
            case .recoverAsync: "recover-async"
            case .recover: "recover"
            case .recoverOk: "recover-ok"
            case .nack: "nack"
            }
        }

        public struct Consume: Sendable, Hashable {
            public var queue: String
            /// Empty asks the server to choose a tag.
            public var consumerTag: String
            public var noLocal: Bool
            public var noAck: Bool
            public var exclusive: Bool
            public var noWait: Bool
            public var arguments: AMQPFieldTable

            public init(
                queue: String,
                consumerTag: String = "",
                noLocal: Bool = false,
                noAck: Bool = false,
                exclusive: Bool = false,
                noWait: Bool = false,
                arguments: AMQPFieldTable = [:]
            ) {
                self.queue = queue
                self.consumerTag = consumerTag
                self.noLocal = noLocal
                self.noAck = noAck
                self.exclusive = exclusive
                self.noWait = noWait
                self.arguments = arguments
            }
        }

        public struct Publish: Sendable, Hashable {
            public var exchange: String
            public var routingKey: String
            public var mandatory: Bool
            public var immediate: Bool

            public init(exchange: String, routingKey: String, mandatory: Bool = false, immediate: Bool = false) {
                self.exchange = exchange
                self.routingKey = routingKey
                self.mandatory = mandatory
                self.immediate = immediate
            }
        }

        public struct Return: Sendable, Hashable {
            public var replyCode: UInt16
            public var replyText: String
            public var exchange: String
            public var routingKey: String

            public init(replyCode: UInt16, replyText: String, exchange: String, routingKey: String) {
                self.replyCode = replyCode
                self.replyText = replyText
                self.exchange = exchange
                self.routingKey = routingKey
            }
        }

        public struct Deliver: Sendable, Hashable {
            public var consumerTag: String
            public var deliveryTag: UInt64
            public var redelivered: Bool
            public var exchange: String
            public var routingKey: String

            public init(consumerTag: String, deliveryTag: UInt64, redelivered: Bool, exchange: String, routingKey: String) {
                self.consumerTag = consumerTag
                self.deliveryTag = deliveryTag
                self.redelivered = redelivered
                self.exchange = exchange
                self.routingKey = routingKey
            }
        }

        public struct GetOk: Sendable, Hashable {
            public var deliveryTag: UInt64
            public var redelivered: Bool
            public var exchange: String
            public var routingKey: String
            public var messageCount: UInt32

            public init(deliveryTag: UInt64, redelivered: Bool, exchange: String, routingKey: String, messageCount: UInt32) {
                self.deliveryTag = deliveryTag
                self.redelivered = redelivered
                self.exchange = exchange
                self.routingKey = routingKey
                self.messageCount = messageCount
            }
        }
    }
}
