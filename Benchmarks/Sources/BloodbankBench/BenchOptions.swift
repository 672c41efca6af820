/// The command line of `bloodbank-bench`: a scenario, then `--name value` pairs.
///
/// Benchmarks/bench.py passes the same options to every client, so the names match
/// those of the rabbitmq-c and Python clients.
struct BenchOptions: Sendable {
    var scenario: String
    var client: String = ""
    var url: String = ""
    var bodyFile: String = ""
    var latencyFile: String = ""
    /// The `message_id` property; the envelope's event id, as Bloodbank would send it.
    var messageID = ""
    var exchange = "bloodbank.events.v1"
    var routingKey = "agent.thread.prompt"
    var queue = "bench.events"
    var messages = 0
    var window = 1000
    var prefetch = 1000
    var rate = 2000

    init(arguments: [String]) throws(BenchFailure) {
        guard let scenario = arguments.first else {
            throw BenchFailure("usage: bloodbank-bench SCENARIO --client NAME --messages N [--url URL] [--body FILE] ...")
        }
        self.scenario = scenario
        var index = 1
        while index < arguments.count {
            let name = arguments[index]
            guard index + 1 < arguments.count else {
                throw BenchFailure("option \(name) needs a value")
            }
            let value = arguments[index + 1]
            switch name {
            case "--client": client = value
            case "--url": url = value
            case "--body": bodyFile = value
            case "--latency-file": latencyFile = value
            case "--message-id": messageID = value
            case "--exchange": exchange = value
            case "--routing-key": routingKey = value
            case "--queue": queue = value
            case "--messages": messages = try Self.count(name, value)
            case "--window": window = try Self.count(name, value)
            case "--prefetch": prefetch = try Self.count(name, value)
            case "--rate": rate = try Self.count(name, value)
            default: throw BenchFailure("unknown option \(name)")
            }
            index += 2
        }
        guard messages > 0 else { throw BenchFailure("missing --messages") }
        guard window > 0, rate > 0, (1...65535).contains(prefetch) else {
            throw BenchFailure("--window and --rate must be positive and --prefetch 1 to 65535")
        }
    }

    /// The prefetch count in the width of `basic.qos`; the initializer checked the range.
    var prefetchCount: UInt16 { UInt16(prefetch) }

    private static func count(_ name: String, _ text: String) throws(BenchFailure) -> Int {
        guard let value = Int(text), value >= 0 else {
            throw BenchFailure("\(name) must be a non-negative integer, not '\(text)'")
        }
        return value
    }
}

/// A benchmark that could not run; `main.swift` prints it and exits with status 1.
struct BenchFailure: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}
