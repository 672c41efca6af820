import AMQPWire
import Testing

/// Random and damaged input must end in frames or errors, never in a crash or a hang.
@Suite("Garbage input")
struct GarbageInputTests {
    /// Valid frames of every method and content type, as material to damage.
    static func validFrames() throws -> [[UInt8]] {
        var frames = try MethodRoundTripTests.allMethods.map { try encode(.method(channel: 1, $0)) }
        frames.append(hex("02 0001 0000000E 003C 0000 0000000000000003 0000 CE"))  // content header
        frames.append(try encode(.header(channel: 1, .init(bodySize: 9, properties: .init(
            contentType: "application/json",
            headers: FieldTableTests.everyTag,
            deliveryMode: 2,
            timestamp: 1
        )))))
        frames.append(hex(#"03 0001 00000003 "abc" CE"#))  // body
        frames.append(hex("08 0000 00000000 CE"))  // heartbeat
        return frames
    }

    /// Makes one input: random bytes, a frame with a random payload, or a damaged valid frame.
    static func makeInput(from validFrames: [[UInt8]], using generator: inout SeededGenerator) -> [UInt8] {
        switch Int.random(in: 0..<3, using: &generator) {
        case 0:
            return (0..<Int.random(in: 0...64, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
        case 1:
            let type = [1, 2, 3, 8, UInt8.random(in: 0...255, using: &generator)].randomElement(using: &generator) ?? 1
            let payload = (0..<Int.random(in: 0...48, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let size = UInt32(payload.count)
            return [type, 0, UInt8.random(in: 0...3, using: &generator)]
                + [UInt8(size >> 24), UInt8(size >> 16 & 0xFF), UInt8(size >> 8 & 0xFF), UInt8(size & 0xFF)]
                + payload + [0xCE]
        default:
            var frame = validFrames.randomElement(using: &generator) ?? []
            for _ in 0..<Int.random(in: 1...3, using: &generator) where !frame.isEmpty {
                frame[Int.random(in: 0..<frame.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            }
            if Bool.random(using: &generator) {
                frame.removeLast(Int.random(in: 0...frame.count, using: &generator))
            }
            return frame
        }
    }

    @Test func randomInputNeverCrashes() throws {
        var generator = SeededGenerator(seed: 0x5EED)
        let validFrames = try Self.validFrames()
        var decodedFrames = 0
        var errorCodes: Set<String> = []

        for _ in 0..<4000 {
            let input = Self.makeInput(from: validFrames, using: &generator)
            var decoder = AMQPFrameDecoder(maximumFrameSize: 4096)
            var offset = 0
            feeding: while offset < input.count {
                let end = min(input.count, offset + Int.random(in: 1...16, using: &generator))
                decoder.append(Array(input[offset..<end]))
                offset = end
                do {
                    while let frame = try decoder.nextFrame() {
                        decodedFrames += 1
                        // Whatever decodes must encode, and re-encoding must be stable.
                        let encoded = try encode(frame)
                        let reencoded = try encode(try #require(decodeFrames(encoded).first))
                        #expect(encoded == reencoded)
                    }
                } catch let error as AMQPWireError {
                    errorCodes.insert(error.code.description)
                    #expect(error.offendingBytes.count <= 64)
                    break feeding
                }
            }
        }

        // The inputs reached the payload decoders, not only the frame header checks.
        #expect(decodedFrames > 200)
        #expect(errorCodes.isSuperset(of: [
            "unknownFrameType", "invalidFrameEnd", "truncated", "unknownMethod", "invalidFieldValue", "trailingBytes",
        ]))
    }
}
