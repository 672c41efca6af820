#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Wall time and CPU time of the timed part of a scenario, with the process's peak RSS.
///
/// CPU time comes from `getrusage(RUSAGE_SELF)`, which sums every thread of the
/// process, so the socket threads of AMQPClient are included.
struct Measurement {
    private let startNanoseconds: UInt64
    private let startUsage: rusage
    /// `RUSAGE_SELF`, which Glibc imports as an enum case while `getrusage` takes an integer.
    private static let currentProcess = __rusage_who_t(RUSAGE_SELF.rawValue)

    /// Starts the clock and takes the first CPU reading.
    init() {
        var usage = rusage()
        getrusage(Self.currentProcess, &usage)
        startUsage = usage
        startNanoseconds = Self.monotonicNanoseconds()
    }

    /// Nanoseconds of `CLOCK_MONOTONIC`, the clock the C and Python clients read too.
    static func monotonicNanoseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
    }

    /// Stops the clock and returns the result line for Benchmarks/bench.py.
    func finish(_ options: BenchOptions, extra: [String: Int] = [:]) -> String {
        let endNanoseconds = Self.monotonicNanoseconds()
        var usage = rusage()
        getrusage(Self.currentProcess, &usage)
        var fields: [(String, String)] = [
            ("client", "\"\(options.client)\""),
            ("scenario", "\"\(options.scenario)\""),
            ("messages", "\(options.messages)"),
            ("seconds", Self.format(microseconds: (endNanoseconds - startNanoseconds) / 1_000)),
            ("user_seconds", Self.format(microseconds: Self.microseconds(usage.ru_utime) - Self.microseconds(startUsage.ru_utime))),
            ("system_seconds", Self.format(microseconds: Self.microseconds(usage.ru_stime) - Self.microseconds(startUsage.ru_stime))),
            ("peak_rss_kb", "\(Self.peakResidentKilobytes())"),
        ]
        for (key, value) in extra.sorted(by: { $0.key < $1.key }) {
            fields.append((key, "\(value)"))
        }
        return "{" + fields.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}"
    }

    /// Reads the peak resident set size of this process in KiB (VmHWM). `ru_maxrss` does
    /// not serve here, because Linux carries it over from the parent process across exec.
    static func peakResidentKilobytes() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return -1 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") ?? -1
        }
        return -1
    }

    private static func microseconds(_ value: timeval) -> UInt64 {
        UInt64(value.tv_sec) * 1_000_000 + UInt64(value.tv_usec)
    }

    /// Formats microseconds as seconds with six decimals, such as `1.250000`.
    private static func format(microseconds: UInt64) -> String {
        let fraction = String(microseconds % 1_000_000)
        return "\(microseconds / 1_000_000)." + String(repeating: "0", count: 6 - fraction.count) + fraction
    }
}

/// Reads the envelope bytes that every client sends.
func readBody(_ options: BenchOptions) throws(BenchFailure) -> [UInt8] {
    guard !options.bodyFile.isEmpty else { throw BenchFailure("missing --body") }
    guard let data = FileManager.default.contents(atPath: options.bodyFile) else {
        throw BenchFailure("cannot read \(options.bodyFile)")
    }
    return [UInt8](data)
}
