#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Starts child processes with `posix_spawn`: tools that `bb` waits for, with their output
/// captured, and detached services that outlive `bb`.
///
/// Every child gets only the descriptors it is given (standard input, output and error),
/// because descriptors that `bb` inherited are marked close-on-exec first. Otherwise a
/// detached service could keep open a pipe of the program that ran `bb`, and a CI log
/// reader would wait for end-of-file forever.
enum ProcessLauncher {
    /// The result of a finished tool.
    struct Output: Sendable {
        /// The exit status, or 128 plus the signal number when a signal ended the process.
        let status: Int32
        /// Everything the tool wrote to standard output, decoded as UTF-8.
        let standardOutput: String
        /// Everything the tool wrote to standard error, decoded as UTF-8.
        let standardError: String
        /// Whether the tool was killed because it ran past its timeout.
        let timedOut: Bool

        /// Whether the tool exited with status 0 in time.
        var succeeded: Bool { status == 0 && !timedOut }
    }

    /// Runs `executable` to completion and captures its output.
    ///
    /// The blocking reads and `waitpid` run on a dedicated thread, never on the
    /// concurrency pool. When `timeout` passes, the process gets `SIGKILL` and the result
    /// has ``Output/timedOut`` set.
    ///
    /// - Parameter input: Text written to the tool's standard input, which is then closed;
    ///   `nil` connects standard input to `/dev/null`. Passing a secret here keeps it out
    ///   of the process list, unlike an argument.
    /// - Throws: ``CommandLineError`` when the process cannot be started.
    static func run(
        _ executable: String,
        _ arguments: [String],
        environment: [String: String],
        input: String? = nil,
        timeout: Duration
    ) async throws(CommandLineError) -> Output {
        let result: Result<Output, CommandLineError> = await withCheckedContinuation { continuation in
            let thread = Thread {
                continuation.resume(
                    returning: Result { () throws(CommandLineError) -> Output in
                        try runBlocking(executable, arguments, environment: environment, input: input, timeout: timeout)
                    })
            }
            thread.start()
        }
        return try result.get()
    }

    /// Starts `executable` in a new session, detached from `bb`'s terminal, with standard
    /// input from `/dev/null` and standard output and error appended to `outputFile`.
    ///
    /// The process keeps running after `bb` exits. While `bb` runs, it is `bb`'s child, so
    /// ``exitStatusIfExited(_:)`` can tell whether it has already ended.
    ///
    /// - Returns: The process id.
    /// - Throws: ``CommandLineError`` when the process cannot be started.
    static func spawnDetached(
        _ executable: String,
        _ arguments: [String],
        environment: [String: String],
        outputFile: String
    ) throws(CommandLineError) -> pid_t {
        markInheritedDescriptorsCloseOnExec()
        var actions = SpawnFileActions()
        defer { actions.destroy() }
        actions.open(0, path: "/dev/null", flags: O_RDONLY)
        actions.open(1, path: outputFile, flags: O_WRONLY | O_CREAT | O_APPEND)
        actions.duplicate(1, to: 2)
        return try spawn(executable, arguments, environment: environment, actions: &actions, newSession: true)
    }

    /// Returns the exit status of child `pid` and reaps it if it has ended, or `nil` while
    /// it runs. Works only for children of this process.
    static func exitStatusIfExited(_ pid: pid_t) -> Int32? {
        var status: Int32 = 0
        let result = waitpid(pid, &status, WNOHANG)
        guard result == pid else { return nil }
        return decodeWaitStatus(status)
    }

    /// Runs `executable` to completion with `bb`'s own standard input, output and error,
    /// and returns its exit status (128 plus the signal number when a signal ended it).
    ///
    /// Use it for tools whose output goes straight to the user, such as `bb broker ctl`.
    /// `waitpid` runs on a dedicated thread, never on the concurrency pool.
    ///
    /// - Throws: ``CommandLineError`` when the process cannot be started.
    static func runAttached(
        _ executable: String,
        _ arguments: [String],
        environment: [String: String]
    ) async throws(CommandLineError) -> Int32 {
        markInheritedDescriptorsCloseOnExec()
        var actions = SpawnFileActions()
        defer { actions.destroy() }
        let pid = try spawn(executable, arguments, environment: environment, actions: &actions, newSession: false)

        return await withCheckedContinuation { continuation in
            let thread = Thread {
                var status: Int32 = 0
                while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
                continuation.resume(returning: decodeWaitStatus(status))
            }
            thread.start()
        }
    }

    // MARK: - Blocking implementation

    private static func runBlocking(
        _ executable: String,
        _ arguments: [String],
        environment: [String: String],
        input: String?,
        timeout: Duration
    ) throws(CommandLineError) -> Output {
        markInheritedDescriptorsCloseOnExec()
        let outputPipe = try makePipe()
        let errorPipe = try makePipe()
        let inputPipe = input == nil ? nil : try makePipe()
        defer {
            close(outputPipe.read)
            close(errorPipe.read)
        }

        var actions = SpawnFileActions()
        defer { actions.destroy() }
        if let inputPipe {
            actions.duplicate(inputPipe.read, to: 0)
        } else {
            actions.open(0, path: "/dev/null", flags: O_RDONLY)
        }
        actions.duplicate(outputPipe.write, to: 1)
        actions.duplicate(errorPipe.write, to: 2)

        let spawned: Result<pid_t, CommandLineError> = Result { () throws(CommandLineError) in
            try spawn(executable, arguments, environment: environment, actions: &actions, newSession: false)
        }
        close(outputPipe.write)
        close(errorPipe.write)
        if let inputPipe {
            close(inputPipe.read)
            if case .success = spawned, let input {
                writeAll(input, to: inputPipe.write)
            }
            close(inputPipe.write)
        }
        let pid = try spawned.get()

        let deadline = ContinuousClock.now + timeout
        var timedOut = false
        var outputs = [outputPipe.read: [UInt8](), errorPipe.read: [UInt8]()]
        var open = [outputPipe.read, errorPipe.read]
        while !open.isEmpty {
            let remaining = ContinuousClock.now.duration(to: deadline)
            if remaining <= .zero && !timedOut {
                timedOut = true
                kill(pid, SIGKILL)
            }
            // After the kill, allow a short grace period for the pipes to reach end-of-file;
            // a grandchild that kept them open must not block bb forever.
            if timedOut && remaining < .seconds(-2) { break }
            let waitMilliseconds = timedOut ? 100 : Int(min(max(remaining / .milliseconds(1), 1), 1000))
            var descriptors = open.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            let ready = poll(&descriptors, nfds_t(descriptors.count), Int32(waitMilliseconds))
            if ready < 0 && errno != EINTR { break }
            for descriptor in descriptors where descriptor.revents != 0 {
                var buffer = [UInt8](repeating: 0, count: 65536)
                let count = read(descriptor.fd, &buffer, buffer.count)
                if count > 0 {
                    outputs[descriptor.fd, default: []].append(contentsOf: buffer[0..<count])
                } else if count == 0 || errno != EINTR {
                    open.removeAll { $0 == descriptor.fd }
                }
            }
        }

        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return Output(
            status: decodeWaitStatus(status),
            standardOutput: String(decoding: outputs[outputPipe.read] ?? [], as: UTF8.self),
            standardError: String(decoding: outputs[errorPipe.read] ?? [], as: UTF8.self),
            timedOut: timedOut)
    }

    private static func spawn(
        _ executable: String,
        _ arguments: [String],
        environment: [String: String],
        actions: inout SpawnFileActions,
        newSession: Bool
    ) throws(CommandLineError) -> pid_t {
        var attributes = SpawnAttributes(newSession: newSession)
        defer { attributes.destroy() }

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }

        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, &actions.value, &attributes.value, argv, envp)
        guard result == 0 else {
            throw .failure("cannot start \(executable): \(String(cString: strerror(result)))")
        }
        return pid
    }

    private static func makePipe() throws(CommandLineError) -> (read: Int32, write: Int32) {
        var descriptors: [Int32] = [0, 0]
        guard pipe(&descriptors) == 0 else {
            throw .failure("cannot create a pipe: \(String(cString: strerror(errno)))")
        }
        for descriptor in descriptors {
            _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        }
        return (descriptors[0], descriptors[1])
    }

    private static func writeAll(_ text: String, to descriptor: Int32) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { buffer in
                write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                return
            }
            offset += written
        }
    }

    /// Marks every descriptor above standard error close-on-exec, so that children start
    /// with only the descriptors their file actions give them.
    private static func markInheritedDescriptorsCloseOnExec() {
        #if os(Linux)
        let descriptorDirectory = "/proc/self/fd"
        #else
        let descriptorDirectory = "/dev/fd"
        #endif
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: descriptorDirectory) else {
            return
        }
        for name in names {
            guard let descriptor = Int32(name), descriptor > 2 else { continue }
            let flags = fcntl(descriptor, F_GETFD)
            if flags >= 0 && flags & FD_CLOEXEC == 0 {
                _ = fcntl(descriptor, F_SETFD, flags | FD_CLOEXEC)
            }
        }
    }

    /// Decodes a `waitpid` status: the exit code, or 128 plus the signal number, as shells do.
    private static func decodeWaitStatus(_ status: Int32) -> Int32 {
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }
}
