extension AMQPMethod.Exchange {
    /// Decodes the arguments of exchange method `methodID`, or returns `nil` for an unknown
    /// method id. The reserved `ticket` field is read and ignored.
    static func decode(methodID: UInt16, from reader: inout ByteReader) throws(AMQPWireError) -> Self? {
        switch methodID {
        case 10:
            _ = try reader.readShort()  // reserved ticket
            let exchange = try reader.readShortString()
            let type = try reader.readShortString()
            let bits = try reader.readOctet()
            let arguments = try reader.readFieldTable()
            return .declare(Declare(
                exchange: exchange,
                type: type,
                passive: bits.isBitSet(0),
                durable: bits.isBitSet(1),
                autoDelete: bits.isBitSet(2),
                internal: bits.isBitSet(3),
                noWait: bits.isBitSet(4),
                arguments: arguments
            ))
        case 11:
            return .declareOk
        case 20:
            _ = try reader.readShort()  // reserved ticket
            let exchange = try reader.readShortString()
            let bits = try reader.readOctet()
            return .delete(exchange: exchange, ifUnused: bits.isBitSet(0), noWait: bits.isBitSet(1))
        case 21:
            return .deleteOk
        case 30:
            return .bind(try Bind.read(from: &reader))
        case 31:
            return .bindOk
        case 40:
            return .unbind(try Bind.read(from: &reader))
        case 51:
            return .unbindOk
        default:
            return nil
        }
    }

    /// Writes the arguments, with the reserved `ticket` field as 0.
    func writeArguments(to writer: inout ByteWriter) throws(AMQPWireError) {
        switch self {
        case .declare(let declare):
            writer.writeShort(0)  // reserved ticket
            try writer.writeShortString(declare.exchange, field: "exchange")
            try writer.writeShortString(declare.type, field: "type")
            writer.writeBits(declare.passive, declare.durable, declare.autoDelete, declare.internal, declare.noWait)
            try writer.writeFieldTable(declare.arguments)
        case .delete(let exchange, let ifUnused, let noWait):
            writer.writeShort(0)  // reserved ticket
            try writer.writeShortString(exchange, field: "exchange")
            writer.writeBits(ifUnused, noWait)
        case .bind(let bind), .unbind(let bind):
            try bind.write(to: &writer)
        case .declareOk, .deleteOk, .bindOk, .unbindOk:
            break
        }
    }
}

extension AMQPMethod.Exchange.Bind {
    /// Reads the arguments shared by `exchange.bind` and `exchange.unbind`.
    static func read(from reader: inout ByteReader) throws(AMQPWireError) -> Self {
        _ = try reader.readShort()  // reserved ticket
        let destination = try reader.readShortString()
        let source = try reader.readShortString()
        let routingKey = try reader.readShortString()
        let bits = try reader.readOctet()
        let arguments = try reader.readFieldTable()
        return Self(
            destination: destination,
            source: source,
            routingKey: routingKey,
            noWait: bits.isBitSet(0),
            arguments: arguments
        )
    }

    func write(to writer: inout ByteWriter) throws(AMQPWireError) {
        writer.writeShort(0)  // reserved ticket
        try writer.writeShortString(destination, field: "destination")
        try writer.writeShortString(source, field: "source")
        try writer.writeShortString(routingKey, field: "routing-key")
        writer.writeBits(noWait)
        try writer.writeFieldTable(arguments)
    }
}
