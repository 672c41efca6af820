// The child process of the reliability integration tests, which signal and kill it.
//
//   ReliabilityProbe consume QUEUE ROUTING-KEY CONCURRENCY PREFETCH HOLD-SECONDS
//       Subscribes to the durable QUEUE bound to ROUTING-KEY and prints "ready". Each
//       handler prints "started N", sleeps HOLD-SECONDS, and prints "finished N", where N
//       is the event's sequence. Stops gracefully on SIGTERM or SIGINT, then prints
//       "stopped".
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

let arguments = Array(CommandLine.arguments.dropFirst())
do {
    switch arguments.first {
    case "consume":
        try await consume(Array(arguments.dropFirst()))
    default:
        fail("usage: ReliabilityProbe consume ...")
    }
} catch {
    fail("\(error)")
}
