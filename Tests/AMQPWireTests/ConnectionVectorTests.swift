import AMQPWire
import Testing

/// Byte vectors for the `connection` class (class id 10, 0x000A), written by hand from the
/// AMQP 0-9-1 specification. All connection methods travel on channel 0.
@Suite("Connection method vectors")
struct ConnectionVectorTests {
    @Test func protocolHeader() {
        // "AMQP", then protocol id 0, major 0, minor 9, revision 1.
        #expect(AMQPConstants.protocolHeader == hex(#""AMQP" 00 00 09 01"#))
    }

    @Test func start() throws {
        let serverProperties: AMQPFieldTable = [
            "capabilities": .table([
                "publisher_confirms": .boolean(true),
                "exchange_exchange_bindings": .boolean(true),
                "basic.nack": .boolean(true),
                "consumer_cancel_notify": .boolean(true),
                "connection.blocked": .boolean(true),
            ]),
            "cluster_name": .string("rabbit@broker"),
            "platform": .string("Erlang/OTP 26.2.1"),
            "product": .string("RabbitMQ"),
            "version": .string("3.13.0"),
        ]
        let method = AMQPMethod.connection(.start(.init(
            serverProperties: serverProperties,
            mechanisms: Array("AMQPLAIN PLAIN".utf8),
            locales: Array("en_US".utf8)
        )))
        let bytes = hex(
            #"""
            01                          // frame type: method
            0000                        // channel 0
            0000010A                    // payload size: 266
            000A 000A                   // class connection (10), method start (10)
            00 09                       // version-major 0, version-minor 9
            000000E5                    // server-properties: a table of 229 bytes
              0C "capabilities" 46      //   key (12 bytes), tag F: table
              0000006D                  //   nested table of 109 bytes
                12 "publisher_confirms" 74 01            // key (18), tag t, true
                1A "exchange_exchange_bindings" 74 01    // key (26), tag t, true
                0A "basic.nack" 74 01                    // key (10), tag t, true
                16 "consumer_cancel_notify" 74 01        // key (22), tag t, true
                12 "connection.blocked" 74 01            // key (18), tag t, true
              0C "cluster_name" 53      //   key (12), tag S: long string
              0000000D "rabbit@broker"  //   13 bytes
              08 "platform" 53          //   key (8), tag S
              00000011 "Erlang/OTP 26.2.1" // 17 bytes
              07 "product" 53           //   key (7), tag S
              00000008 "RabbitMQ"       //   8 bytes
              07 "version" 53           //   key (7), tag S
              00000006 "3.13.0"         //   6 bytes
            0000000E "AMQPLAIN PLAIN"   // mechanisms: long string of 14 bytes
            00000005 "en_US"            // locales: long string of 5 bytes
            CE                          // frame end
            """#
        )
        try expectVector(.method(channel: 0, method), bytes)
    }

    @Test func startOk() throws {
        let method = AMQPMethod.connection(.startOk(.init(
            clientProperties: [
                "product": .string("Bloodbank"),
                "capabilities": .table(["consumer_cancel_notify": .boolean(true)]),
            ],
            mechanism: "PLAIN",
            response: Array("\0guest\0guest".utf8),
            locale: "en_US"
        )))
        let bytes = hex(
            #"""
            01 0000 00000065            // method frame, channel 0, payload size 101
            000A 000B                   // connection.start-ok (10, 11)
            00000041                    // client-properties: a table of 65 bytes
              07 "product" 53           //   key (7), tag S
              00000009 "Bloodbank"      //   9 bytes
              0C "capabilities" 46      //   key (12), tag F
              00000019                  //   nested table of 25 bytes
                16 "consumer_cancel_notify" 74 01  // key (22), tag t, true
            05 "PLAIN"                  // mechanism: short string
            0000000C 00 "guest" 00 "guest" // response: long string, NUL user NUL password
            05 "en_US"                  // locale: short string
            CE
            """#
        )
        try expectVector(.method(channel: 0, method), bytes)
    }

    @Test func tune() throws {
        let method = AMQPMethod.connection(.tune(.init(channelMax: 2047, frameMax: 131_072, heartbeat: 60)))
        let bytes = hex(
            """
            01 0000 0000000C    // method frame, channel 0, payload size 12
            000A 001E           // connection.tune (10, 30)
            07FF                // channel-max 2047
            00020000            // frame-max 131072
            003C                // heartbeat 60 seconds
            CE
            """
        )
        try expectVector(.method(channel: 0, method), bytes)
    }

    @Test func tuneOk() throws {
        let method = AMQPMethod.connection(.tuneOk(.init(channelMax: 2047, frameMax: 131_072, heartbeat: 60)))
        let bytes = hex(
            """
            01 0000 0000000C    // method frame, channel 0, payload size 12
            000A 001F           // connection.tune-ok (10, 31)
            07FF 00020000 003C  // channel-max 2047, frame-max 131072, heartbeat 60
            CE
            """
        )
        try expectVector(.method(channel: 0, method), bytes)
    }

    @Test func open() throws {
        let method = AMQPMethod.connection(.open(.init(virtualHost: "/")))
        let bytes = hex(
            """
            01 0000 00000008    // method frame, channel 0, payload size 8
            000A 0028           // connection.open (10, 40)
            01 "/"              // virtual-host: short string "/"
            00                  // reserved capabilities: empty short string
            00                  // reserved insist bit: clear
            CE
            """
        )
        try expectVector(.method(channel: 0, method), bytes)
    }

    @Test func openOk() throws {
        let bytes = hex(
            """
            01 0000 00000005    // method frame, channel 0, payload size 5
            000A 0029           // connection.open-ok (10, 41)
            00                  // reserved known-hosts: empty short string
            CE
            """
        )
        try expectVector(.method(channel: 0, .connection(.openOk)), bytes)
    }

    @Test func close() throws {
        let method = AMQPMethod.connection(.close(.init(replyCode: 200, replyText: "Goodbye")))
        let bytes = hex(
            """
            01 0000 00000012    // method frame, channel 0, payload size 18
            000A 0032           // connection.close (10, 50)
            00C8                // reply-code 200
            07 "Goodbye"        // reply-text: short string
            0000 0000           // class-id 0, method-id 0
            CE
            """
        )
        try expectVector(.method(channel: 0, method), bytes)
    }

    @Test func closeOk() throws {
        let bytes = hex(
            """
            01 0000 00000004    // method frame, channel 0, payload size 4
            000A 0033           // connection.close-ok (10, 51)
            CE
            """
        )
        try expectVector(.method(channel: 0, .connection(.closeOk)), bytes)
    }

    @Test func blocked() throws {
        let bytes = hex(
            """
            01 0000 00000012    // method frame, channel 0, payload size 18
            000A 003C           // connection.blocked (10, 60)
            0D "low on memory"  // reason: short string of 13 bytes
            CE
            """
        )
        try expectVector(.method(channel: 0, .connection(.blocked(reason: "low on memory"))), bytes)
    }

    @Test func unblocked() throws {
        let bytes = hex(
            """
            01 0000 00000004    // method frame, channel 0, payload size 4
            000A 003D           // connection.unblocked (10, 61)
            CE
            """
        )
        try expectVector(.method(channel: 0, .connection(.unblocked)), bytes)
    }

    @Test func openIgnoresReservedFields() throws {
        // A server-side view: a peer that fills the reserved fields still decodes.
        let bytes = hex(
            """
            01 0000 00000009    // method frame, channel 0, payload size 9
            000A 0028           // connection.open
            01 "/"              // virtual-host "/"
            01 "x"              // reserved capabilities, not empty
            01                  // reserved insist bit set
            CE
            """
        )
        #expect(try decodeFrames(bytes) == [.method(channel: 0, .connection(.open(.init(virtualHost: "/"))))])
    }
}
