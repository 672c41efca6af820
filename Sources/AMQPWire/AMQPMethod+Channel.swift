extension AMQPMethod {
    /// Methods of the `channel` class (class id 20).
    public enum Channel: Sendable, Hashable {
        /// The reserved `out-of-band` field is written as an empty string.
        case open
        /// The reserved `channel-id` field is ignored when decoding.
        case openOk
        case flow(active: Bool)
        case flowOk(active: Bool)
        case close(Connection.Close)
        case closeOk

        public var methodID: UInt16 {
            switch self {
            case .open: 10
            case .openOk: 11
            case .flow: 20
            case .flowOk: 21
            case .close: 40
            case .closeOk: 41
            }
        }

        public var name: String {
            switch self {
            case .open: "open"
            case .openOk: "open-ok"
            case .flow: "flow"
            case .flowOk: "flow-ok"
            case .close: "close"
            case .closeOk: "close-ok"
            }
        }
    }
}
