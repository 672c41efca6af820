import AMQPWire
import Testing

/// Encoding limits and the `basic.publish` fast path.
@Suite("Frame encoder")
struct FrameEncoderTests {
    static let publish = AMQPMethod.Basic.Publish(exchange: "e", routingKey: "k")

    /// Encodes a publish and decodes the frames again.
    static func publishFrames(body: some Collection<UInt8>, frameMax: UInt32) throws -> [AMQPFrame] {
        var bytes: [UInt8] = []
        try AMQPFrameEncoder.appendPublish(
            channel: 3,
            publish,
            properties: .init(contentType: "application/json"),
            body: body,
            frameMax: frameMax,
            to: &bytes
        )
        return try decodeFrames(bytes)
    }

    static func bodyFrameSizes(_ frames: [AMQPFrame]) -> [Int] {
        frames.compactMap { frame in
            guard case .body(_, let bytes) = frame else { return nil }
            return bytes.count
        }
    }

    @Test func shortStringOver255BytesFails() {
        // 200 characters of two UTF-8 bytes each: 400 bytes.
        let name = String(repeating: "é", count: 200)
        var bytes: [UInt8] = [0xAA]
        let error = #expect(throws: AMQPWireError.self) {
            try AMQPFrameEncoder.append(.method(channel: 1, .queue(.declare(.init(queue: name)))), to: &bytes)
        }
        #expect(name.count == 200)
        #expect(error?.code == .shortStringTooLong)
        #expect(bytes == [0xAA], "a failed encode leaves the buffer as it was")
    }

    @Test func shortStringOf255BytesEncodes() throws {
        let name = String(repeating: "q", count: 255)
        let frame = AMQPFrame.method(channel: 1, .queue(.declare(.init(queue: name))))
        #expect(try decodeFrames(encode(frame)) == [frame])
    }

    @Test func longPropertyFails() {
        var bytes: [UInt8] = []
        let error = #expect(throws: AMQPWireError.self) {
            try AMQPFrameEncoder.appendPublish(
                channel: 1,
                Self.publish,
                properties: .init(messageID: String(repeating: "x", count: 256)),
                body: [1],
                frameMax: 0,
                to: &bytes
            )
        }
        #expect(error?.code == .shortStringTooLong)
        #expect(bytes.isEmpty)
    }

    @Test func publishWritesMethodHeaderBody() throws {
        let frames = try Self.publishFrames(body: Array("{}".utf8), frameMax: 4096)
        #expect(frames == [
            .method(channel: 3, .basic(.publish(Self.publish))),
            .header(channel: 3, .init(bodySize: 2, properties: .init(contentType: "application/json"))),
            .body(channel: 3, Array("{}".utf8)),
        ])
    }

    @Test func publishSplitsBodyAtFrameMax() throws {
        let frameMax: UInt32 = 4096
        let chunk = Int(frameMax) - 8
        let body = (0..<(3 * chunk + 1)).map { UInt8(truncatingIfNeeded: $0) }
        let frames = try Self.publishFrames(body: body, frameMax: frameMax)
        #expect(Self.bodyFrameSizes(frames) == [chunk, chunk, chunk, 1])
        let joined = frames.flatMap { frame -> [UInt8] in
            guard case .body(_, let bytes) = frame else { return [] }
            return bytes
        }
        #expect(joined == body)
    }

    @Test func publishBodyOfExactChunksHasNoEmptyFrame() throws {
        let body = [UInt8](repeating: 7, count: 2 * (4096 - 8))
        let frames = try Self.publishFrames(body: body, frameMax: 4096)
        #expect(Self.bodyFrameSizes(frames) == [4088, 4088])
    }

    @Test func emptyBodyHasNoBodyFrame() throws {
        let frames = try Self.publishFrames(body: [UInt8](), frameMax: 4096)
        #expect(frames.count == 2)
        #expect(Self.bodyFrameSizes(frames).isEmpty)
        #expect(frames.last == .header(channel: 3, .init(bodySize: 0, properties: .init(contentType: "application/json"))))
    }

    @Test func frameMaxZeroWritesOneBodyFrame() throws {
        let body = [UInt8](repeating: 1, count: 100_000)
        let frames = try Self.publishFrames(body: body, frameMax: 0)
        #expect(Self.bodyFrameSizes(frames) == [100_000])
    }

    @Test func nonContiguousBodySplits() throws {
        // A lazily mapped range has no contiguous storage, so the generic path runs.
        let body = (0..<9000).lazy.map { UInt8(truncatingIfNeeded: $0) }
        let frames = try Self.publishFrames(body: body, frameMax: 4096)
        #expect(Self.bodyFrameSizes(frames) == [4088, 4088, 824])
    }

    @Test func frameMaxWithoutRoomFails() {
        var bytes: [UInt8] = []
        let error = #expect(throws: AMQPWireError.self) {
            try AMQPFrameEncoder.appendPublish(channel: 1, Self.publish, properties: .init(), body: [1], frameMax: 8, to: &bytes)
        }
        #expect(error?.code == .frameTooLarge)
    }

    @Test func headerLargerThanFrameMaxFails() {
        let headers = AMQPFieldTable([("big", .longString([UInt8](repeating: 0, count: 5000)))])
        var bytes: [UInt8] = [0xAA]
        let error = #expect(throws: AMQPWireError.self) {
            try AMQPFrameEncoder.appendPublish(
                channel: 1,
                Self.publish,
                properties: .init(headers: headers),
                body: [1],
                frameMax: 4096,
                to: &bytes
            )
        }
        #expect(error?.code == .frameTooLarge)
        #expect(bytes == [0xAA])
    }

    @Test func publishAppendsToExistingBytes() throws {
        var bytes = hex("08 0000 00000000 CE")  // a heartbeat already queued
        try AMQPFrameEncoder.appendPublish(channel: 1, Self.publish, properties: .init(), body: [9], frameMax: 4096, to: &bytes)
        let frames = try decodeFrames(bytes)
        #expect(frames.first == .heartbeat)
        #expect(frames.count == 4)
    }
}
