// Field tables and field arrays (AMQP 0-9-1 section 4.2.5.5), with the type tags that
// RabbitMQ uses; `AMQPFieldValue` lists them.

extension ByteReader {
    /// Reads a field table: a 32-bit byte length, then short-string keys each followed by a
    /// tagged value.
    ///
    /// - Parameter depth: How many tables or arrays enclose this one; 0 for a method's own
    ///   table argument.
    mutating func readFieldTable(depth: Int = 0) throws(AMQPWireError) -> AMQPFieldTable {
        guard depth <= AMQPFieldTable.maximumNestingDepth else {
            throw error(.nestingTooDeep, "field tables are nested more than \(AMQPFieldTable.maximumNestingDepth) levels deep")
        }
        var entries = ByteReader(try readContainer("a field table"))
        var table = AMQPFieldTable()
        while !entries.isAtEnd {
            let key = try entries.readShortString()
            let value = try entries.readFieldValue(depth: depth)
            table.storage.append(AMQPFieldTable.Entry(key: key, value: value))
        }
        return table
    }

    /// Reads a field array: a 32-bit byte length, then tagged values.
    mutating func readFieldArray(depth: Int) throws(AMQPWireError) -> [AMQPFieldValue] {
        guard depth <= AMQPFieldTable.maximumNestingDepth else {
            throw error(.nestingTooDeep, "field arrays are nested more than \(AMQPFieldTable.maximumNestingDepth) levels deep")
        }
        var elements = ByteReader(try readContainer("a field array"))
        var values: [AMQPFieldValue] = []
        while !elements.isAtEnd {
            values.append(try elements.readFieldValue(depth: depth))
        }
        return values
    }

    /// Reads the 32-bit length of a table or array and returns its contents.
    private mutating func readContainer(_ containerName: String) throws(AMQPWireError) -> ArraySlice<UInt8> {
        let length = Int(try readLong())
        guard length <= remaining else {
            throw error(.truncated, "\(containerName) of \(length) bytes has only \(remaining) bytes left")
        }
        return try readBytes(length)
    }

    /// Reads one type tag and the value that follows it.
    ///
    /// - Parameter depth: The depth of the table or array that contains the value.
    mutating func readFieldValue(depth: Int) throws(AMQPWireError) -> AMQPFieldValue {
        let tag = try readOctet()
        switch tag {
        case UInt8(ascii: "t"): return .boolean(try readOctet() != 0)
        case UInt8(ascii: "b"): return .int8(Int8(bitPattern: try readOctet()))
        case UInt8(ascii: "B"): return .uint8(try readOctet())
        case UInt8(ascii: "s"): return .int16(Int16(bitPattern: try readShort()))
        case UInt8(ascii: "u"): return .uint16(try readShort())
        case UInt8(ascii: "I"): return .int32(Int32(bitPattern: try readLong()))
        case UInt8(ascii: "i"): return .uint32(try readLong())
        case UInt8(ascii: "l"): return .int64(Int64(bitPattern: try readLongLong()))
        case UInt8(ascii: "f"): return .float(Float(bitPattern: try readLong()))
        case UInt8(ascii: "d"): return .double(Double(bitPattern: try readLongLong()))
        case UInt8(ascii: "D"):
            let scale = try readOctet()
            return .decimal(scale: scale, value: try readLong())
        case UInt8(ascii: "S"): return .longString(try readLongString())
        case UInt8(ascii: "A"): return .array(try readFieldArray(depth: depth + 1))
        case UInt8(ascii: "T"): return .timestamp(try readLongLong())
        case UInt8(ascii: "F"): return .table(try readFieldTable(depth: depth + 1))
        case UInt8(ascii: "V"): return .void
        case UInt8(ascii: "x"): return .byteArray(try readLongString())
        default:
            throw error(.invalidFieldValue, "field value type tag \(tag) is not one RabbitMQ defines")
        }
    }
}

extension ByteWriter {
    /// Writes a field table with its 32-bit byte length.
    ///
    /// - Parameter depth: How many tables or arrays enclose this one; 0 for a method's own
    ///   table argument.
    /// - Throws: ``AMQPWireError/Code/nestingTooDeep`` past
    ///   ``AMQPFieldTable/maximumNestingDepth``, ``AMQPWireError/Code/shortStringTooLong``
    ///   for a key over 255 bytes.
    mutating func writeFieldTable(_ table: AMQPFieldTable, depth: Int = 0) throws(AMQPWireError) {
        guard depth <= AMQPFieldTable.maximumNestingDepth else {
            throw AMQPWireError(
                code: .nestingTooDeep,
                message: "field tables are nested more than \(AMQPFieldTable.maximumNestingDepth) levels deep"
            )
        }
        let lengthPosition = reserveLength()
        for entry in table.storage {
            try writeShortString(entry.key, field: "field table key")
            try writeFieldValue(entry.value, depth: depth)
        }
        try patchLength(at: lengthPosition, field: "a field table")
    }

    /// Writes a field array with its 32-bit byte length.
    mutating func writeFieldArray(_ values: [AMQPFieldValue], depth: Int) throws(AMQPWireError) {
        guard depth <= AMQPFieldTable.maximumNestingDepth else {
            throw AMQPWireError(
                code: .nestingTooDeep,
                message: "field arrays are nested more than \(AMQPFieldTable.maximumNestingDepth) levels deep"
            )
        }
        let lengthPosition = reserveLength()
        for value in values {
            try writeFieldValue(value, depth: depth)
        }
        try patchLength(at: lengthPosition, field: "a field array")
    }

    /// Writes one type tag and its value.
    ///
    /// - Parameter depth: The depth of the table or array that contains the value.
    mutating func writeFieldValue(_ value: AMQPFieldValue, depth: Int) throws(AMQPWireError) {
        switch value {
        case .boolean(let flag):
            writeOctet(UInt8(ascii: "t"))
            writeOctet(flag ? 1 : 0)
        case .int8(let number):
            writeOctet(UInt8(ascii: "b"))
            writeOctet(UInt8(bitPattern: number))
        case .uint8(let number):
            writeOctet(UInt8(ascii: "B"))
            writeOctet(number)
        case .int16(let number):
            writeOctet(UInt8(ascii: "s"))
            writeShort(UInt16(bitPattern: number))
        case .uint16(let number):
            writeOctet(UInt8(ascii: "u"))
            writeShort(number)
        case .int32(let number):
            writeOctet(UInt8(ascii: "I"))
            writeLong(UInt32(bitPattern: number))
        case .uint32(let number):
            writeOctet(UInt8(ascii: "i"))
            writeLong(number)
        case .int64(let number):
            writeOctet(UInt8(ascii: "l"))
            writeLongLong(UInt64(bitPattern: number))
        case .float(let number):
            writeOctet(UInt8(ascii: "f"))
            writeLong(number.bitPattern)
        case .double(let number):
            writeOctet(UInt8(ascii: "d"))
            writeLongLong(number.bitPattern)
        case .decimal(let scale, let unscaled):
            writeOctet(UInt8(ascii: "D"))
            writeOctet(scale)
            writeLong(unscaled)
        case .longString(let bytes):
            writeOctet(UInt8(ascii: "S"))
            try writeLongString(bytes, field: "a long string field value")
        case .array(let values):
            writeOctet(UInt8(ascii: "A"))
            try writeFieldArray(values, depth: depth + 1)
        case .timestamp(let seconds):
            writeOctet(UInt8(ascii: "T"))
            writeLongLong(seconds)
        case .table(let table):
            writeOctet(UInt8(ascii: "F"))
            try writeFieldTable(table, depth: depth + 1)
        case .void:
            writeOctet(UInt8(ascii: "V"))
        case .byteArray(let bytes):
            writeOctet(UInt8(ascii: "x"))
            try writeLongString(bytes, field: "a byte array field value")
        }
    }
}

extension AMQPFieldTable {
    /// Decodes a field table, including its 32-bit length prefix, from `bytes`.
    ///
    /// Use it for tables stored or sent outside a method, such as recorded headers.
    ///
    /// - Throws: ``AMQPWireError/Code/truncated`` when the bytes end early,
    ///   ``AMQPWireError/Code/trailingBytes`` when bytes follow the table,
    ///   ``AMQPWireError/Code/invalidFieldValue`` for an unknown type tag or a key that is
    ///   not UTF-8, ``AMQPWireError/Code/nestingTooDeep`` past ``maximumNestingDepth``.
    public static func decode(_ bytes: ArraySlice<UInt8>) throws(AMQPWireError) -> AMQPFieldTable {
        var reader = ByteReader(bytes)
        let table = try reader.readFieldTable()
        try reader.expectEnd("field table")
        return table
    }

    /// Appends the table, with its 32-bit length prefix, to `buffer`.
    ///
    /// On error `buffer` is left as it was.
    ///
    /// - Throws: ``AMQPWireError/Code/shortStringTooLong`` for a key over 255 UTF-8 bytes,
    ///   ``AMQPWireError/Code/nestingTooDeep`` past ``maximumNestingDepth``.
    public func encode(into buffer: inout [UInt8]) throws(AMQPWireError) {
        try ByteWriter.withWriter(appendingTo: &buffer) { (writer: inout ByteWriter) throws(AMQPWireError) in
            try writer.writeFieldTable(self)
        }
    }
}
