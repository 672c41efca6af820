extension AMQPMethod.Channel {
    /// Decodes the arguments of channel method `methodID`, or returns `nil` for an unknown
    /// method id.
    static func decode(methodID: UInt16, from reader: inout ByteReader) throws(AMQPWireError) -> Self? {
        switch methodID {
        case 10:
            _ = try reader.readShortString()  // reserved out-of-band
            return .open
        case 11:
            _ = try reader.readLongStringBytes()  // reserved channel-id
            return .openOk
        case 20:
            return .flow(active: try reader.readOctet().isBitSet(0))
        case 21:
            return .flowOk(active: try reader.readOctet().isBitSet(0))
        case 40:
            return .close(try AMQPMethod.Connection.Close.read(from: &reader))
        case 41:
            return .closeOk
        default:
            return nil
        }
    }

    /// Writes the arguments, with the reserved fields of `open` and `open-ok` empty.
    func writeArguments(to writer: inout ByteWriter) throws(AMQPWireError) {
        switch self {
        case .open:
            writer.writeOctet(0)  // reserved out-of-band: an empty short string
        case .openOk:
            writer.writeLong(0)  // reserved channel-id: an empty long string
        case .flow(let active), .flowOk(let active):
            writer.writeBits(active)
        case .close(let close):
            try close.write(to: &writer)
        case .closeOk:
            break
        }
    }
}
