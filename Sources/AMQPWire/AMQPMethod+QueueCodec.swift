extension AMQPMethod.Queue {
    /// Decodes the arguments of queue method `methodID`, or returns `nil` for an unknown
    /// method id. The reserved `ticket` field is read and ignored.
    static func decode(methodID: UInt16, from reader: inout ByteReader) throws(AMQPWireError) -> Self? {
        switch methodID {
        case 10:
            _ = try reader.readShort()  // reserved ticket
            let queue = try reader.readShortString()
            let bits = try reader.readOctet()
            let arguments = try reader.readFieldTable()
            return .declare(Declare(
                queue: queue,
                passive: bits.isBitSet(0),
                durable: bits.isBitSet(1),
                exclusive: bits.isBitSet(2),
                autoDelete: bits.isBitSet(3),
                noWait: bits.isBitSet(4),
                arguments: arguments
            ))
        case 11:
            let queue = try reader.readShortString()
            let messageCount = try reader.readLong()
            let consumerCount = try reader.readLong()
            return .declareOk(DeclareOk(queue: queue, messageCount: messageCount, consumerCount: consumerCount))
        case 20:
            _ = try reader.readShort()  // reserved ticket
            let queue = try reader.readShortString()
            let exchange = try reader.readShortString()
            let routingKey = try reader.readShortString()
            let bits = try reader.readOctet()
            let arguments = try reader.readFieldTable()
            return .bind(Bind(queue: queue, exchange: exchange, routingKey: routingKey, noWait: bits.isBitSet(0), arguments: arguments))
        case 21:
            return .bindOk
        case 30:
            _ = try reader.readShort()  // reserved ticket
            let queue = try reader.readShortString()
            let bits = try reader.readOctet()
            return .purge(queue: queue, noWait: bits.isBitSet(0))
        case 31:
            return .purgeOk(messageCount: try reader.readLong())
        case 40:
            _ = try reader.readShort()  // reserved ticket
            let queue = try reader.readShortString()
            let bits = try reader.readOctet()
            return .delete(Delete(queue: queue, ifUnused: bits.isBitSet(0), ifEmpty: bits.isBitSet(1), noWait: bits.isBitSet(2)))
        case 41:
            return .deleteOk(messageCount: try reader.readLong())
        case 50:
            // queue.unbind has no nowait bit: the arguments table follows the routing key.
            _ = try reader.readShort()  // reserved ticket
            let queue = try reader.readShortString()
            let exchange = try reader.readShortString()
            let routingKey = try reader.readShortString()
            let arguments = try reader.readFieldTable()
            return .unbind(Bind(queue: queue, exchange: exchange, routingKey: routingKey, arguments: arguments))
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
            try writer.writeShortString(declare.queue, field: "queue")
            writer.writeBits(declare.passive, declare.durable, declare.exclusive, declare.autoDelete, declare.noWait)
            try writer.writeFieldTable(declare.arguments)
        case .declareOk(let declareOk):
            try writer.writeShortString(declareOk.queue, field: "queue")
            writer.writeLong(declareOk.messageCount)
            writer.writeLong(declareOk.consumerCount)
        case .bind(let bind):
            try bind.writeNames(to: &writer)
            writer.writeBits(bind.noWait)
            try writer.writeFieldTable(bind.arguments)
        case .purge(let queue, let noWait):
            writer.writeShort(0)  // reserved ticket
            try writer.writeShortString(queue, field: "queue")
            writer.writeBits(noWait)
        case .purgeOk(let messageCount), .deleteOk(let messageCount):
            writer.writeLong(messageCount)
        case .delete(let delete):
            writer.writeShort(0)  // reserved ticket
            try writer.writeShortString(delete.queue, field: "queue")
            writer.writeBits(delete.ifUnused, delete.ifEmpty, delete.noWait)
        case .unbind(let bind):
            try bind.writeNames(to: &writer)
            try writer.writeFieldTable(bind.arguments)
        case .bindOk, .unbindOk:
            break
        }
    }
}

extension AMQPMethod.Queue.Bind {
    /// Writes the ticket, queue, exchange and routing key that `queue.bind` and
    /// `queue.unbind` start with.
    func writeNames(to writer: inout ByteWriter) throws(AMQPWireError) {
        writer.writeShort(0)  // reserved ticket
        try writer.writeShortString(queue, field: "queue")
        try writer.writeShortString(exchange, field: "exchange")
        try writer.writeShortString(routingKey, field: "routing-key")
    }
}
