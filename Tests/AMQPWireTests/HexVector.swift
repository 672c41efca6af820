import AMQPWire
import Testing

/// Parses a byte vector written by hand: hex digit pairs, "quoted" UTF-8 text, whitespace,
/// and `//` comments that run to the end of the line.
///
/// An odd number of hex digits or any other character records a test issue, so a typo in a
/// vector fails the test instead of silently shifting bytes.
func hex(_ vector: String, sourceLocation: SourceLocation = #_sourceLocation) -> [UInt8] {
    var bytes: [UInt8] = []
    var pendingDigit: UInt8?
    var inText = false
    var lastWasSlash = false

    for line in vector.split(separator: "\n", omittingEmptySubsequences: false) {
        for character in line {
            if inText {
                if character == "\"" {
                    inText = false
                } else {
                    bytes.append(contentsOf: String(character).utf8)
                }
                continue
            }
            if character == "/" {
                if lastWasSlash {
                    lastWasSlash = false
                    break  // a comment: skip the rest of the line
                }
                lastWasSlash = true
                continue
            }
            if lastWasSlash {
                Issue.record("a single / in a hex vector", sourceLocation: sourceLocation)
                lastWasSlash = false
            }
            if character == "\"" {
                inText = true
            } else if let digit = character.hexDigitValue {
                if let high = pendingDigit {
                    bytes.append(high << 4 | UInt8(digit))
                    pendingDigit = nil
                } else {
                    pendingDigit = UInt8(digit)
                }
            } else if !character.isWhitespace {
                Issue.record("unexpected character \(character) in a hex vector", sourceLocation: sourceLocation)
            }
        }
        lastWasSlash = false
    }
    if pendingDigit != nil || inText {
        Issue.record("a hex vector ends with half a byte or inside quoted text", sourceLocation: sourceLocation)
    }
    return bytes
}

/// Decodes every frame in `bytes`, failing the test when bytes are left over.
func decodeFrames(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) throws -> [AMQPFrame] {
    var decoder = AMQPFrameDecoder(maximumFrameSize: 0)
    decoder.append(bytes)
    var frames: [AMQPFrame] = []
    while let frame = try decoder.nextFrame() {
        frames.append(frame)
    }
    #expect(decoder.bufferedByteCount == 0, "bytes left after the last frame", sourceLocation: sourceLocation)
    return frames
}

/// Encodes `frame` into a new byte array.
func encode(_ frame: AMQPFrame) throws -> [UInt8] {
    var bytes: [UInt8] = []
    try AMQPFrameEncoder.append(frame, to: &bytes)
    return bytes
}

/// Checks that `bytes` decodes to exactly `frame` and that `frame` encodes to exactly `bytes`.
func expectVector(_ frame: AMQPFrame, _ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) throws {
    #expect(try decodeFrames(bytes, sourceLocation: sourceLocation) == [frame], sourceLocation: sourceLocation)
    #expect(try encode(frame) == bytes, sourceLocation: sourceLocation)
}

/// Encodes `method` on channel 1 and decodes the frame again.
func roundTrip(_ method: AMQPMethod) throws -> AMQPFrame? {
    try decodeFrames(encode(.method(channel: 1, method))).first
}
