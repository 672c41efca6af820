// Content header payloads (AMQP 0-9-1 section 4.2.6.1): class id, weight, body size,
// property flags, then the properties whose flag is set, in flag order.

/// The property flag bits of the `basic` class, highest bit first in field order.
/// Bit 0 would announce another flags word; `basic` has only 14 properties, so bits 1 and 0
/// stay clear.
private enum BasicPropertyFlag {
    static let contentType: UInt16 = 1 << 15
    static let contentEncoding: UInt16 = 1 << 14
    static let headers: UInt16 = 1 << 13
    static let deliveryMode: UInt16 = 1 << 12
    static let priority: UInt16 = 1 << 11
    static let correlationID: UInt16 = 1 << 10
    static let replyTo: UInt16 = 1 << 9
    static let expiration: UInt16 = 1 << 8
    static let messageID: UInt16 = 1 << 7
    static let timestamp: UInt16 = 1 << 6
    static let type: UInt16 = 1 << 5
    static let userID: UInt16 = 1 << 4
    static let appID: UInt16 = 1 << 3
    static let clusterID: UInt16 = 1 << 2
    /// Bits 1 and 0, which no `basic` property uses.
    static let unused: UInt16 = 0b11
}

extension AMQPContentHeader {
    /// The class id of `basic`, the only content class in AMQP 0-9-1 as RabbitMQ uses it.
    static let basicClassID: UInt16 = 60

    /// Decodes a content header frame payload.
    ///
    /// - Parameter payload: Exactly the frame's payload; every byte must be consumed.
    /// - Throws: ``AMQPWireError/Code/invalidContentHeader`` for a class other than `basic`
    ///   (60) or a set flag bit 1 or 0 (bit 0 would announce a continuation flags word),
    ///   ``AMQPWireError/Code/trailingBytes`` when bytes are left over.
    public static func decode(payload: ArraySlice<UInt8>) throws(AMQPWireError) -> AMQPContentHeader {
        var reader = ByteReader(payload)
        let classID = try reader.readShort()
        guard classID == basicClassID else {
            throw reader.error(.invalidContentHeader, "content header has class id \(classID); only basic (60) carries content")
        }
        let weight = try reader.readShort()
        let bodySize = try reader.readLongLong()
        let flags = try reader.readShort()
        guard flags & BasicPropertyFlag.unused == 0 else {
            throw reader.error(
                .invalidContentHeader,
                "content header property flags \(flags) set bit 1 or 0, but basic has only 14 properties"
            )
        }
        let properties = try AMQPBasicProperties.read(flags: flags, from: &reader)
        try reader.expectEnd("content header")
        return AMQPContentHeader(classID: classID, weight: weight, bodySize: bodySize, properties: properties)
    }

    /// Appends the content header frame payload to `buffer`.
    ///
    /// On error `buffer` is left as it was.
    ///
    /// - Throws: ``AMQPWireError/Code/shortStringTooLong`` for a property over 255 UTF-8
    ///   bytes, ``AMQPWireError/Code/nestingTooDeep`` for headers nested too deeply.
    public func encode(into buffer: inout [UInt8]) throws(AMQPWireError) {
        try ByteWriter.withWriter(appendingTo: &buffer) { (writer: inout ByteWriter) throws(AMQPWireError) in
            try write(to: &writer)
        }
    }

    func write(to writer: inout ByteWriter) throws(AMQPWireError) {
        writer.writeShort(classID)
        writer.writeShort(weight)
        writer.writeLongLong(bodySize)
        try properties.write(to: &writer)
    }
}

extension AMQPBasicProperties {
    /// The property flags word: one bit per property that is set.
    var propertyFlags: UInt16 {
        var flags: UInt16 = 0
        if contentType != nil { flags |= BasicPropertyFlag.contentType }
        if contentEncoding != nil { flags |= BasicPropertyFlag.contentEncoding }
        if headers != nil { flags |= BasicPropertyFlag.headers }
        if deliveryMode != nil { flags |= BasicPropertyFlag.deliveryMode }
        if priority != nil { flags |= BasicPropertyFlag.priority }
        if correlationID != nil { flags |= BasicPropertyFlag.correlationID }
        if replyTo != nil { flags |= BasicPropertyFlag.replyTo }
        if expiration != nil { flags |= BasicPropertyFlag.expiration }
        if messageID != nil { flags |= BasicPropertyFlag.messageID }
        if timestamp != nil { flags |= BasicPropertyFlag.timestamp }
        if type != nil { flags |= BasicPropertyFlag.type }
        if userID != nil { flags |= BasicPropertyFlag.userID }
        if appID != nil { flags |= BasicPropertyFlag.appID }
        if clusterID != nil { flags |= BasicPropertyFlag.clusterID }
        return flags
    }

    /// Reads the properties whose bit is set in `flags`, in flag order.
    static func read(flags: UInt16, from reader: inout ByteReader) throws(AMQPWireError) -> Self {
        func isSet(_ flag: UInt16) -> Bool { flags & flag != 0 }

        var properties = AMQPBasicProperties()
        if isSet(BasicPropertyFlag.contentType) { properties.contentType = try reader.readShortString() }
        if isSet(BasicPropertyFlag.contentEncoding) { properties.contentEncoding = try reader.readShortString() }
        if isSet(BasicPropertyFlag.headers) { properties.headers = try reader.readFieldTable() }
        if isSet(BasicPropertyFlag.deliveryMode) { properties.deliveryMode = try reader.readOctet() }
        if isSet(BasicPropertyFlag.priority) { properties.priority = try reader.readOctet() }
        if isSet(BasicPropertyFlag.correlationID) { properties.correlationID = try reader.readShortString() }
        if isSet(BasicPropertyFlag.replyTo) { properties.replyTo = try reader.readShortString() }
        if isSet(BasicPropertyFlag.expiration) { properties.expiration = try reader.readShortString() }
        if isSet(BasicPropertyFlag.messageID) { properties.messageID = try reader.readShortString() }
        if isSet(BasicPropertyFlag.timestamp) { properties.timestamp = try reader.readLongLong() }
        if isSet(BasicPropertyFlag.type) { properties.type = try reader.readShortString() }
        if isSet(BasicPropertyFlag.userID) { properties.userID = try reader.readShortString() }
        if isSet(BasicPropertyFlag.appID) { properties.appID = try reader.readShortString() }
        if isSet(BasicPropertyFlag.clusterID) { properties.clusterID = try reader.readShortString() }
        return properties
    }

    /// Writes the property flags, then each property that is set.
    func write(to writer: inout ByteWriter) throws(AMQPWireError) {
        writer.writeShort(propertyFlags)
        if let contentType { try writer.writeShortString(contentType, field: "content-type") }
        if let contentEncoding { try writer.writeShortString(contentEncoding, field: "content-encoding") }
        if let headers { try writer.writeFieldTable(headers) }
        if let deliveryMode { writer.writeOctet(deliveryMode) }
        if let priority { writer.writeOctet(priority) }
        if let correlationID { try writer.writeShortString(correlationID, field: "correlation-id") }
        if let replyTo { try writer.writeShortString(replyTo, field: "reply-to") }
        if let expiration { try writer.writeShortString(expiration, field: "expiration") }
        if let messageID { try writer.writeShortString(messageID, field: "message-id") }
        if let timestamp { writer.writeLongLong(timestamp) }
        if let type { try writer.writeShortString(type, field: "type") }
        if let userID { try writer.writeShortString(userID, field: "user-id") }
        if let appID { try writer.writeShortString(appID, field: "app-id") }
        if let clusterID { try writer.writeShortString(clusterID, field: "cluster-id") }
    }
}
