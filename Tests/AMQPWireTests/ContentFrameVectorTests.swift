import AMQPWire
import Testing

/// Byte vectors for content header, body and heartbeat frames, written by hand from the
/// AMQP 0-9-1 specification (sections 4.2.6 and 4.2.7).
@Suite("Content and heartbeat frame vectors")
struct ContentFrameVectorTests {
    @Test func headerWithAllProperties() throws {
        let properties = AMQPBasicProperties(
            contentType: "application/json",
            contentEncoding: "utf-8",
            headers: ["retries": .int32(1)],
            deliveryMode: 2,
            priority: 5,
            correlationID: "corr-1",
            replyTo: "amq.rabbitmq.reply-to",
            expiration: "60000",
            messageID: "3f2c8a4e-9d1b-4c6e-8a7f-2b5d9e0c1a34",
            timestamp: 1_766_000_000,
            type: "agent.thread.prompt",
            userID: "guest",
            appID: "bloodbank",
            clusterID: "c1"
        )
        let header = AMQPContentHeader(bodySize: 27, properties: properties)
        let bytes = hex(
            """
            02 0001 000000AF            // header frame, channel 1, payload size 175
            003C                        // class basic (60)
            0000                        // weight 0
            000000000000001B            // body-size 27
            FFFC                        // property flags: bits 15 to 2 set, bit 0 clear
            10 "application/json"       // content-type (bit 15)
            05 "utf-8"                  // content-encoding (bit 14)
            0000000D                    // headers (bit 13): a table of 13 bytes
              07 "retries" 49 00000001  //   key (7), tag I: signed 32-bit 1
            02                          // delivery-mode (bit 12): persistent
            05                          // priority (bit 11)
            06 "corr-1"                 // correlation-id (bit 10)
            15 "amq.rabbitmq.reply-to"  // reply-to (bit 9)
            05 "60000"                  // expiration (bit 8)
            24 "3f2c8a4e-9d1b-4c6e-8a7f-2b5d9e0c1a34" // message-id (bit 7), 36 bytes
            0000000069430580            // timestamp (bit 6): 1766000000
            13 "agent.thread.prompt"    // type (bit 5)
            05 "guest"                  // user-id (bit 4)
            09 "bloodbank"              // app-id (bit 3)
            02 "c1"                     // cluster-id (bit 2)
            CE
            """
        )
        try expectVector(.header(channel: 1, header), bytes)
    }

    @Test func headerWithoutProperties() throws {
        let header = AMQPContentHeader(bodySize: 0, properties: AMQPBasicProperties())
        let bytes = hex(
            """
            02 0001 0000000E    // header frame, channel 1, payload size 14
            003C 0000           // class basic (60), weight 0
            0000000000000000    // body-size 0
            0000                // property flags: none set
            CE
            """
        )
        try expectVector(.header(channel: 1, header), bytes)
    }

    @Test func headerWithTwoProperties() throws {
        // Only the properties whose flag is set follow the flags word.
        let header = AMQPContentHeader(bodySize: 5, properties: .init(deliveryMode: 1, appID: "bb"))
        let bytes = hex(
            """
            02 0002 00000012    // header frame, channel 2, payload size 18
            003C 0000           // class basic, weight 0
            0000000000000005    // body-size 5
            1008                // property flags: bit 12 (delivery-mode), bit 3 (app-id)
            01                  // delivery-mode: transient
            02 "bb"             // app-id
            CE
            """
        )
        try expectVector(.header(channel: 2, header), bytes)
    }

    @Test func body() throws {
        let bytes = hex(
            """
            03 0001 00000002    // body frame, channel 1, payload size 2
            "{}"                // the body bytes
            CE
            """
        )
        try expectVector(.body(channel: 1, Array("{}".utf8)), bytes)
    }

    @Test func heartbeat() throws {
        let bytes = hex(
            """
            08 0000 00000000    // heartbeat frame, channel 0, no payload
            CE
            """
        )
        try expectVector(.heartbeat, bytes)
    }
}
