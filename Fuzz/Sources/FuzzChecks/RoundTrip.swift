public import AMQPWire

/// Checks that a decoded value encodes, and that decoding the encoding gives it back.
///
/// Decoding normalizes a few things (a boolean byte other than 0 or 1, reserved bits and
/// reserved strings that are read and dropped), so the original input bytes need not come
/// back. What must hold is that the encoding of a decoded value is a fixed point: decoding
/// it gives an equal value, and encoding that value gives the same bytes again.
///
/// Values are compared with `==` and by their encodings: the bytes are the stricter check
/// for strings, which `==` compares by canonical equivalence. A field table value that is a
/// NaN float or double is never `==` to itself, so when `==` fails the values' reflections
/// are compared instead, which print every NaN alike.
public enum RoundTrip {
    /// Checks a frame that `AMQPFrameDecoder` returned, and returns its encoding.
    @discardableResult
    public static func check(_ frame: AMQPFrame) -> [UInt8] {
        _ = describe(frame)
        return checkFixedPoint(frame, subject: "\(frame)", encode: encode) { (bytes) throws(AMQPWireError) in
            var decoder = AMQPFrameDecoder(maximumFrameSize: 0)
            decoder.append(Array(bytes))
            guard let decoded = try decoder.nextFrame() else {
                fuzzFailure("re-decoding the encoded \(frame) returned no frame from \(bytes.count) bytes")
            }
            fuzzRequire(decoder.bufferedByteCount == 0, "re-decoding the encoded \(frame) left \(decoder.bufferedByteCount) bytes")
            return decoded
        }
    }

    /// Checks a method that `AMQPMethod.decode(payload:)` returned.
    public static func check(_ method: AMQPMethod) {
        if case .connection(let connection) = method {
            _ = String(describing: connection)
        }
        checkFixedPoint(method, subject: "method \(method.name)", encode: encode) { (bytes) throws(AMQPWireError) in
            try AMQPMethod.decode(payload: bytes)
        }
    }

    /// Checks a content header that `AMQPContentHeader.decode(payload:)` returned.
    public static func check(_ header: AMQPContentHeader) {
        checkFixedPoint(header, subject: "content header", encode: encode) { (bytes) throws(AMQPWireError) in
            try AMQPContentHeader.decode(payload: bytes)
        }
    }

    /// Checks a field table that `AMQPFieldTable.decode(_:)` returned.
    public static func check(_ table: AMQPFieldTable) {
        for (_, value) in table {
            _ = value.stringValue
        }
        checkFixedPoint(table, subject: "field table", encode: encode) { (bytes) throws(AMQPWireError) in
            try AMQPFieldTable.decode(bytes)
        }
    }

    /// Encodes a frame, stopping the run when the encoder rejects a frame the decoder accepted.
    public static func encode(_ frame: AMQPFrame) -> [UInt8] {
        encodeOrFail("\(frame)") { (bytes) throws(AMQPWireError) in try AMQPFrameEncoder.append(frame, to: &bytes) }
    }

    /// Encodes a method payload, stopping the run when the encoder rejects it.
    public static func encode(_ method: AMQPMethod) -> [UInt8] {
        encodeOrFail("method \(method.name)") { (bytes) throws(AMQPWireError) in try method.encode(into: &bytes) }
    }

    /// Encodes a content header payload, stopping the run when the encoder rejects it.
    public static func encode(_ header: AMQPContentHeader) -> [UInt8] {
        encodeOrFail("content header") { (bytes) throws(AMQPWireError) in try header.encode(into: &bytes) }
    }

    /// Encodes a field table, stopping the run when the encoder rejects it.
    public static func encode(_ table: AMQPFieldTable) -> [UInt8] {
        encodeOrFail("field table") { (bytes) throws(AMQPWireError) in try table.encode(into: &bytes) }
    }

    /// Returns whether two decoded values agree: their encodings are equal, and the values
    /// are `==` or, when a NaN inside makes `==` fail, their reflections are equal.
    ///
    /// `first != first` cannot detect the NaN, because `Array`'s `==` returns true at once
    /// for two arrays that share storage.
    public static func isSame<Value: Equatable>(_ first: Value, _ second: Value, firstEncoded: [UInt8], secondEncoded: [UInt8]) -> Bool {
        guard firstEncoded == secondEncoded else { return false }
        return first == second || String(reflecting: first) == String(reflecting: second)
    }

    /// Encodes `value`, decodes the encoding, and requires the result to agree with `value`,
    /// down to the bytes of its own encoding. Returns the encoding of `value`.
    @discardableResult
    private static func checkFixedPoint<Value: Equatable>(
        _ value: Value,
        subject: @autoclosure () -> String,
        encode: (Value) -> [UInt8],
        decode: (ArraySlice<UInt8>) throws(AMQPWireError) -> Value
    ) -> [UInt8] {
        let encoded = encode(value)
        let decoded: Value
        do {
            decoded = try decode(encoded[...])
        } catch {
            fuzzFailure("re-decoding the encoded \(subject()) failed: \(error)")
        }
        let reencoded = encode(decoded)
        fuzzRequire(
            encoded == reencoded,
            "\(subject()) encodes to \(encoded.count) bytes, but its re-decoded copy encodes to \(reencoded.count) different bytes"
        )
        fuzzRequire(
            value == decoded || String(reflecting: value) == String(reflecting: decoded),
            "\(subject()) differs from the value decoded from its encoding"
        )
        return encoded
    }

    private static func encodeOrFail(
        _ subject: @autoclosure () -> String,
        _ write: (inout [UInt8]) throws(AMQPWireError) -> Void
    ) -> [UInt8] {
        var bytes: [UInt8] = []
        do {
            try write(&bytes)
        } catch {
            fuzzFailure("encoding the decoded \(subject()) failed: \(error)")
        }
        return bytes
    }

    /// Builds the frame's log descriptions, which must never trap, whatever the frame contains.
    private static func describe(_ frame: AMQPFrame) -> String {
        var text = frame.description
        if case .method(_, .connection(let connection)) = frame {
            text += connection.description
        }
        return text
    }
}
