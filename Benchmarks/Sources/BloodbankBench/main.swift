// bloodbank-bench: the Bloodbank clients of the benchmark. Benchmarks/bench.py runs one
// scenario per process and reads the JSON line this prints; see docs/benchmarks.md.
//
// The benchmark imports FoundationEssentials and Glibc only, like the library modules.
// Importing Foundation would load libFoundation, FoundationInternationalization and
// ICU: 5.7 MB more peak RSS, measured on Linux with Swift 6.3.1.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

func runScenario(_ options: BenchOptions) async throws -> String {
    switch options.scenario {
    case "publish-transient": return try await TransientPublishBenchmark.run(options)
    case "publish-confirm": return try await ConfirmedPublishBenchmark.run(options)
    case "consume": return try await ConsumeBenchmark.run(options)
    case "latency": return try await LatencyBenchmark.run(options)
    case "envelope-encode", "envelope-decode": return try await EnvelopeBenchmark.run(options)
    default:
        throw BenchFailure("unknown scenario '\(options.scenario)'; use publish-transient, publish-confirm, consume, latency, envelope-encode or envelope-decode")
    }
}

do {
    let options = try BenchOptions(arguments: Array(CommandLine.arguments.dropFirst()))
    print(try await runScenario(options))
} catch {
    let message = Array("bloodbank-bench: \(error)\n".utf8)
    _ = message.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
    exit(1)
}
