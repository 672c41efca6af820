extension AMQPMethod.Basic {
    /// Decodes the arguments of basic method `methodID`, or returns `nil` for an unknown
    /// method id. Reserved fields (`ticket`, and `cluster-id` of `get-empty`) are read and
    /// ignored.
    static func decode(methodID: UInt16, from reader: inout ByteReader) throws(AMQPWireError) -> Self? {
        switch methodID {
        case 10:
            let prefetchSize = try reader.readLong()
            let prefetchCount = try reader.readShort()
            let bits = try reader.readOctet()
            return .qos(prefetchSize: prefetchSize, prefetchCount: prefetchCount, global: bits.isBitSet(0))
        case 11:
            return .qosOk
        case 20:
            _ = try reader.readShort()  // reserved ticket
            let queue = try reader.readShortString()
            let consumerTag = try reader.readShortString()
            let bits = try reader.readOctet()
            let arguments = try reader.readFieldTable()
            return .consume(Consume(
                queue: queue,
                consumerTag: consumerTag,
                noLocal: bits.isBitSet(0),
                noAck: bits.isBitSet(1),
                exclusive: bits.isBitSet(2),
                noWait: bits.isBitSet(3),
                arguments: arguments
            ))
        case 21:
            return .consumeOk(consumerTag: try reader.readShortString())
        case 30:
            let consumerTag = try reader.readShortString()
            let bits = try reader.readOctet()
            return .cancel(consumerTag: consumerTag, noWait: bits.isBitSet(0))
        case 31:
            return .cancelOk(consumerTag: try reader.readShortString())
        case 40:
            _ = try reader.readShort()  // reserved ticket
            let exchange = try reader.readShortString()
            let routingKey = try reader.readShortString()
            let bits = try reader.readOctet()
            return .publish(Publish(exchange: exchange, routingKey: routingKey, mandatory: bits.isBitSet(0), immediate: bits.isBitSet(1)))
        case 50:
            let replyCode = try reader.readShort()
            let replyText = try reader.readShortString()
            let exchange = try reader.readShortString()
            let routingKey = try reader.readShortString()
            return .return(Return(replyCode: replyCode, replyText: replyText, exchange: exchange, routingKey: routingKey))
        case 60:
            let consumerTag = try reader.readShortString()
            let deliveryTag = try reader.readLongLong()
            let bits = try reader.readOctet()
            let exchange = try reader.readShortString()
            let routingKey = try reader.readShortString()
            return .deliver(Deliver(
                consumerTag: consumerTag,
                deliveryTag: deliveryTag,
                redelivered: bits.isBitSet(0),
                exchange: exchange,
                routingKey: routingKey
            ))
        case 70:
            _ = try reader.readShort()  // reserved ticket
            let queue = try reader.readShortString()
            let bits = try reader.readOctet()
            return .get(queue: queue, noAck: bits.isBitSet(0))
        case 71:
            let deliveryTag = try reader.readLongLong()
            let bits = try reader.readOctet()
            let exchange = try reader.readShortString()
            let routingKey = try reader.readShortString()
            let messageCount = try reader.readLong()
            return .getOk(GetOk(
                deliveryTag: deliveryTag,
                redelivered: bits.isBitSet(0),
                exchange: exchange,
                routingKey: routingKey,
                messageCount: messageCount
            ))
        case 72:
            _ = try reader.readShortString()  // reserved cluster-id
            return .getEmpty
        case 80:
            let deliveryTag = try reader.readLongLong()
            let bits = try reader.readOctet()
            return .ack(deliveryTag: deliveryTag, multiple: bits.isBitSet(0))
        case 90:
            let deliveryTag = try reader.readLongLong()
            let bits = try reader.readOctet()
            return .reject(deliveryTag: deliveryTag, requeue: bits.isBitSet(0))
        case 100:
            return .recoverAsync(requeue: try reader.readOctet().isBitSet(0))
        case 110:
            return .recover(requeue: try reader.readOctet().isBitSet(0))
        case 111:
            return .recoverOk
        case 120:
            let deliveryTag = try reader.readLongLong()
            let bits = try reader.readOctet()
            return .nack(deliveryTag: deliveryTag, multiple: bits.isBitSet(0), requeue: bits.isBitSet(1))
        default:
            return nil
        }
    }

    /// Writes the arguments, with the reserved `ticket` as 0 and `cluster-id` empty.
    func writeArguments(to writer: inout ByteWriter) throws(AMQPWireError) {
        switch self {
        case .qos(let prefetchSize, let prefetchCount, let global):
            writer.writeLong(prefetchSize)
            writer.writeShort(prefetchCount)
            writer.writeBits(global)
        case .consume(let consume):
            writer.writeShort(0)  // reserved ticket
            try writer.writeShortString(consume.queue, field: "queue")
            try writer.writeShortString(consume.consumerTag, field: "consumer-tag")
            writer.writeBits(consume.noLocal, consume.noAck, consume.exclusive, consume.noWait)
            try writer.writeFieldTable(consume.arguments)
        case .consumeOk(let consumerTag), .cancelOk(let consumerTag):
            try writer.writeShortString(consumerTag, field: "consumer-tag")
        case .cancel(let consumerTag, let noWait):
            try writer.writeShortString(consumerTag, field: "consumer-tag")
            writer.writeBits(noWait)
        case .publish(let publish):
            try publish.write(to: &writer)
        case .return(let returned):
            writer.writeShort(returned.replyCode)
            try writer.writeShortString(returned.replyText, field: "reply-text")
            try writer.writeShortString(returned.exchange, field: "exchange")
            try writer.writeShortString(returned.routingKey, field: "routing-key")
        case .deliver(let deliver):
            try writer.writeShortString(deliver.consumerTag, field: "consumer-tag")
            writer.writeLongLong(deliver.deliveryTag)
            writer.writeBits(deliver.redelivered)
            try writer.writeShortString(deliver.exchange, field: "exchange")
            try writer.writeShortString(deliver.routingKey, field: "routing-key")
        case .get(let queue, let noAck):
            writer.writeShort(0)  // reserved ticket
            try writer.writeShortString(queue, field: "queue")
            writer.writeBits(noAck)
        case .getOk(let getOk):
            writer.writeLongLong(getOk.deliveryTag)
            writer.writeBits(getOk.redelivered)
            try writer.writeShortString(getOk.exchange, field: "exchange")
            try writer.writeShortString(getOk.routingKey, field: "routing-key")
            writer.writeLong(getOk.messageCount)
        case .getEmpty:
            writer.writeOctet(0)  // reserved cluster-id: an empty short string
        case .ack(let deliveryTag, let flag), .reject(let deliveryTag, let flag):
            writer.writeLongLong(deliveryTag)
            writer.writeBits(flag)
        case .recoverAsync(let requeue), .recover(let requeue):
            writer.writeBits(requeue)
        case .nack(let deliveryTag, let multiple, let requeue):
            writer.writeLongLong(deliveryTag)
            writer.writeBits(multiple, requeue)
        case .qosOk, .recoverOk:
            break
        }
    }
}

extension AMQPMethod.Basic.Publish {
    /// Writes the arguments of `basic.publish`, with the reserved `ticket` as 0.
    func write(to writer: inout ByteWriter) throws(AMQPWireError) {
        writer.writeShort(0)  // reserved ticket
        try writer.writeShortString(exchange, field: "exchange")
        try writer.writeShortString(routingKey, field: "routing-key")
        writer.writeBits(mandatory, immediate)
    }
}
