#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Looks up processes by id, to tell whether a recorded process still runs and is the one
/// that was recorded.
enum ProcessTable {
    /// Returns whether `pid` names a live process. A zombie, which exited but was not reaped,
    /// is not live.
    static func isRunning(_ pid: pid_t) -> Bool {
        guard pid > 0 else { return false }
        guard kill(pid, 0) == 0 || errno == EPERM else { return false }
        #if os(Linux)
        // /proc/PID/stat is "PID (COMMAND) STATE ...": the state follows the last ')'.
        if let stat = FileSystem.readTextIfPresent("/proc/\(pid)/stat"),
            let closing = stat.lastIndex(of: ")")
        {
            let state = stat[stat.index(after: closing)...].drop { $0 == " " }.first
            return state != "Z" && state != "X"
        }
        #endif
        return true
    }

    /// Returns the command line of `pid` as separate arguments, or `nil` where `/proc` is missing
    /// or the process is gone.
    static func commandLine(of pid: pid_t) -> [String]? {
        #if os(Linux)
        guard let text = FileSystem.readTextIfPresent("/proc/\(pid)/cmdline"), !text.isEmpty else {
            return nil
        }
        return text.split(separator: "\0").map(String.init)
        #else
        return nil
        #endif
    }

    /// Returns whether `pid` runs and its command line contains every string of `markers`.
    ///
    /// Use it before signalling a recorded process id, which the system may have handed to
    /// an unrelated process since. Where the command line cannot be read (systems without
    /// `/proc`), only liveness is checked.
    static func isRunning(_ pid: pid_t, commandLineContaining markers: [String]) -> Bool {
        guard isRunning(pid) else { return false }
        guard let arguments = commandLine(of: pid) else { return true }
        return markers.allSatisfy { marker in arguments.contains { $0.contains(marker) } }
    }

    /// Reads a process id from a pid file, or returns `nil` when it is missing or invalid.
    static func readPID(from path: String) -> pid_t? {
        guard let text = FileSystem.readTextIfPresent(path) else { return nil }
        return pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Sends `signal` to `pid`.
    static func send(_ signal: Int32, to pid: pid_t) {
        kill(pid, signal)
    }

    /// Ends `pid`: sends `SIGTERM`, waits up to `gracePeriod`, then sends `SIGKILL` and waits
    /// up to 5 s more. Returns whether the process has ended.
    static func terminate(_ pid: pid_t, gracePeriod: Duration) async -> Bool {
        send(SIGTERM, to: pid)
        if await waitForExit(of: pid, timeout: gracePeriod) {
            return true
        }
        send(SIGKILL, to: pid)
        return await waitForExit(of: pid, timeout: .seconds(5))
    }

    /// Waits until `pid` is no longer running, polling every 100 ms, and returns whether it
    /// ended before `timeout`.
    static func waitForExit(of pid: pid_t, timeout: Duration) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while isRunning(pid) {
            // A detached child of this process would stay a zombie until reaped.
            _ = ProcessLauncher.exitStatusIfExited(pid)
            if !isRunning(pid) { break }
            if ContinuousClock.now >= deadline { return false }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return true
    }
}
