/// Splits a byte stream into AMQP frames.
///
/// Feed it bytes as they arrive with ``append(_:)`` and take complete frames with
/// ``nextFrame()``. A frame larger than ``maximumFrameSize`` is rejected from its 7-byte
/// header, before its payload is buffered.
public struct AMQPFrameDecoder: Sendable {
    /// The largest frame accepted, including the 8 bytes of frame overhead.
    /// 0 means no limit beyond `UInt32.max`.
    public var maximumFrameSize: UInt32

    public init(maximumFrameSize: UInt32) {
        self.maximumFrameSize = maximumFrameSize
    }

    /// Adds received bytes to the buffer.
    public mutating func append(_ bytes: UnsafeRawBufferPointer) {
        fatalError("TODO: implemented by the codec work")
    }

    /// Adds received bytes to the buffer.
    public mutating func append(_ bytes: [UInt8]) {
        fatalError("TODO: implemented by the codec work")
    }

    /// Removes and returns the next complete frame, or `nil` when more bytes are needed.
    public mutating func nextFrame() throws(AMQPWireError) -> AMQPFrame? {
        fatalError("TODO: implemented by the codec work")
    }
}
