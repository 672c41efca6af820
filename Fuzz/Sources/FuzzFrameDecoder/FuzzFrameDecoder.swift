import AMQPWire
import FuzzChecks

/// libFuzzer's entry point: treats the input as the bytes a peer sent on one connection.
///
/// The input is decoded twice, once appended whole and once in chunks whose sizes come
/// from the input's hash. Both runs must return the same frames and end with the same
/// error, and every decoded frame must survive ``RoundTrip/check(_:)-(AMQPFrame)``.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFrameDecoder(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    FrameStreamCheck.run(input)
    return 0
}

/// The frames and the error that decoding one byte stream produced.
struct FrameStreamOutcome {
    var frames: [AMQPFrame] = []
    var error: AMQPWireError?
    var bufferedByteCount = 0
}

/// Decodes a stream whole and in chunks and compares the two outcomes.
enum FrameStreamCheck {
    static func run(_ input: [UInt8]) {
        var generator = InputDerivedGenerator(seededBy: input)
        let maximumFrameSize = chooseMaximumFrameSize(using: &generator)

        let whole = decode(input, chunkSizes: [input.count], maximumFrameSize: maximumFrameSize)
        let chunkSizes = chooseChunkSizes(totalCount: input.count, using: &generator)
        let chunked = decode(input, chunkSizes: chunkSizes, maximumFrameSize: maximumFrameSize)

        fuzzRequire(
            whole.frames.count == chunked.frames.count,
            "whole input gave \(whole.frames.count) frames, chunked input \(chunked.frames.count) (chunks \(chunkSizes.prefix(32)))"
        )
        for (index, (wholeFrame, chunkedFrame)) in zip(whole.frames, chunked.frames).enumerated() {
            let wholeBytes = RoundTrip.check(wholeFrame)
            let chunkedBytes = RoundTrip.encode(chunkedFrame)
            fuzzRequire(
                RoundTrip.isSame(wholeFrame, chunkedFrame, firstEncoded: wholeBytes, secondEncoded: chunkedBytes),
                "frame \(index) differs between whole and chunked input: \(wholeFrame) and \(chunkedFrame)"
            )
            // Re-encoding never grows a frame (it only drops reserved strings), so a frame
            // longer than the limit means the decoder let an oversized frame through.
            if maximumFrameSize != 0 {
                let limit = Int(max(maximumFrameSize, AMQPConstants.frameMinSize))
                fuzzRequire(
                    wholeBytes.count <= limit,
                    "frame \(index) (\(wholeFrame)) re-encodes to \(wholeBytes.count) bytes, more than the maximum frame size \(limit)"
                )
            }
        }

        switch (whole.error, chunked.error) {
        case (nil, nil):
            fuzzRequire(
                whole.bufferedByteCount == chunked.bufferedByteCount,
                "whole input left \(whole.bufferedByteCount) bytes buffered, chunked input \(chunked.bufferedByteCount)"
            )
        case (let wholeError?, let chunkedError?):
            fuzzRequire(
                wholeError.code == chunkedError.code && wholeError.message == chunkedError.message,
                "whole input failed with \(wholeError), chunked input with \(chunkedError)"
            )
        case (let wholeError?, nil):
            fuzzFailure("whole input failed with \(wholeError), chunked input did not fail")
        case (nil, let chunkedError?):
            fuzzFailure("chunked input failed with \(chunkedError), whole input did not fail")
        }
    }

    /// Feeds `input` to a new decoder in chunks of the given sizes, taking every complete
    /// frame after each chunk, and stops at the first error.
    static func decode(_ input: [UInt8], chunkSizes: [Int], maximumFrameSize: UInt32) -> FrameStreamOutcome {
        var decoder = AMQPFrameDecoder(maximumFrameSize: maximumFrameSize)
        var outcome = FrameStreamOutcome()
        var offset = 0
        for (index, size) in chunkSizes.enumerated() {
            let chunk = input[offset..<offset + size]
            offset += size
            // Alternate between the two append overloads, because the client uses both.
            if index.isMultiple(of: 2) {
                decoder.append(Array(chunk))
            } else {
                chunk.withUnsafeBytes { decoder.append($0) }
            }
            do {
                while let frame = try decoder.nextFrame() {
                    outcome.frames.append(frame)
                }
            } catch {
                fuzzRequire(error.offendingBytes.count <= 64, "\(error) carries \(error.offendingBytes.count) offending bytes")
                requireRepeatedError(error, decoder: &decoder, remainingInput: input[offset...])
                outcome.error = error
                return outcome
            }
        }
        outcome.bufferedByteCount = decoder.bufferedByteCount
        return outcome
    }

    /// A decoder that threw stays at the bad frame: more bytes must not make it resume.
    private static func requireRepeatedError(
        _ error: AMQPWireError,
        decoder: inout AMQPFrameDecoder,
        remainingInput: ArraySlice<UInt8>
    ) {
        decoder.append(Array(remainingInput))
        do {
            let frame = try decoder.nextFrame()
            fuzzFailure("after \(error) the decoder returned \(frame.map { "\($0)" } ?? "nil") instead of the same error")
        } catch let repeated {
            fuzzRequire(
                repeated.code == error.code && repeated.message == error.message,
                "after \(error) the decoder threw a different error: \(repeated)"
            )
        }
    }

    /// Picks no limit, the two common limits, or any 32-bit value, which covers values
    /// below the 4096-byte minimum that the decoder raises.
    static func chooseMaximumFrameSize(using generator: inout InputDerivedGenerator) -> UInt32 {
        switch generator.next() % 4 {
        case 0: 0
        case 1: AMQPConstants.frameMinSize
        case 2: 131_072
        default: UInt32(truncatingIfNeeded: generator.next())
        }
    }

    /// Splits `totalCount` bytes into chunks: mostly small ones, which stop inside frame
    /// headers and fields, some empty ones, and some large ones.
    static func chooseChunkSizes(totalCount: Int, using generator: inout InputDerivedGenerator) -> [Int] {
        var sizes: [Int] = []
        var remaining = totalCount
        while remaining > 0 {
            let size: Int
            switch generator.next() % 16 {
            case 0: size = 0
            case 1: size = Int(generator.next() % 4096)
            case 2: size = remaining
            default: size = 1 + Int(generator.next() % 16)
            }
            let clamped = min(size, remaining)
            sizes.append(clamped)
            remaining -= clamped
        }
        return sizes
    }
}
