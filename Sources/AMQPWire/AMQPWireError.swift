/// An error raised while decoding or encoding AMQP 0-9-1 frames.
///
/// Every malformed input from the peer becomes one of these, never a crash. The
/// connection that receives one closes with ``replyCode`` (501 frame error, 502 syntax
/// error, 505 unexpected frame), as AMQP 0-9-1 section 4.2.3 asks.
public struct AMQPWireError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of problem.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        fileprivate enum Value: Hashable, Sendable {
            case invalidFrameEnd
            case frameTooLarge
            case unknownFrameType
            case truncated
            case unknownMethod
            case invalidFieldValue
            case nestingTooDeep
            case shortStringTooLong
            case invalidContentHeader
            case trailingBytes
            case protocolVersionMismatch
            case invalidHeartbeat
        }

        fileprivate let value: Value

        /// The byte after a frame's payload was not 0xCE.
        public static let invalidFrameEnd = Code(value: .invalidFrameEnd)
        /// A frame's size exceeds the negotiated `frame-max`.
        public static let frameTooLarge = Code(value: .frameTooLarge)
        /// A frame type other than method (1), header (2), body (3) or heartbeat (8).
        public static let unknownFrameType = Code(value: .unknownFrameType)
        /// A payload ended before the value being read was complete.
        public static let truncated = Code(value: .truncated)
        /// A class and method id pair this codec does not know.
        public static let unknownMethod = Code(value: .unknownMethod)
        /// A field table or array held an unknown type tag or an invalid value.
        public static let invalidFieldValue = Code(value: .invalidFieldValue)
        /// Field tables or arrays nested deeper than ``AMQPFieldTable/maximumNestingDepth``.
        public static let nestingTooDeep = Code(value: .nestingTooDeep)
        /// A short string of more than 255 bytes (UTF-8 bytes, not characters).
        public static let shortStringTooLong = Code(value: .shortStringTooLong)
        /// A content header with an unexpected class id or property flags.
        public static let invalidContentHeader = Code(value: .invalidContentHeader)
        /// A method or header payload had bytes left over after its last field.
        public static let trailingBytes = Code(value: .trailingBytes)
        /// The server sent a protocol header instead of a frame: it does not speak AMQP 0-9-1.
        public static let protocolVersionMismatch = Code(value: .protocolVersionMismatch)
        /// A heartbeat frame on a channel other than 0 or with a non-empty payload.
        public static let invalidHeartbeat = Code(value: .invalidHeartbeat)

        public var description: String {
            switch value {
            case .invalidFrameEnd: "invalidFrameEnd"
            case .frameTooLarge: "frameTooLarge"
            case .unknownFrameType: "unknownFrameType"
            case .truncated: "truncated"
            case .unknownMethod: "unknownMethod"
            case .invalidFieldValue: "invalidFieldValue"
            case .nestingTooDeep: "nestingTooDeep"
            case .shortStringTooLong: "shortStringTooLong"
            case .invalidContentHeader: "invalidContentHeader"
            case .trailingBytes: "trailingBytes"
            case .protocolVersionMismatch: "protocolVersionMismatch"
            case .invalidHeartbeat: "invalidHeartbeat"
            }
        }
    }

    /// The kind of problem.
    public var code: Code
    /// One sentence saying what was wrong, without payload bytes.
    public var message: String
    /// Up to 64 bytes around the problem, for debugging. Never included in ``description``.
    public var offendingBytes: [UInt8]

    public init(code: Code, message: String, offendingBytes: [UInt8] = []) {
        self.code = code
        self.message = message
        self.offendingBytes = Array(offendingBytes.prefix(64))
    }

    /// The AMQP reply code a connection closes with when it receives this error.
    public var replyCode: UInt16 {
        switch code.value {
        case .invalidFrameEnd, .frameTooLarge, .unknownFrameType, .protocolVersionMismatch, .invalidHeartbeat:
            501  // FRAME-ERROR
        case .unknownMethod:
            540  // NOT-IMPLEMENTED
        case .truncated, .invalidFieldValue, .nestingTooDeep, .shortStringTooLong,
            .invalidContentHeader, .trailingBytes:
            502  // SYNTAX-ERROR
        }
    }

    public var description: String {
        "AMQP wire error (\(code)): \(message)"
    }
}
