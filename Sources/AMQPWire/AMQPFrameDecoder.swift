/// Splits a byte stream into AMQP frames.
///
/// Feed it bytes as they arrive with ``append(_:)`` and take complete frames with
/// ``nextFrame()``. A frame larger than ``maximumFrameSize`` is rejected from its 7-byte
/// header, before its payload is buffered.
///
/// After ``nextFrame()`` throws, the decoder stays at the bad frame and throws the same
/// error again: the stream cannot be resynchronised, so the connection must close.
public struct AMQPFrameDecoder: Sendable {
    /// The largest frame accepted, including the 8 bytes of frame overhead.
    /// 0 means no limit beyond `UInt32.max`.
    ///
    /// A non-zero value below ``AMQPConstants/frameMinSize`` is raised to it, because every
    /// peer may send frames of up to that size before `frame-max` is negotiated.
    public var maximumFrameSize: UInt32

    /// Received bytes; those before `readIndex` belong to frames already returned.
    private var buffer: [UInt8] = []
    private var readIndex = 0

    /// The length of the frame header: type octet, channel short and size long.
    private static let headerLength = 7

    public init(maximumFrameSize: UInt32) {
        self.maximumFrameSize = maximumFrameSize
    }

    /// The number of received bytes not yet returned as frames.
    public var bufferedByteCount: Int { buffer.count - readIndex }

    /// Adds received bytes to the buffer.
    public mutating func append(_ bytes: UnsafeRawBufferPointer) {
        compactBuffer()
        buffer.append(contentsOf: bytes)
    }

    /// Adds received bytes to the buffer.
    public mutating func append(_ bytes: [UInt8]) {
        compactBuffer()
        buffer.append(contentsOf: bytes)
    }

    /// Drops the bytes of returned frames once they make up at least half of the buffer,
    /// so each byte is moved a bounded number of times however the input is split.
    private mutating func compactBuffer() {
        guard readIndex > 0, readIndex >= buffer.count / 2 else { return }
        if readIndex == buffer.count {
            buffer.removeAll(keepingCapacity: true)
        } else {
            buffer.removeSubrange(0..<readIndex)
        }
        readIndex = 0
    }

    /// Removes and returns the next complete frame, or `nil` when more bytes are needed.
    ///
    /// - Throws: ``AMQPWireError`` with one of these codes, or a payload decoding code:
    ///   - ``AMQPWireError/Code/unknownFrameType`` as soon as a frame's first byte is not
    ///     1, 2, 3 or 8.
    ///   - ``AMQPWireError/Code/protocolVersionMismatch`` when the peer sent `AMQP`, the
    ///     start of a protocol header.
    ///   - ``AMQPWireError/Code/frameTooLarge`` and ``AMQPWireError/Code/invalidHeartbeat``,
    ///     decided from the 7-byte frame header alone.
    ///   - ``AMQPWireError/Code/invalidFrameEnd`` when the byte after the payload is not 0xCE.
    public mutating func nextFrame() throws(AMQPWireError) -> AMQPFrame? {
        guard bufferedByteCount > 0 else { return nil }
        let type = try frameType(buffer[readIndex])
        guard let type else { return nil }

        guard bufferedByteCount >= Self.headerLength else { return nil }
        let channel = UInt16(buffer[readIndex + 1]) << 8 | UInt16(buffer[readIndex + 2])
        var size: UInt32 = 0
        for offset in 3..<7 {
            size = size << 8 | UInt32(buffer[readIndex + offset])
        }
        try checkFrameHeader(type: type, channel: channel, size: size)

        let payloadStart = readIndex + Self.headerLength
        let payloadEnd = payloadStart + Int(size)
        guard buffer.count > payloadEnd else { return nil }
        guard buffer[payloadEnd] == AMQPConstants.frameEnd else {
            throw AMQPWireError(
                code: .invalidFrameEnd,
                message: "\(type) frame on channel \(channel) ends with byte \(buffer[payloadEnd]) instead of 206 (0xCE)",
                offendingBytes: sample(around: payloadEnd)
            )
        }

        let frame = try decodePayload(type: type, channel: channel, payload: buffer[payloadStart..<payloadEnd])
        readIndex = payloadEnd + 1
        if readIndex == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            readIndex = 0
        }
        return frame
    }

    /// Returns the type of the frame whose first byte is `byte`, or `nil` while the bytes so
    /// far could be the start of a protocol header.
    ///
    /// A server that does not accept the client's protocol version replies with its own
    /// `AMQP` protocol header and closes the connection (section 4.2.2).
    private func frameType(_ byte: UInt8) throws(AMQPWireError) -> FrameType? {
        if let type = FrameType(rawValue: byte) {
            return type
        }
        let signature = AMQPConstants.protocolHeader.prefix(4)
        let received = buffer[readIndex..<min(buffer.count, readIndex + signature.count)]
        if received.elementsEqual(signature.prefix(received.count)) {
            // A frame cannot start with "A" (65), so wait for the rest of "AMQP".
            guard received.count == signature.count else { return nil }
            throw AMQPWireError(
                code: .protocolVersionMismatch,
                message: "the server replied with its own AMQP protocol header because it does not support AMQP 0-9-1, which this client requires",
                offendingBytes: Array(buffer[readIndex..<min(buffer.count, readIndex + 8)])
            )
        }
        throw AMQPWireError(
            code: .unknownFrameType,
            message: "frame type \(byte) is not method (1), header (2), body (3) or heartbeat (8)",
            offendingBytes: sample(around: readIndex)
        )
    }

    /// Checks what the 7-byte header alone can show, before the payload is buffered.
    private func checkFrameHeader(type: FrameType, channel: UInt16, size: UInt32) throws(AMQPWireError) {
        if type == .heartbeat, channel != 0 || size != 0 {
            throw AMQPWireError(
                code: .invalidHeartbeat,
                message: "heartbeat frame has channel \(channel) and size \(size); both must be 0",
                offendingBytes: sample(around: readIndex)
            )
        }
        if maximumFrameSize != 0 {
            let limit = UInt64(max(maximumFrameSize, AMQPConstants.frameMinSize))
            let frameSize = UInt64(size) + UInt64(AMQPConstants.frameOverhead)
            guard frameSize <= limit else {
                throw AMQPWireError(
                    code: .frameTooLarge,
                    message: "frame on channel \(channel) is \(frameSize) bytes, more than the maximum frame size of \(limit)",
                    offendingBytes: sample(around: readIndex)
                )
            }
        }
    }

    private func decodePayload(type: FrameType, channel: UInt16, payload: ArraySlice<UInt8>) throws(AMQPWireError) -> AMQPFrame {
        switch type {
        case .method: .method(channel: channel, try AMQPMethod.decode(payload: payload))
        case .header: .header(channel: channel, try AMQPContentHeader.decode(payload: payload))
        case .body: .body(channel: channel, Array(payload))
        case .heartbeat: .heartbeat
        }
    }

    /// Up to 64 buffered bytes starting at most 8 bytes before `position`.
    private func sample(around position: Int) -> [UInt8] {
        let start = max(readIndex, position - 8)
        return Array(buffer[start..<min(buffer.count, start + 64)])
    }
}

/// The frame types of AMQP 0-9-1 (section 4.2.3), by their type octet.
private enum FrameType: UInt8 {
    case method = 1
    case header = 2
    case body = 3
    case heartbeat = 8
}
