#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension ProcessLauncher {
    /// The file actions of one `posix_spawn` call: which descriptors the child starts with.
    struct SpawnFileActions {
        #if canImport(Glibc)
        var value = posix_spawn_file_actions_t()
        #else
        var value: posix_spawn_file_actions_t? = nil
        #endif

        init() {
            posix_spawn_file_actions_init(&value)
        }

        /// Opens `path` as descriptor `descriptor` in the child, creating files with mode 0600.
        mutating func open(_ descriptor: Int32, path: String, flags: Int32) {
            posix_spawn_file_actions_addopen(&value, descriptor, path, flags, 0o600)
        }

        /// Makes the child's descriptor `target` a copy of `source`.
        mutating func duplicate(_ source: Int32, to target: Int32) {
            posix_spawn_file_actions_adddup2(&value, source, target)
        }

        mutating func destroy() {
            posix_spawn_file_actions_destroy(&value)
        }
    }

    /// The attributes of one `posix_spawn` call: session, signal dispositions, signal mask.
    struct SpawnAttributes {
        #if canImport(Glibc)
        var value = posix_spawnattr_t()
        #else
        var value: posix_spawnattr_t? = nil
        #endif

        /// Resets the usual job-control and termination signals to their default action and
        /// clears the signal mask, so that a child of a shell that ignores `SIGHUP` or
        /// `SIGINT` can still be stopped. With `newSession`, the child also starts a new session.
        init(newSession: Bool) {
            posix_spawnattr_init(&value)

            var defaultSignals = sigset_t()
            sigemptyset(&defaultSignals)
            for signal in [SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGPIPE, SIGCHLD, SIGUSR1, SIGUSR2] {
                sigaddset(&defaultSignals, signal)
            }
            posix_spawnattr_setsigdefault(&value, &defaultSignals)

            var emptyMask = sigset_t()
            sigemptyset(&emptyMask)
            posix_spawnattr_setsigmask(&value, &emptyMask)

            var flags = Int32(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK)
            if newSession {
                flags |= Self.setSessionFlag
            }
            posix_spawnattr_setflags(&value, Int16(flags))
        }

        mutating func destroy() {
            posix_spawnattr_destroy(&value)
        }

        #if canImport(Glibc)
        /// glibc's `POSIX_SPAWN_SETSID` (glibc 2.26 and later), which Swift's Glibc module
        /// does not import because `spawn.h` declares it only under `_GNU_SOURCE`.
        private static let setSessionFlag: Int32 = 0x80
        #else
        private static let setSessionFlag = Int32(POSIX_SPAWN_SETSID)
        #endif
    }
}
