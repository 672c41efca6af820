/// One AMQP 0-9-1 frame (section 4.2.3 of the specification).
///
/// A frame is `type:octet channel:short size:long payload:size-octets frame-end:0xCE`.
public enum AMQPFrame: Sendable, Hashable {
    /// A method frame (type 1).
    case method(channel: UInt16, AMQPMethod)
    /// A content header frame (type 2), which follows a content-bearing method.
    case header(channel: UInt16, AMQPContentHeader)
    /// A content body frame (type 3).
    case body(channel: UInt16, [UInt8])
    /// A heartbeat frame (type 8), always on channel 0.
    case heartbeat

    /// The channel the frame travels on.
    public var channel: UInt16 {
        switch self {
        case .method(let channel, _), .header(let channel, _), .body(let channel, _): channel
        case .heartbeat: 0
        }
    }
}

/// Protocol constants from the AMQP 0-9-1 specification.
public enum AMQPConstants {
    /// `AMQP` followed by 0, 0, 9, 1: the first bytes a client sends.
    public static let protocolHeader: [UInt8] = [0x41, 0x4D, 0x51, 0x50, 0, 0, 9, 1]
    public static let frameMethod: UInt8 = 1
    public static let frameHeader: UInt8 = 2
    public static let frameBody: UInt8 = 3
    public static let frameHeartbeat: UInt8 = 8
    /// The byte that ends every frame.
    public static let frameEnd: UInt8 = 0xCE
    /// The smallest `frame-max` a peer may set; frames up to this size are always accepted.
    public static let frameMinSize: UInt32 = 4096
    /// Frame type, channel and size (7 bytes) plus the frame-end byte.
    public static let frameOverhead: Int = 8
}

/// A content header (section 4.2.6.1): the class of the content, its body size and
/// its properties.
public struct AMQPContentHeader: Sendable, Hashable {
    /// The class id of the method that carries this content; 60 (basic) in practice.
    public var classID: UInt16
    /// Unused by AMQP 0-9-1; must be 0.
    public var weight: UInt16
    /// The total size of the body frames that follow, in bytes.
    public var bodySize: UInt64
    public var properties: AMQPBasicProperties

    public init(classID: UInt16 = 60, weight: UInt16 = 0, bodySize: UInt64, properties: AMQPBasicProperties) {
        self.classID = classID
        self.weight = weight
        self.bodySize = bodySize
        self.properties = properties
    }
}
