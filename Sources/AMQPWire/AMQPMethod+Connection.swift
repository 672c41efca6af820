extension AMQPMethod {
    /// Methods of the `connection` class (class id 10).
    public enum Connection: Sendable, Hashable {
        case start(Start)
        case startOk(StartOk)
        case secure(challenge: [UInt8])
        case secureOk(response: [UInt8])
        case tune(Tune)
        case tuneOk(Tune)
        case open(Open)
        case openOk
        case close(Close)
        case closeOk
        case blocked(reason: String)
        case unblocked
        case updateSecret(newSecret: [UInt8], reason: String)
        case updateSecretOk

        public var methodID: UInt16 {
            switch self {
            case .start: 10
            case .startOk: 11
            case .secure: 20
            case .secureOk: 21
            case .tune: 30
            case .tuneOk: 31
            case .open: 40
            case .openOk: 41
            case .close: 50
            case .closeOk: 51
            case .blocked: 60
            case .unblocked: 61
            case .updateSecret: 70
            case .updateSecretOk: 71
            }
        }

        public var name: String {
            switch self {
            case .start: "start"
            case .startOk: "start-ok"
            case .secure: "secure"
            case .secureOk: "secure-ok"
            case .tune: "tune"
            case .tuneOk: "tune-ok"
            case .open: "open"
            case .openOk: "open-ok"
            case .close: "close"
            case .closeOk: "close-ok"
            case .blocked: "blocked"
            case .unblocked: "unblocked"
            case .updateSecret: "update-secret"
            case .updateSecretOk: "update-secret-ok"
            }
        }

        /// `connection.start`: the server's version, properties, mechanisms and locales.
        public struct Start: Sendable, Hashable {
            public var versionMajor: UInt8
            public var versionMinor: UInt8
            public var serverProperties: AMQPFieldTable
            /// Space-separated SASL mechanisms, such as `PLAIN AMQPLAIN`.
            public var mechanisms: [UInt8]
            /// Space-separated locales, such as `en_US`.
            public var locales: [UInt8]

            public init(
                versionMajor: UInt8 = 0,
                versionMinor: UInt8 = 9,
                serverProperties: AMQPFieldTable,
                mechanisms: [UInt8],
                locales: [UInt8]
            ) {
                self.versionMajor = versionMajor
                self.versionMinor = versionMinor
                self.serverProperties = serverProperties
                self.mechanisms = mechanisms
                self.locales = locales
            }
        }

        /// `connection.start-ok`: client properties and the SASL response.
        public struct StartOk: Sendable, Hashable {
            public var clientProperties: AMQPFieldTable
            public var mechanism: String
            /// The SASL response. For PLAIN it contains the password, so never log it.
            public var response: [UInt8]
            public var locale: String

            public init(clientProperties: AMQPFieldTable, mechanism: String, response: [UInt8], locale: String) {
                self.clientProperties = clientProperties
                self.mechanism = mechanism
                self.response = response
                self.locale = locale
            }
        }

        /// `connection.tune` and `connection.tune-ok`. Zero means "no limit" for
        /// `channelMax` and `frameMax`, and "no heartbeats" for `heartbeat`.
        public struct Tune: Sendable, Hashable {
            public var channelMax: UInt16
            public var frameMax: UInt32
            /// Heartbeat interval in seconds.
            public var heartbeat: UInt16

            public init(channelMax: UInt16, frameMax: UInt32, heartbeat: UInt16) {
                self.channelMax = channelMax
                self.frameMax = frameMax
                self.heartbeat = heartbeat
            }
        }

        /// `connection.open`. The reserved `capabilities` and `insist` fields are written
        /// as an empty string and a clear bit.
        public struct Open: Sendable, Hashable {
            public var virtualHost: String

            public init(virtualHost: String) {
                self.virtualHost = virtualHost
            }
        }

        /// `connection.close` (and `channel.close`, which has the same fields).
        public struct Close: Sendable, Hashable {
            public var replyCode: UInt16
            public var replyText: String
            /// The class of the method that caused the close, or 0.
            public var classID: UInt16
            /// The method that caused the close, or 0.
            public var methodID: UInt16

            public init(replyCode: UInt16, replyText: String, classID: UInt16 = 0, methodID: UInt16 = 0) {
                self.replyCode = replyCode
                self.replyText = replyText
                self.classID = classID
                self.methodID = methodID
            }
        }
    }
}
