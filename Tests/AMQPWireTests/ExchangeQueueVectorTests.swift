import AMQPWire
import Testing

/// Byte vectors for the `exchange` class (class id 40, 0x0028), written by hand from the
/// AMQP 0-9-1 specification.
@Suite("Exchange method vectors")
struct ExchangeVectorTests {
    @Test func declare() throws {
        let method = AMQPMethod.exchange(.declare(.init(exchange: "bloodbank.events.v1", type: "topic", durable: true)))
        let bytes = hex(
            """
            01 0001 00000025            // method frame, channel 1, payload size 37
            0028 000A                   // exchange.declare (40, 10)
            0000                        // reserved ticket
            13 "bloodbank.events.v1"    // exchange: short string of 19 bytes
            05 "topic"                  // type
            02                          // bits: passive 0, durable 1, auto-delete 0, internal 0, nowait 0
            00000000                    // arguments: empty table
            CE
            """
        )
        try expectVector(.method(channel: 1, method), bytes)
    }

    @Test func declareOk() throws {
        let bytes = hex(
            """
            01 0001 00000004    // method frame, channel 1, payload size 4
            0028 000B           // exchange.declare-ok (40, 11)
            CE
            """
        )
        try expectVector(.method(channel: 1, .exchange(.declareOk)), bytes)
    }
}

/// Byte vectors for the `queue` class (class id 50, 0x0032), written by hand from the
/// AMQP 0-9-1 specification.
@Suite("Queue method vectors")
struct QueueVectorTests {
    @Test func declare() throws {
        let method = AMQPMethod.queue(.declare(.init(
            queue: "services.agent.worker",
            durable: true,
            arguments: ["x-queue-type": .string("quorum")]
        )))
        let bytes = hex(
            """
            01 0001 00000039            // method frame, channel 1, payload size 57
            0032 000A                   // queue.declare (50, 10)
            0000                        // reserved ticket
            15 "services.agent.worker"  // queue: short string of 21 bytes
            02                          // bits: passive 0, durable 1, exclusive 0, auto-delete 0, nowait 0
            00000018                    // arguments: a table of 24 bytes
              0C "x-queue-type" 53      //   key (12), tag S
              00000006 "quorum"         //   6 bytes
            CE
            """
        )
        try expectVector(.method(channel: 1, method), bytes)
    }

    @Test func declareOk() throws {
        let method = AMQPMethod.queue(.declareOk(.init(queue: "services.agent.worker", messageCount: 5, consumerCount: 1)))
        let bytes = hex(
            """
            01 0001 00000022            // method frame, channel 1, payload size 34
            0032 000B                   // queue.declare-ok (50, 11)
            15 "services.agent.worker"  // queue
            00000005                    // message-count 5
            00000001                    // consumer-count 1
            CE
            """
        )
        try expectVector(.method(channel: 1, method), bytes)
    }

    @Test func bind() throws {
        let method = AMQPMethod.queue(.bind(.init(
            queue: "services.agent.worker",
            exchange: "bloodbank.events.v1",
            routingKey: "agent.#"
        )))
        let bytes = hex(
            """
            01 0001 0000003D            // method frame, channel 1, payload size 61
            0032 0014                   // queue.bind (50, 20)
            0000                        // reserved ticket
            15 "services.agent.worker"  // queue
            13 "bloodbank.events.v1"    // exchange
            07 "agent.#"                // routing-key
            00                          // nowait bit clear
            00000000                    // arguments: empty table
            CE
            """
        )
        try expectVector(.method(channel: 1, method), bytes)
    }

    @Test func bindOk() throws {
        let bytes = hex(
            """
            01 0001 00000004    // method frame, channel 1, payload size 4
            0032 0015           // queue.bind-ok (50, 21)
            CE
            """
        )
        try expectVector(.method(channel: 1, .queue(.bindOk)), bytes)
    }

    @Test func unbindHasNoNoWaitBit() throws {
        let method = AMQPMethod.queue(.unbind(.init(
            queue: "services.agent.worker",
            exchange: "bloodbank.events.v1",
            routingKey: "agent.#"
        )))
        let bytes = hex(
            """
            01 0001 0000003C            // method frame, channel 1, payload size 60
            0032 0032                   // queue.unbind (50, 50)
            0000                        // reserved ticket
            15 "services.agent.worker"  // queue
            13 "bloodbank.events.v1"    // exchange
            07 "agent.#"                // routing-key
            00000000                    // arguments: empty table, right after the key
            CE
            """
        )
        try expectVector(.method(channel: 1, method), bytes)
    }

    @Test func purge() throws {
        let bytes = hex(
            """
            01 0001 0000001D            // method frame, channel 1, payload size 29
            0032 001E                   // queue.purge (50, 30)
            0000                        // reserved ticket
            15 "services.agent.worker"  // queue
            00                          // nowait bit clear
            CE
            """
        )
        try expectVector(.method(channel: 1, .queue(.purge(queue: "services.agent.worker", noWait: false))), bytes)
    }

    @Test func purgeOk() throws {
        let bytes = hex(
            """
            01 0001 00000008    // method frame, channel 1, payload size 8
            0032 001F           // queue.purge-ok (50, 31)
            00000003            // message-count 3
            CE
            """
        )
        try expectVector(.method(channel: 1, .queue(.purgeOk(messageCount: 3))), bytes)
    }

    @Test func delete() throws {
        let method = AMQPMethod.queue(.delete(.init(queue: "services.agent.worker", ifUnused: true)))
        let bytes = hex(
            """
            01 0001 0000001D            // method frame, channel 1, payload size 29
            0032 0028                   // queue.delete (50, 40)
            0000                        // reserved ticket
            15 "services.agent.worker"  // queue
            01                          // bits: if-unused 1, if-empty 0, nowait 0
            CE
            """
        )
        try expectVector(.method(channel: 1, method), bytes)
    }

    @Test func deleteOk() throws {
        let bytes = hex(
            """
            01 0001 00000008    // method frame, channel 1, payload size 8
            0032 0029           // queue.delete-ok (50, 41)
            00000000            // message-count 0
            CE
            """
        )
        try expectVector(.method(channel: 1, .queue(.deleteOk(messageCount: 0))), bytes)
    }
}
