import AMQPWire
import FuzzChecks

/// libFuzzer's entry point: treats the input as one frame payload.
///
/// The same bytes go to `AMQPMethod.decode(payload:)`, `AMQPContentHeader.decode(payload:)`
/// and `AMQPFieldTable.decode(_:)`, because a mutation that turns one kind of payload into
/// another is as likely as any. Each decoder gets the bytes twice: as a slice starting at
/// index 0 and as a slice inside a larger array, so that a decoder that indexes from 0
/// instead of the slice's start traps or disagrees with itself.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMethodDecoder(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    PayloadCheck.run(input)
    return 0
}

/// Runs the three payload decoders on one input and checks what they return.
enum PayloadCheck {
    /// Bytes around the embedded copy of the input; a decoder that reads them is wrong.
    private static let guardBytes: [UInt8] = [0xCE, 0x01, 0x00, 0x0A, 0x00, 0x0A, 0xFF]

    static func run(_ input: [UInt8]) {
        let plain = input[...]
        let embedding = guardBytes + input + guardBytes
        let embedded = embedding[guardBytes.count..<guardBytes.count + input.count]

        checkMethod(plain: plain, embedded: embedded)
        checkContentHeader(plain: plain, embedded: embedded)
        checkFieldTable(plain: plain, embedded: embedded)
    }

    private static func checkMethod(plain: ArraySlice<UInt8>, embedded: ArraySlice<UInt8>) {
        let first = Result { () throws(AMQPWireError) in try AMQPMethod.decode(payload: plain) }
        let second = Result { () throws(AMQPWireError) in try AMQPMethod.decode(payload: embedded) }
        requireAgreement(first, second, subject: "AMQPMethod.decode(payload:)", encode: RoundTrip.encode)

        // The overload that takes the ids separately must agree once there are ids to split off.
        if plain.count >= 4 {
            let classID = UInt16(plain[0]) << 8 | UInt16(plain[1])
            let methodID = UInt16(plain[2]) << 8 | UInt16(plain[3])
            let split = Result { () throws(AMQPWireError) in
                try AMQPMethod.decode(classID: classID, methodID: methodID, arguments: embedded.dropFirst(4))
            }
            requireAgreement(first, split, subject: "AMQPMethod.decode(classID:methodID:arguments:)", encode: RoundTrip.encode)
        }
        if case .success(let method) = first {
            RoundTrip.check(method)
        }
    }

    private static func checkContentHeader(plain: ArraySlice<UInt8>, embedded: ArraySlice<UInt8>) {
        let first = Result { () throws(AMQPWireError) in try AMQPContentHeader.decode(payload: plain) }
        let second = Result { () throws(AMQPWireError) in try AMQPContentHeader.decode(payload: embedded) }
        requireAgreement(first, second, subject: "AMQPContentHeader.decode(payload:)", encode: RoundTrip.encode)
        if case .success(let header) = first {
            RoundTrip.check(header)
        }
    }

    private static func checkFieldTable(plain: ArraySlice<UInt8>, embedded: ArraySlice<UInt8>) {
        let first = Result { () throws(AMQPWireError) in try AMQPFieldTable.decode(plain) }
        let second = Result { () throws(AMQPWireError) in try AMQPFieldTable.decode(embedded) }
        requireAgreement(first, second, subject: "AMQPFieldTable.decode(_:)", encode: RoundTrip.encode)
        if case .success(let table) = first {
            RoundTrip.check(table)
        }
    }

    /// Two decodings of the same bytes must both succeed with the same value, or both fail
    /// with the same error code and message.
    private static func requireAgreement<Value: Equatable>(
        _ first: Result<Value, AMQPWireError>,
        _ second: Result<Value, AMQPWireError>,
        subject: String,
        encode: (Value) -> [UInt8]
    ) {
        switch (first, second) {
        case (.success(let firstValue), .success(let secondValue)):
            fuzzRequire(
                RoundTrip.isSame(firstValue, secondValue, firstEncoded: encode(firstValue), secondEncoded: encode(secondValue)),
                "\(subject) decoded different values from the same bytes"
            )
        case (.failure(let firstError), .failure(let secondError)):
            fuzzRequire(
                firstError.code == secondError.code && firstError.message == secondError.message,
                "\(subject) failed differently on the same bytes: \(firstError) and \(secondError)"
            )
            fuzzRequire(firstError.offendingBytes.count <= 64, "\(firstError) carries \(firstError.offendingBytes.count) offending bytes")
        case (.success, .failure(let error)), (.failure(let error), .success):
            fuzzFailure("\(subject) succeeded on one copy of the bytes and failed on the other with \(error)")
        }
    }
}
