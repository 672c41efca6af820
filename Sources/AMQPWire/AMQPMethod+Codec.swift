// Method frame payloads (AMQP 0-9-1 section 4.2.4): a class id, a method id, then the
// method's arguments in the order the specification lists them.

extension AMQPMethod {
    /// Decodes a whole method frame payload: class id, method id and arguments.
    ///
    /// - Parameter payload: Exactly the frame's payload; every byte must belong to the method.
    /// - Throws: ``AMQPWireError/Code/unknownMethod`` for a class and method pair outside the
    ///   six supported classes, ``AMQPWireError/Code/trailingBytes`` when bytes are left over,
    ///   and the other codes for malformed arguments.
    public static func decode(payload: ArraySlice<UInt8>) throws(AMQPWireError) -> AMQPMethod {
        var reader = ByteReader(payload)
        let classID = try reader.readShort()
        let methodID = try reader.readShort()
        return try decodeArguments(classID: classID, methodID: methodID, from: &reader)
    }

    /// Decodes a method from its class id, method id and argument bytes, when the caller has
    /// already read the two ids.
    ///
    /// - Parameter arguments: Exactly the argument bytes; every byte must be consumed.
    public static func decode(classID: UInt16, methodID: UInt16, arguments: ArraySlice<UInt8>) throws(AMQPWireError) -> AMQPMethod {
        var reader = ByteReader(arguments)
        return try decodeArguments(classID: classID, methodID: methodID, from: &reader)
    }

    private static func decodeArguments(
        classID: UInt16,
        methodID: UInt16,
        from reader: inout ByteReader
    ) throws(AMQPWireError) -> AMQPMethod {
        let method: AMQPMethod?
        switch classID {
        case 10: method = try Connection.decode(methodID: methodID, from: &reader).map(AMQPMethod.connection)
        case 20: method = try Channel.decode(methodID: methodID, from: &reader).map(AMQPMethod.channel)
        case 40: method = try Exchange.decode(methodID: methodID, from: &reader).map(AMQPMethod.exchange)
        case 50: method = try Queue.decode(methodID: methodID, from: &reader).map(AMQPMethod.queue)
        case 60: method = try Basic.decode(methodID: methodID, from: &reader).map(AMQPMethod.basic)
        case 85: method = try Confirm.decode(methodID: methodID, from: &reader).map(AMQPMethod.confirm)
        default: method = nil
        }
        guard let method else {
            throw AMQPWireError(
                code: .unknownMethod,
                message: "class \(classID) method \(methodID) is not a method this codec supports",
                offendingBytes: [
                    UInt8(truncatingIfNeeded: classID >> 8), UInt8(truncatingIfNeeded: classID),
                    UInt8(truncatingIfNeeded: methodID >> 8), UInt8(truncatingIfNeeded: methodID),
                ]
            )
        }
        try reader.expectEnd("method \(method.name)")
        return method
    }

    /// Appends the method frame payload (class id, method id, arguments) to `buffer`.
    ///
    /// On error `buffer` is left as it was.
    ///
    /// - Throws: ``AMQPWireError/Code/shortStringTooLong`` for a name over 255 UTF-8 bytes,
    ///   ``AMQPWireError/Code/nestingTooDeep`` for an argument table nested too deeply.
    public func encode(into buffer: inout [UInt8]) throws(AMQPWireError) {
        try ByteWriter.withWriter(appendingTo: &buffer) { (writer: inout ByteWriter) throws(AMQPWireError) in
            try write(to: &writer)
        }
    }

    /// Writes the class id, method id and arguments.
    func write(to writer: inout ByteWriter) throws(AMQPWireError) {
        writer.writeShort(classID)
        writer.writeShort(methodID)
        switch self {
        case .connection(let method): try method.writeArguments(to: &writer)
        case .channel(let method): try method.writeArguments(to: &writer)
        case .exchange(let method): try method.writeArguments(to: &writer)
        case .queue(let method): try method.writeArguments(to: &writer)
        case .basic(let method): try method.writeArguments(to: &writer)
        case .confirm(let method): method.writeArguments(to: &writer)
        }
    }
}
