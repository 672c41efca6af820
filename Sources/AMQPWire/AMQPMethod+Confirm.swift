extension AMQPMethod {
    /// Methods of the `confirm` class (class id 85), a RabbitMQ extension for publisher
    /// confirms.
    public enum Confirm: Sendable, Hashable {
        case select(noWait: Bool)
        case selectOk

        public var methodID: UInt16 {
            switch self {
            case .select: 10
            case .selectOk: 11
            }
        }

        public var name: String {
            switch self {
            case .select: "select"
            case .selectOk: "select-ok"
            }
        }
    }
}
