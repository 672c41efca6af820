import AMQPWire
import Testing

/// Byte vectors for the `basic` class (class id 60, 0x003C), written by hand from the
/// AMQP 0-9-1 specification.
@Suite("Basic method vectors")
struct BasicVectorTests {
    @Test func qos() throws {
        let bytes = hex(
            """
            01 0001 0000000B    // method frame, channel 1, payload size 11
            003C 000A           // basic.qos (60, 10)
            00000000            // prefetch-size 0
            000A                // prefetch-count 10
            00                  // global bit clear
            CE
            """
        )
        try expectVector(.method(channel: 1, .basic(.qos(prefetchSize: 0, prefetchCount: 10, global: false))), bytes)
    }

    @Test func qosOk() throws {
        let bytes = hex(
            """
            01 0001 00000004    // method frame, channel 1, payload size 4
            003C 000B           // basic.qos-ok (60, 11)
            CE
            """
        )
        try expectVector(.method(channel: 1, .basic(.qosOk)), bytes)
    }

    @Test func consume() throws {
        let method = AMQPMethod.basic(.consume(.init(queue: "services.agent.worker", consumerTag: "ctag-1", noAck: true)))
        let bytes = hex(
            """
            01 0001 00000028            // method frame, channel 1, payload size 40
            003C 0014                   // basic.consume (60, 20)
            0000                        // reserved ticket
            15 "services.agent.worker"  // queue
            06 "ctag-1"                 // consumer-tag
            02                          // bits: no-local 0, no-ack 1, exclusive 0, nowait 0
            00000000                    // arguments: empty table
            CE
            """
        )
        try expectVector(.method(channel: 1, method), bytes)
    }

    @Test func consumeOk() throws {
        let bytes = hex(
            """
            01 0001 00000011    // method frame, channel 1, payload size 17
            003C 0015           // basic.consume-ok (60, 21)
            0C "amq.ctag-abc"   // consumer-tag: short string of 12 bytes
            CE
            """
        )
        try expectVector(.method(channel: 1, .basic(.consumeOk(consumerTag: "amq.ctag-abc"))), bytes)
    }

    @Test func cancel() throws {
        let bytes = hex(
            """
            01 0001 0000000C    // method frame, channel 1, payload size 12
            003C 001E           // basic.cancel (60, 30)
            06 "ctag-1"         // consumer-tag
            00                  // nowait bit clear
            CE
            """
        )
        try expectVector(.method(channel: 1, .basic(.cancel(consumerTag: "ctag-1", noWait: false))), bytes)
    }

    @Test func cancelOk() throws {
        let bytes = hex(
            """
            01 0001 0000000B    // method frame, channel 1, payload size 11
            003C 001F           // basic.cancel-ok (60, 31)
            06 "ctag-1"         // consumer-tag
            CE
            """
        )
        try expectVector(.method(channel: 1, .basic(.cancelOk(consumerTag: "ctag-1"))), bytes)
    }

    @Test func publish() throws {
        let method = AMQPMethod.basic(.publish(.init(
            exchange: "bloodbank.events.v1",
            routingKey: "agent.thread.prompt",
            mandatory: true
        )))
        let bytes = hex(
            """
            01 0001 0000002F            // method frame, channel 1, payload size 47
            003C 0028                   // basic.publish (60, 40)
            0000                        // reserved ticket
            13 "bloodbank.events.v1"    // exchange
            13 "agent.thread.prompt"    // routing-key
            01                          // bits: mandatory 1, immediate 0
            CE
            """
        )
        try expectVector(.method(channel: 1, method), bytes)
    }

    @Test func returnMethod() throws {
        let method = AMQPMethod.basic(.return(.init(
            replyCode: 312,
            replyText: "NO_ROUTE",
            exchange: "bloodbank.events.v1",
            routingKey: "agent.thread.prompt"
        )))
        let bytes = hex(
            """
            01 0001 00000037            // method frame, channel 1, payload size 55
            003C 0032                   // basic.return (60, 50)
            0138                        // reply-code 312
            08 "NO_ROUTE"               // reply-text
            13 "bloodbank.events.v1"    // exchange
            13 "agent.thread.prompt"    // routing-key
            CE
            """
        )
        try expectVector(.method(channel: 1, method), bytes)
    }

    @Test func deliver() throws {
        let method = AMQPMethod.basic(.deliver(.init(
            consumerTag: "ctag-1",
            deliveryTag: 1,
            redelivered: false,
            exchange: "bloodbank.events.v1",
            routingKey: "agent.thread.prompt"
        )))
        let bytes = hex(
            """
            01 0001 0000003C            // method frame, channel 1, payload size 60
            003C 003C                   // basic.deliver (60, 60)
            06 "ctag-1"                 // consumer-tag
            0000000000000001            // delivery-tag 1
            00                          // redelivered bit clear
            13 "bloodbank.events.v1"    // exchange
            13 "agent.thread.prompt"    // routing-key
            CE
            """
        )
        try expectVector(.method(channel: 1, method), bytes)
    }

    @Test func get() throws {
        let bytes = hex(
            """
            01 0001 0000001D            // method frame, channel 1, payload size 29
            003C 0046                   // basic.get (60, 70)
            0000                        // reserved ticket
            15 "services.agent.worker"  // queue
            01                          // no-ack bit set
            CE
            """
        )
        try expectVector(.method(channel: 1, .basic(.get(queue: "services.agent.worker", noAck: true))), bytes)
    }

    @Test func getOk() throws {
        let method = AMQPMethod.basic(.getOk(.init(
            deliveryTag: 7,
            redelivered: true,
            exchange: "bloodbank.events.v1",
            routingKey: "agent.thread.prompt",
            messageCount: 2
        )))
        let bytes = hex(
            """
            01 0001 00000039            // method frame, channel 1, payload size 57
            003C 0047                   // basic.get-ok (60, 71)
            0000000000000007            // delivery-tag 7
            01                          // redelivered bit set
            13 "bloodbank.events.v1"    // exchange
            13 "agent.thread.prompt"    // routing-key
            00000002                    // message-count 2
            CE
            """
        )
        try expectVector(.method(channel: 1, method), bytes)
    }

    @Test func getEmpty() throws {
        let bytes = hex(
            """
            01 0001 00000005    // method frame, channel 1, payload size 5
            003C 0048           // basic.get-empty (60, 72)
            00                  // reserved cluster-id: empty short string
            CE
            """
        )
        try expectVector(.method(channel: 1, .basic(.getEmpty)), bytes)
    }

    @Test func getEmptyIgnoresClusterID() throws {
        let bytes = hex(
            """
            01 0001 00000007    // method frame, channel 1, payload size 7
            003C 0048           // basic.get-empty
            02 "c1"             // reserved cluster-id: a short string of 2 bytes
            CE
            """
        )
        #expect(try decodeFrames(bytes) == [.method(channel: 1, .basic(.getEmpty))])
    }

    @Test func ack() throws {
        let bytes = hex(
            """
            01 0001 0000000D    // method frame, channel 1, payload size 13
            003C 0050           // basic.ack (60, 80)
            000000000000002A    // delivery-tag 42
            01                  // multiple bit set
            CE
            """
        )
        try expectVector(.method(channel: 1, .basic(.ack(deliveryTag: 42, multiple: true))), bytes)
    }

    @Test func nack() throws {
        let bytes = hex(
            """
            01 0001 0000000D    // method frame, channel 1, payload size 13
            003C 0078           // basic.nack (60, 120)
            000000000000002A    // delivery-tag 42
            02                  // bits: multiple 0, requeue 1
            CE
            """
        )
        try expectVector(.method(channel: 1, .basic(.nack(deliveryTag: 42, multiple: false, requeue: true))), bytes)
    }

    @Test func reject() throws {
        let bytes = hex(
            """
            01 0001 0000000D    // method frame, channel 1, payload size 13
            003C 005A           // basic.reject (60, 90)
            000000000000002A    // delivery-tag 42
            00                  // requeue bit clear
            CE
            """
        )
        try expectVector(.method(channel: 1, .basic(.reject(deliveryTag: 42, requeue: false))), bytes)
    }
}
