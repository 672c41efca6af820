extension AMQPMethod.Confirm {
    /// Decodes the arguments of confirm method `methodID`, or returns `nil` for an unknown
    /// method id.
    static func decode(methodID: UInt16, from reader: inout ByteReader) throws(AMQPWireError) -> Self? {
        switch methodID {
        case 10: .select(noWait: try reader.readOctet().isBitSet(0))
        case 11: .selectOk
        default: nil
        }
    }

    func writeArguments(to writer: inout ByteWriter) {
        switch self {
        case .select(let noWait): writer.writeBits(noWait)
        case .selectOk: break
        }
    }
}
