// The child process of the reliability integration tests, which signal and kill it.
//
//   ReliabilityProbe consume QUEUE ROUTING-KEY CONCURRENCY PREFETCH HOLD-SECONDS
//       Subscribes to the durable QUEUE bound to ROUTING-KEY and prints "ready". Each
//       handler prints "started N", sleeps HOLD-SECONDS, and prints "finished N", where N
//       is the event's sequence. Stops gracefully on SIGTERM or SIGINT, then prints
//       "stopped".
//
//   ReliabilityProbe produce OUTBOX-PATH RUN FROM TO
//       Connects with the outbox file OUTBOX-PATH (retrying while the broker is down),
//       publishes the events FROM..<TO through the outbox with the label RUN and the
//       event id uuid5(RUN:N), printing "enqueued N" after each is on disk, then waits
//       until the outbox is empty and prints "drained".
//
// The broker URL comes from BLOODBANK_TEST_URL. Lines go straight to file descriptor 1
// with write(2), so every line written before a SIGKILL reaches the test.
import AMQPClient
import Bloodbank
import Foundation

struct ProbeEvent: EventPayload {
    static let eventType = "bloodbanktest.reliability.checked"
    var sequence: Int
    var label: String
}

struct OutboxProbeEvent: EventPayload {
    static let eventType = "bloodbanktest.outbox.sequenced"
    var sequence: Int
    var label: String
}

func emit(_ line: String) {
    let bytes = Array((line + "\n").utf8)
    bytes.withUnsafeBytes { buffer in
        var offset = 0
        while offset < buffer.count {
            let written = write(1, buffer.baseAddress! + offset, buffer.count - offset)
            if written <= 0 { return }
            offset += written
        }
    }
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("ReliabilityProbe: \(message)\n".utf8))
    exit(1)
}

func consume(_ arguments: [String]) async throws {
    guard arguments.count == 5, let concurrency = Int(arguments[2]), let prefetch = UInt16(arguments[3]),
        let hold = Double(arguments[4])
    else {
        fail("usage: consume QUEUE ROUTING-KEY CONCURRENCY PREFETCH HOLD-SECONDS")
    }
    guard let url = ProcessInfo.processInfo.environment["BLOODBANK_TEST_URL"] else { fail("BLOODBANK_TEST_URL is not set") }
    let client = try await BloodbankClient.connect(url: url)
    let subscription = try await client.subscribe(
        queue: .durable(arguments[0]),
        bindings: [arguments[1]],
        prefetch: prefetch,
        options: SubscriptionOptions(concurrency: concurrency, shutdownGracePeriod: .seconds(30))
    )
    emit("ready")
    try await ServiceGroup().run([
        {
            try await subscription.run(as: ProbeEvent.self) { event in
                emit("started \(event.payload.sequence)")
                // Not cancelled by a graceful stop: the handler finishes its work.
                try await Task.sleep(for: .milliseconds(Int(hold * 1_000)))
                emit("finished \(event.payload.sequence)")
            }
        },
    ])
    await client.close()
    emit("stopped")
}

func produce(_ arguments: [String]) async throws {
    guard arguments.count == 4, let from = Int(arguments[2]), let to = Int(arguments[3]) else {
        fail("usage: produce OUTBOX-PATH RUN FROM TO")
    }
    guard let url = ProcessInfo.processInfo.environment["BLOODBANK_TEST_URL"] else { fail("BLOODBANK_TEST_URL is not set") }
    let outbox = try Outbox(path: arguments[0])
    let run = arguments[1]
    var client: BloodbankClient?
    let connectDeadline = ContinuousClock.now + .seconds(60)
    while client == nil {
        do {
            client = try await BloodbankClient.connect(url: url, outbox: outbox)
        } catch {
            guard ContinuousClock.now < connectDeadline else { throw error }
            try await Task.sleep(for: .milliseconds(200))
        }
    }
    guard let client else { return }
    emit("connected")
    for sequence in from..<to {
        let eventID = EventID.uuid5(namespace: EventID.oidNamespace, name: "\(run):\(sequence)")
        try await client.publish(OutboxProbeEvent(sequence: sequence, label: run), eventID: eventID, via: .outbox)
        emit("enqueued \(sequence)")
    }
    guard try await outbox.waitUntilEmpty(timeout: .seconds(300)) else { fail("the outbox did not drain within 300 s") }
    emit("drained")
    await client.close()
}

let arguments = Array(CommandLine.arguments.dropFirst())
do {
    switch arguments.first {
    case "consume":
        try await consume(Array(arguments.dropFirst()))
    case "produce":
        try await produce(Array(arguments.dropFirst()))
    default:
        fail("usage: ReliabilityProbe consume|produce ...")
    }
} catch {
    fail("\(error)")
}
