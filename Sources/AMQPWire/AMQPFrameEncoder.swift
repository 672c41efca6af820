/// Appends encoded AMQP frames to a byte buffer.
///
/// Both functions leave the buffer as it was when they throw, so a caller can batch frames
/// into one buffer and drop only the one that failed.
public enum AMQPFrameEncoder {
    /// Appends one encoded frame to `buffer`.
    ///
    /// - Throws: ``AMQPWireError/Code/shortStringTooLong`` for a name over 255 UTF-8 bytes,
    ///   ``AMQPWireError/Code/nestingTooDeep`` for a field table nested too deeply,
    ///   ``AMQPWireError/Code/frameTooLarge`` for a payload over `UInt32.max` bytes.
    public static func append(_ frame: AMQPFrame, to buffer: inout [UInt8]) throws(AMQPWireError) {
        try ByteWriter.withWriter(appendingTo: &buffer) { (writer: inout ByteWriter) throws(AMQPWireError) in
            switch frame {
            case .method(let channel, let method):
                let frameStart = writer.beginFrame(type: AMQPConstants.frameMethod, channel: channel)
                try method.write(to: &writer)
                try writer.endFrame(startingAt: frameStart, frameMax: 0)
            case .header(let channel, let header):
                let frameStart = writer.beginFrame(type: AMQPConstants.frameHeader, channel: channel)
                try header.write(to: &writer)
                try writer.endFrame(startingAt: frameStart, frameMax: 0)
            case .body(let channel, let bytes):
                writer.reserveCapacity(bytes.count + AMQPConstants.frameOverhead)
                let frameStart = writer.beginFrame(type: AMQPConstants.frameBody, channel: channel)
                writer.bytes.append(contentsOf: bytes)
                try writer.endFrame(startingAt: frameStart, frameMax: 0)
            case .heartbeat:
                let frameStart = writer.beginFrame(type: AMQPConstants.frameHeartbeat, channel: 0)
                try writer.endFrame(startingAt: frameStart, frameMax: 0)
            }
        }
    }

    /// Appends the method frame, content header frame and body frames of one
    /// `basic.publish` to `buffer`, splitting the body at `frameMax - 8` bytes.
    ///
    /// An empty body gets no body frame, because a body size of 0 in the content header
    /// already marks the content as complete (section 4.2.6).
    ///
    /// - Parameter frameMax: The negotiated maximum frame size; 0 means no limit.
    /// - Throws: ``AMQPWireError`` with one of these codes:
    ///   - ``AMQPWireError/Code/frameTooLarge`` when `frameMax` is 1 to 8, which leaves no
    ///     room for body bytes, or when the method or header frame is larger than `frameMax`.
    ///   - ``AMQPWireError/Code/shortStringTooLong`` for a name or property over 255 UTF-8 bytes.
    ///   - ``AMQPWireError/Code/nestingTooDeep`` for headers nested too deeply.
    public static func appendPublish(
        channel: UInt16,
        _ publish: AMQPMethod.Basic.Publish,
        properties: AMQPBasicProperties,
        body: some Collection<UInt8>,
        frameMax: UInt32,
        to buffer: inout [UInt8]
    ) throws(AMQPWireError) {
        let overhead = AMQPConstants.frameOverhead
        if frameMax != 0, frameMax <= UInt32(overhead) {
            throw AMQPWireError(
                code: .frameTooLarge,
                message: "frame-max \(frameMax) leaves no room for body bytes; it must be more than \(overhead)"
            )
        }
        // Without a frame-max, the 32-bit size field is the only limit on a body frame.
        let chunkSize = frameMax == 0 ? Int(UInt32.max) : Int(frameMax) - overhead
        let bodySize = body.count
        let bodyFrameCount = bodySize == 0 ? 0 : 1 + (bodySize - 1) / chunkSize

        try ByteWriter.withWriter(appendingTo: &buffer) { (writer: inout ByteWriter) throws(AMQPWireError) in
            // Method arguments: ticket, two short strings and a bit octet. The header frame's
            // fixed part is 14 bytes; 128 is a guess for typical properties without headers.
            let methodSize = overhead + 4 + 2 + 1 + publish.exchange.utf8.count + 1 + publish.routingKey.utf8.count + 1
            let headerSize = overhead + 14 + 128
            writer.reserveCapacity(methodSize + headerSize + bodySize + bodyFrameCount * overhead)

            var frameStart = writer.beginFrame(type: AMQPConstants.frameMethod, channel: channel)
            writer.writeShort(AMQPContentHeader.basicClassID)
            writer.writeShort(AMQPMethod.Basic.publish(publish).methodID)
            try publish.write(to: &writer)
            try writer.endFrame(startingAt: frameStart, frameMax: frameMax)

            frameStart = writer.beginFrame(type: AMQPConstants.frameHeader, channel: channel)
            writer.writeShort(AMQPContentHeader.basicClassID)
            writer.writeShort(0)  // weight
            writer.writeLongLong(UInt64(bodySize))
            try properties.write(to: &writer)
            try writer.endFrame(startingAt: frameStart, frameMax: frameMax)

            let copiedContiguously: Void? = body.withContiguousStorageIfAvailable { storage in
                writer.writeBodyFrames(channel: channel, contiguous: storage, chunkSize: chunkSize)
            }
            if copiedContiguously == nil {
                writer.writeBodyFrames(channel: channel, body: body, chunkSize: chunkSize)
            }
        }
    }
}

extension ByteWriter {
    /// Writes a frame's type and channel and a placeholder for its size, and returns the
    /// frame's start for ``endFrame(startingAt:frameMax:)``.
    mutating func beginFrame(type: UInt8, channel: UInt16) -> Int {
        let start = bytes.count
        writeOctet(type)
        writeShort(channel)
        writeLong(0)
        return start
    }

    /// Fills in the size of the frame that starts at `start` and writes the frame-end byte.
    ///
    /// - Parameter frameMax: The largest frame allowed, or 0 for no limit.
    mutating func endFrame(startingAt start: Int, frameMax: UInt32) throws(AMQPWireError) {
        let payloadSize = bytes.count - start - 7
        let frameSize = payloadSize + AMQPConstants.frameOverhead
        guard let size = UInt32(exactly: payloadSize), frameMax == 0 || frameSize <= Int(frameMax) else {
            let limit = frameMax == 0 ? Int(UInt32.max) + AMQPConstants.frameOverhead : Int(frameMax)
            let channel = UInt16(bytes[start + 1]) << 8 | UInt16(bytes[start + 2])
            throw AMQPWireError(
                code: .frameTooLarge,
                message: "frame of type \(bytes[start]) on channel \(channel) is \(frameSize) bytes, more than the maximum frame size of \(limit)"
            )
        }
        bytes[start + 3] = UInt8(truncatingIfNeeded: size >> 24)
        bytes[start + 4] = UInt8(truncatingIfNeeded: size >> 16)
        bytes[start + 5] = UInt8(truncatingIfNeeded: size >> 8)
        bytes[start + 6] = UInt8(truncatingIfNeeded: size)
        writeOctet(AMQPConstants.frameEnd)
    }

    /// Writes body frames of at most `chunkSize` bytes each, copying from contiguous memory.
    mutating func writeBodyFrames(channel: UInt16, contiguous body: UnsafeBufferPointer<UInt8>, chunkSize: Int) {
        var offset = 0
        while offset < body.count {
            let end = offset + min(chunkSize, body.count - offset)
            writeBodyFrameHeader(channel: channel, size: end - offset)
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: body[offset..<end]))
            writeOctet(AMQPConstants.frameEnd)
            offset = end
        }
    }

    /// Writes body frames of at most `chunkSize` bytes each from any collection.
    mutating func writeBodyFrames(channel: UInt16, body: some Collection<UInt8>, chunkSize: Int) {
        var start = body.startIndex
        while start != body.endIndex {
            let end = body.index(start, offsetBy: chunkSize, limitedBy: body.endIndex) ?? body.endIndex
            let chunk = body[start..<end]
            writeBodyFrameHeader(channel: channel, size: chunk.count)
            bytes.append(contentsOf: chunk)
            writeOctet(AMQPConstants.frameEnd)
            start = end
        }
    }

    /// Writes the 7-byte header of a body frame; `size` is at most `UInt32.max` because
    /// `appendPublish` never makes a larger chunk.
    private mutating func writeBodyFrameHeader(channel: UInt16, size: Int) {
        writeOctet(AMQPConstants.frameBody)
        writeShort(channel)
        writeLong(UInt32(truncatingIfNeeded: size))
    }
}
