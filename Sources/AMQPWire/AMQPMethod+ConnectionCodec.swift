extension AMQPMethod.Connection {
    /// Decodes the arguments of connection method `methodID`, or returns `nil` for an
    /// unknown method id.
    static func decode(methodID: UInt16, from reader: inout ByteReader) throws(AMQPWireError) -> Self? {
        switch methodID {
        case 10:
            let versionMajor = try reader.readOctet()
            let versionMinor = try reader.readOctet()
            let serverProperties = try reader.readFieldTable()
            let mechanisms = try reader.readLongString()
            let locales = try reader.readLongString()
            return .start(Start(
                versionMajor: versionMajor,
                versionMinor: versionMinor,
                serverProperties: serverProperties,
                mechanisms: mechanisms,
                locales: locales
            ))
        case 11:
            let clientProperties = try reader.readFieldTable()
            let mechanism = try reader.readShortString()
            let response = try reader.readLongString()
            let locale = try reader.readShortString()
            return .startOk(StartOk(clientProperties: clientProperties, mechanism: mechanism, response: response, locale: locale))
        case 20:
            return .secure(challenge: try reader.readLongString())
        case 21:
            return .secureOk(response: try reader.readLongString())
        case 30:
            return .tune(try Tune.read(from: &reader))
        case 31:
            return .tuneOk(try Tune.read(from: &reader))
        case 40:
            let virtualHost = try reader.readShortString()
            _ = try reader.readShortString()  // reserved capabilities
            _ = try reader.readOctet()  // reserved insist bit
            return .open(Open(virtualHost: virtualHost))
        case 41:
            _ = try reader.readShortString()  // reserved known-hosts
            return .openOk
        case 50:
            return .close(try Close.read(from: &reader))
        case 51:
            return .closeOk
        case 60:
            return .blocked(reason: try reader.readShortString())
        case 61:
            return .unblocked
        case 70:
            let newSecret = try reader.readLongString()
            let reason = try reader.readShortString()
            return .updateSecret(newSecret: newSecret, reason: reason)
        case 71:
            return .updateSecretOk
        default:
            return nil
        }
    }

    /// Writes the arguments, with the reserved fields of `open` and `open-ok` empty.
    func writeArguments(to writer: inout ByteWriter) throws(AMQPWireError) {
        switch self {
        case .start(let start):
            writer.writeOctet(start.versionMajor)
            writer.writeOctet(start.versionMinor)
            try writer.writeFieldTable(start.serverProperties)
            try writer.writeLongString(start.mechanisms, field: "mechanisms")
            try writer.writeLongString(start.locales, field: "locales")
        case .startOk(let startOk):
            try writer.writeFieldTable(startOk.clientProperties)
            try writer.writeShortString(startOk.mechanism, field: "mechanism")
            try writer.writeLongString(startOk.response, field: "response")
            try writer.writeShortString(startOk.locale, field: "locale")
        case .secure(let challenge):
            try writer.writeLongString(challenge, field: "challenge")
        case .secureOk(let response):
            try writer.writeLongString(response, field: "response")
        case .tune(let tune), .tuneOk(let tune):
            tune.write(to: &writer)
        case .open(let open):
            try writer.writeShortString(open.virtualHost, field: "virtual-host")
            writer.writeOctet(0)  // reserved capabilities: an empty short string
            writer.writeBits(false)  // reserved insist
        case .openOk:
            writer.writeOctet(0)  // reserved known-hosts: an empty short string
        case .close(let close):
            try close.write(to: &writer)
        case .closeOk, .unblocked, .updateSecretOk:
            break
        case .blocked(let reason):
            try writer.writeShortString(reason, field: "reason")
        case .updateSecret(let newSecret, let reason):
            try writer.writeLongString(newSecret, field: "new-secret")
            try writer.writeShortString(reason, field: "reason")
        }
    }
}

extension AMQPMethod.Connection.Tune {
    static func read(from reader: inout ByteReader) throws(AMQPWireError) -> Self {
        let channelMax = try reader.readShort()
        let frameMax = try reader.readLong()
        let heartbeat = try reader.readShort()
        return Self(channelMax: channelMax, frameMax: frameMax, heartbeat: heartbeat)
    }

    func write(to writer: inout ByteWriter) {
        writer.writeShort(channelMax)
        writer.writeLong(frameMax)
        writer.writeShort(heartbeat)
    }
}

extension AMQPMethod.Connection.Close {
    /// Reads the fields shared by `connection.close` and `channel.close`.
    static func read(from reader: inout ByteReader) throws(AMQPWireError) -> Self {
        let replyCode = try reader.readShort()
        let replyText = try reader.readShortString()
        let classID = try reader.readShort()
        let methodID = try reader.readShort()
        return Self(replyCode: replyCode, replyText: replyText, classID: classID, methodID: methodID)
    }

    func write(to writer: inout ByteWriter) throws(AMQPWireError) {
        writer.writeShort(replyCode)
        try writer.writeShortString(replyText, field: "reply-text")
        writer.writeShort(classID)
        writer.writeShort(methodID)
    }
}
