/// A big-endian writer that appends AMQP 0-9-1 data types (section 4.2.5 of the
/// specification) to a byte array it owns.
///
/// Use ``withWriter(appendingTo:_:)`` to write into a caller's buffer without copying it:
/// the buffer moves into the writer and back, and on error it is cut back to its old length.
struct ByteWriter {
    var bytes: [UInt8]

    init(bytes: [UInt8] = []) {
        self.bytes = bytes
    }

    /// Runs `body` with a writer that appends to `buffer`, and removes the bytes it
    /// appended when `body` throws, so a failed encode leaves `buffer` as it was.
    static func withWriter<Failure: Error>(
        appendingTo buffer: inout [UInt8],
        _ body: (inout ByteWriter) throws(Failure) -> Void
    ) throws(Failure) {
        var writer = ByteWriter()
        swap(&writer.bytes, &buffer)
        let startCount = writer.bytes.count
        do {
            try body(&writer)
        } catch {
            writer.bytes.removeSubrange(startCount...)
            swap(&writer.bytes, &buffer)
            throw error
        }
        swap(&writer.bytes, &buffer)
    }

    var count: Int { bytes.count }

    mutating func reserveCapacity(_ additional: Int) {
        bytes.reserveCapacity(bytes.count + additional)
    }

    mutating func writeOctet(_ value: UInt8) {
        bytes.append(value)
    }

    mutating func writeShort(_ value: UInt16) {
        bytes.append(UInt8(truncatingIfNeeded: value >> 8))
        bytes.append(UInt8(truncatingIfNeeded: value))
    }

    mutating func writeLong(_ value: UInt32) {
        bytes.append(UInt8(truncatingIfNeeded: value >> 24))
        bytes.append(UInt8(truncatingIfNeeded: value >> 16))
        bytes.append(UInt8(truncatingIfNeeded: value >> 8))
        bytes.append(UInt8(truncatingIfNeeded: value))
    }

    mutating func writeLongLong(_ value: UInt64) {
        writeLong(UInt32(truncatingIfNeeded: value >> 32))
        writeLong(UInt32(truncatingIfNeeded: value))
    }

    /// Writes up to five consecutive bit fields packed into one octet, the first in the
    /// lowest bit (section 4.2.5.2).
    mutating func writeBits(_ bit0: Bool, _ bit1: Bool = false, _ bit2: Bool = false, _ bit3: Bool = false, _ bit4: Bool = false) {
        var octet: UInt8 = 0
        if bit0 { octet |= 1 }
        if bit1 { octet |= 1 << 1 }
        if bit2 { octet |= 1 << 2 }
        if bit3 { octet |= 1 << 3 }
        if bit4 { octet |= 1 << 4 }
        bytes.append(octet)
    }

    /// Writes a short string: a length octet, then the UTF-8 bytes.
    ///
    /// - Parameter field: The field's name, used only in the error message.
    /// - Throws: ``AMQPWireError/Code/shortStringTooLong`` when the text has more than 255
    ///   UTF-8 bytes (a character may take up to four).
    mutating func writeShortString(_ text: String, field: String) throws(AMQPWireError) {
        let length = text.utf8.count
        guard length <= Int(UInt8.max) else {
            throw AMQPWireError(
                code: .shortStringTooLong,
                message: "\(field) is \(length) UTF-8 bytes long, but a short string is limited to 255 bytes"
            )
        }
        bytes.append(UInt8(length))
        bytes.append(contentsOf: text.utf8)
    }

    /// Writes a long string: a 32-bit length, then the bytes.
    mutating func writeLongString(_ value: some Collection<UInt8>, field: String) throws(AMQPWireError) {
        let length = value.count
        guard length <= Int(UInt32.max) else {
            throw AMQPWireError(
                code: .invalidFieldValue,
                message: "\(field) is \(length) bytes long, but a long string is limited to 4294967295 bytes"
            )
        }
        writeLong(UInt32(length))
        bytes.append(contentsOf: value)
    }

    /// Appends a placeholder for a 32-bit length and returns its position for
    /// ``patchLength(at:field:)``.
    mutating func reserveLength() -> Int {
        let position = bytes.count
        writeLong(0)
        return position
    }

    /// Writes, at `position`, the number of bytes appended after the placeholder there.
    mutating func patchLength(at position: Int, field: String) throws(AMQPWireError) {
        let length = bytes.count - position - 4
        guard let value = UInt32(exactly: length) else {
            throw AMQPWireError(
                code: .invalidFieldValue,
                message: "\(field) is \(length) bytes long, but its 32-bit length field is limited to 4294967295 bytes"
            )
        }
        bytes[position] = UInt8(truncatingIfNeeded: value >> 24)
        bytes[position + 1] = UInt8(truncatingIfNeeded: value >> 16)
        bytes[position + 2] = UInt8(truncatingIfNeeded: value >> 8)
        bytes[position + 3] = UInt8(truncatingIfNeeded: value)
    }
}
