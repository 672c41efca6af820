/// Appends encoded AMQP frames to a byte buffer.
public enum AMQPFrameEncoder {
    /// Appends one encoded frame to `buffer`.
    public static func append(_ frame: AMQPFrame, to buffer: inout [UInt8]) throws(AMQPWireError) {
        fatalError("TODO: implemented by the codec work")
    }

    /// Appends the method frame, content header frame and body frames of one
    /// `basic.publish` to `buffer`, splitting the body at `frameMax - 8` bytes.
    ///
    /// - Parameter frameMax: The negotiated maximum frame size; 0 means no limit.
    public static func appendPublish(
        channel: UInt16,
        _ publish: AMQPMethod.Basic.Publish,
        properties: AMQPBasicProperties,
        body: some Collection<UInt8>,
        frameMax: UInt32,
        to buffer: inout [UInt8]
    ) throws(AMQPWireError) {
        fatalError("TODO: implemented by the codec work")
    }
}
