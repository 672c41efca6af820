import AMQPWire
import Testing

/// Byte vectors for the `channel` class (class id 20, 0x0014), written by hand from the
/// AMQP 0-9-1 specification.
@Suite("Channel method vectors")
struct ChannelVectorTests {
    @Test func open() throws {
        let bytes = hex(
            """
            01 0001 00000005    // method frame, channel 1, payload size 5
            0014 000A           // channel.open (20, 10)
            00                  // reserved out-of-band: empty short string
            CE
            """
        )
        try expectVector(.method(channel: 1, .channel(.open)), bytes)
    }

    @Test func openOk() throws {
        let bytes = hex(
            """
            01 0001 00000008    // method frame, channel 1, payload size 8
            0014 000B           // channel.open-ok (20, 11)
            00000000            // reserved channel-id: empty long string
            CE
            """
        )
        try expectVector(.method(channel: 1, .channel(.openOk)), bytes)
    }

    @Test func openOkIgnoresChannelID() throws {
        let bytes = hex(
            """
            01 0001 0000000A    // method frame, channel 1, payload size 10
            0014 000B           // channel.open-ok
            00000002 "c1"       // reserved channel-id: a long string of 2 bytes
            CE
            """
        )
        #expect(try decodeFrames(bytes) == [.method(channel: 1, .channel(.openOk))])
    }

    @Test func close() throws {
        let method = AMQPMethod.channel(.close(.init(replyCode: 404, replyText: "NOT_FOUND", classID: 50, methodID: 10)))
        let bytes = hex(
            """
            01 0001 00000014    // method frame, channel 1, payload size 20
            0014 0028           // channel.close (20, 40)
            0194                // reply-code 404
            09 "NOT_FOUND"      // reply-text: short string
            0032 000A           // caused by class 50 (queue), method 10 (declare)
            CE
            """
        )
        try expectVector(.method(channel: 1, method), bytes)
    }

    @Test func closeOk() throws {
        let bytes = hex(
            """
            01 0001 00000004    // method frame, channel 1, payload size 4
            0014 0029           // channel.close-ok (20, 41)
            CE
            """
        )
        try expectVector(.method(channel: 1, .channel(.closeOk)), bytes)
    }

    @Test func flow() throws {
        let bytes = hex(
            """
            01 0001 00000005    // method frame, channel 1, payload size 5
            0014 0014           // channel.flow (20, 20)
            01                  // active bit set
            CE
            """
        )
        try expectVector(.method(channel: 1, .channel(.flow(active: true))), bytes)
    }

    @Test func flowOk() throws {
        let bytes = hex(
            """
            01 0001 00000005    // method frame, channel 1, payload size 5
            0014 0015           // channel.flow-ok (20, 21)
            00                  // active bit clear
            CE
            """
        )
        try expectVector(.method(channel: 1, .channel(.flowOk(active: false))), bytes)
    }
}

/// Byte vectors for the `confirm` class (class id 85, 0x0055), a RabbitMQ extension.
@Suite("Confirm method vectors")
struct ConfirmVectorTests {
    @Test func select() throws {
        let bytes = hex(
            """
            01 0001 00000005    // method frame, channel 1, payload size 5
            0055 000A           // confirm.select (85, 10)
            00                  // nowait bit clear
            CE
            """
        )
        try expectVector(.method(channel: 1, .confirm(.select(noWait: false))), bytes)
    }

    @Test func selectOk() throws {
        let bytes = hex(
            """
            01 0001 00000004    // method frame, channel 1, payload size 4
            0055 000B           // confirm.select-ok (85, 11)
            CE
            """
        )
        try expectVector(.method(channel: 1, .confirm(.selectOk)), bytes)
    }
}
