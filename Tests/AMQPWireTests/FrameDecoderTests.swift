import AMQPWire
import Testing

/// Splitting a byte stream into frames, and rejecting malformed frames with the right code.
@Suite("Frame decoder")
struct FrameDecoderTests {
    /// A short conversation: tune, channel.open, a publish with its header and body, and a
    /// heartbeat.
    static let stream = hex(
        """
        01 0000 0000000C 000A 001E 07FF 00020000 003C CE    // connection.tune
        01 0001 00000005 0014 000A 00 CE                    // channel.open on channel 1
        01 0001 0000000B 003C 0028 0000 01 "e" 01 "k" 00 CE // basic.publish, exchange e, key k
        02 0001 0000000E 003C 0000 0000000000000003 0000 CE // content header, body-size 3
        03 0001 00000003 "abc" CE                           // body frame
        08 0000 00000000 CE                                 // heartbeat
        """
    )

    static let expectedFrames: [AMQPFrame] = [
        .method(channel: 0, .connection(.tune(.init(channelMax: 2047, frameMax: 131_072, heartbeat: 60)))),
        .method(channel: 1, .channel(.open)),
        .method(channel: 1, .basic(.publish(.init(exchange: "e", routingKey: "k")))),
        .header(channel: 1, .init(bodySize: 3, properties: .init())),
        .body(channel: 1, Array("abc".utf8)),
        .heartbeat,
    ]

    /// Returns the first error `nextFrame()` throws for `bytes` fed in one piece.
    static func firstError(_ bytes: [UInt8], maximumFrameSize: UInt32 = 0) -> AMQPWireError? {
        var decoder = AMQPFrameDecoder(maximumFrameSize: maximumFrameSize)
        decoder.append(bytes)
        do {
            while try decoder.nextFrame() != nil {}
            return nil
        } catch {
            return error
        }
    }

    @Test func wholeStreamDecodes() throws {
        #expect(try decodeFrames(Self.stream) == Self.expectedFrames)
    }

    @Test func byteAtATimeMatchesWhole() throws {
        var decoder = AMQPFrameDecoder(maximumFrameSize: 4096)
        var frames: [AMQPFrame] = []
        for byte in Self.stream {
            decoder.append([byte])
            while let frame = try decoder.nextFrame() {
                frames.append(frame)
            }
        }
        #expect(frames == Self.expectedFrames)
        #expect(decoder.bufferedByteCount == 0)
    }

    @Test func randomChunksMatchWhole() throws {
        var generator = SeededGenerator(seed: 7)
        for _ in 0..<50 {
            var decoder = AMQPFrameDecoder(maximumFrameSize: 4096)
            var frames: [AMQPFrame] = []
            var offset = 0
            while offset < Self.stream.count {
                let end = min(Self.stream.count, offset + Int.random(in: 1...20, using: &generator))
                Self.stream[offset..<end].withUnsafeBytes { decoder.append($0) }
                offset = end
                while let frame = try decoder.nextFrame() {
                    frames.append(frame)
                }
            }
            #expect(frames == Self.expectedFrames)
        }
    }

    @Test func partialFrameReturnsNil() throws {
        var decoder = AMQPFrameDecoder(maximumFrameSize: 0)
        decoder.append(hex("03 0001 0000"))  // half a frame header
        #expect(try decoder.nextFrame() == nil)
        decoder.append(hex("0003 \"ab\""))  // header complete, payload short by one byte
        #expect(try decoder.nextFrame() == nil)
        decoder.append(hex("\"c\""))  // payload complete, frame-end missing
        #expect(try decoder.nextFrame() == nil)
        decoder.append(hex("CE"))
        #expect(try decoder.nextFrame() == .body(channel: 1, Array("abc".utf8)))
    }

    @Test func wrongFrameEndFails() {
        let bytes = hex("08 0000 00000000 CD")  // heartbeat ending in 0xCD, not 0xCE
        #expect(Self.firstError(bytes)?.code == .invalidFrameEnd)
    }

    @Test func oversizedFrameFailsBeforePayload() {
        var decoder = AMQPFrameDecoder(maximumFrameSize: 4096)
        decoder.append(hex("03 0001 00000FF9"))  // body frame header: payload 4089, frame 4097
        let error = #expect(throws: AMQPWireError.self) { try decoder.nextFrame() }
        #expect(error?.code == .frameTooLarge)
        #expect(decoder.bufferedByteCount == 7, "only the header had arrived")
    }

    @Test func frameAtLimitDecodes() throws {
        var decoder = AMQPFrameDecoder(maximumFrameSize: 4096)
        decoder.append(hex("03 0001 00000FF8"))  // body frame header: payload 4088, frame 4096
        decoder.append([UInt8](repeating: 0x61, count: 4088) + [0xCE])
        #expect(try decoder.nextFrame() == .body(channel: 1, [UInt8](repeating: 0x61, count: 4088)))
    }

    @Test func limitBelowMinimumIsRaised() throws {
        // Peers may always send frames of up to 4096 bytes (frame-min-size).
        var decoder = AMQPFrameDecoder(maximumFrameSize: 100)
        decoder.append(hex("03 0001 000000C8") + [UInt8](repeating: 0, count: 200) + [0xCE])
        #expect(try decoder.nextFrame() == .body(channel: 1, [UInt8](repeating: 0, count: 200)))
    }

    @Test func unknownFrameTypeFailsAtFirstByte() {
        var decoder = AMQPFrameDecoder(maximumFrameSize: 0)
        decoder.append([0x04])  // frame type 4 does not exist
        let error = #expect(throws: AMQPWireError.self) { try decoder.nextFrame() }
        #expect(error?.code == .unknownFrameType)
        #expect(error?.replyCode == 501)
    }

    @Test func protocolHeaderFromServerFails() throws {
        var decoder = AMQPFrameDecoder(maximumFrameSize: 0)
        decoder.append(hex(#""AM""#))
        #expect(try decoder.nextFrame() == nil, "AM could still become AMQP")
        decoder.append(hex(#""QP" 00 00 09 01"#))
        let error = #expect(throws: AMQPWireError.self) { try decoder.nextFrame() }
        #expect(error?.code == .protocolVersionMismatch)
        #expect(error?.offendingBytes == AMQPConstants.protocolHeader)
    }

    @Test func otherTextIsUnknownFrameType() {
        let bytes = hex(#""HTTP/1.1 400""#)
        #expect(Self.firstError(bytes)?.code == .unknownFrameType)
    }

    @Test func heartbeatOnChannelOneFails() {
        let bytes = hex("08 0001 00000000 CE")  // heartbeat on channel 1
        #expect(Self.firstError(bytes)?.code == .invalidHeartbeat)
    }

    @Test func heartbeatWithPayloadFails() {
        let bytes = hex("08 0000 00000001 00 CE")  // heartbeat with a 1-byte payload
        #expect(Self.firstError(bytes)?.code == .invalidHeartbeat)
    }

    @Test func propertyFlagsContinuationFails() {
        let bytes = hex(
            """
            02 0001 00000010    // header frame, channel 1, payload size 16
            003C 0000           // class basic, weight 0
            0000000000000000    // body-size 0
            0001                // property flags: only bit 0, "another flags word follows"
            0000                // the continuation word
            CE
            """
        )
        #expect(Self.firstError(bytes)?.code == .invalidContentHeader)
    }

    @Test func headerForOtherClassFails() {
        let bytes = hex("02 0001 0000000E 0032 0000 0000000000000000 0000 CE")  // class 50, queue
        #expect(Self.firstError(bytes)?.code == .invalidContentHeader)
    }

    @Test func trailingBytesAfterMethodFail() {
        let bytes = hex(
            """
            01 0001 00000005    // method frame, channel 1, payload size 5
            0014 0029           // channel.close-ok, which has no arguments
            00                  // one byte too many
            CE
            """
        )
        let error = Self.firstError(bytes)
        #expect(error?.code == .trailingBytes)
        #expect(error?.replyCode == 502)
    }

    @Test func trailingBytesAfterHeaderFail() {
        let bytes = hex("02 0001 0000000F 003C 0000 0000000000000000 0000 FF CE")  // 1 extra byte
        #expect(Self.firstError(bytes)?.code == .trailingBytes)
    }

    @Test func unknownMethodIDFails() {
        let bytes = hex("01 0001 00000004 003C 0063 CE")  // basic method 99
        let error = Self.firstError(bytes)
        #expect(error?.code == .unknownMethod)
        #expect(error?.replyCode == 540)
    }

    @Test func unsupportedClassFails() {
        let bytes = hex("01 0001 00000004 005A 000A CE")  // tx.select (90, 10)
        #expect(Self.firstError(bytes)?.code == .unknownMethod)
    }

    @Test func shortStringPastPayloadFails() {
        let bytes = hex(
            """
            01 0001 00000008    // method frame, channel 1, payload size 8
            003C 0015           // basic.consume-ok
            0C "abc"            // consumer-tag claims 12 bytes, 3 follow
            CE
            """
        )
        #expect(Self.firstError(bytes)?.code == .truncated)
    }

    @Test func truncatedArgumentsFail() {
        let bytes = hex("01 0000 0000000A 000A 001E 07FF 00020000 CE")  // tune without heartbeat
        #expect(Self.firstError(bytes)?.code == .truncated)
    }

    @Test func truncatedArgumentTableFails() {
        let bytes = hex(
            """
            01 0001 0000000F    // method frame, channel 1, payload size 15
            0032 000A 0000      // queue.declare, ticket
            01 "q" 00           // queue "q", no bits
            00000064            // arguments claim 100 bytes
            0000                // 2 bytes follow
            CE
            """
        )
        #expect(Self.firstError(bytes)?.code == .truncated)
    }

    @Test func invalidUTF8ShortStringFails() {
        let bytes = hex("01 0001 00000007 003C 0015 02 C3 28 CE")  // consume-ok, tag not UTF-8
        #expect(Self.firstError(bytes)?.code == .invalidFieldValue)
    }

    @Test func errorDescriptionOmitsPayload() throws {
        // A consumer tag of 14 bytes whose last byte is not UTF-8; the text before it must
        // not reach a log line.
        let bytes = hex(#"01 0001 00000013 003C 0015 0E "hunter2secret" FF CE"#)
        let error = try #require(Self.firstError(bytes))
        #expect(error.code == .invalidFieldValue)
        #expect(!error.offendingBytes.isEmpty)
        #expect(!error.description.contains("hunter2"))
    }

    @Test func errorRepeatsAfterFailure() {
        var decoder = AMQPFrameDecoder(maximumFrameSize: 0)
        decoder.append(hex("08 0000 00000000 00"))
        let first = #expect(throws: AMQPWireError.self) { try decoder.nextFrame() }
        let second = #expect(throws: AMQPWireError.self) { try decoder.nextFrame() }
        #expect(first?.code == .invalidFrameEnd)
        #expect(second?.code == .invalidFrameEnd)
    }
}
