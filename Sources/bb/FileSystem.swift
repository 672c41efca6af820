#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// The file operations `bb` needs, with errors that name the path.
enum FileSystem {
    /// Returns whether a file or directory exists at `path`.
    static func fileExists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: path)
    }

    /// Reads a UTF-8 text file.
    static func readText(_ path: String) throws(CommandLineError) -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .failure("cannot read \(path)")
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// Reads a text file, or returns `nil` when it does not exist or cannot be read.
    static func readTextIfPresent(_ path: String) -> String? {
        FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Writes `text` to `path` with the given permissions, replacing any previous file
    /// in one `rename`, so that readers never see a partial file. The file is created with
    /// `permissions` from the start, so a secret is never readable by others.
    static func writeText(_ text: String, to path: String, permissions: Int) throws(CommandLineError) {
        let temporary = path + ".tmp"
        unlink(temporary)

        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode_t(permissions))
        guard descriptor >= 0 else {
            throw .failure("cannot write \(path): \(String(cString: strerror(errno)))")
        }
        // open(2) applies the umask; fchmod sets exactly the requested permissions.
        fchmod(descriptor, mode_t(permissions))

        var bytes = Array(text.utf8)
        var offset = 0
        var failure: Int32 = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { buffer in
                write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                failure = errno
                break
            }
            offset += written
        }
        close(descriptor)

        if failure == 0 && rename(temporary, path) != 0 {
            failure = errno
        }
        guard failure == 0 else {
            unlink(temporary)
            throw .failure("cannot write \(path): \(String(cString: strerror(failure)))")
        }
    }

    /// Creates a directory and its missing parents, with `permissions` for the ones created.
    static func createDirectory(_ path: String, permissions: Int = 0o700) throws(CommandLineError) {
        do {
            try FileManager.default.createDirectory(
                atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: permissions])
        } catch {
            throw .failure("cannot create the directory \(path): \(error.localizedDescription)")
        }
    }

    /// Removes a file; a file that is already gone is not an error.
    static func removeFile(_ path: String) {
        _ = try? FileManager.default.removeItem(atPath: path)
    }

    /// Returns the last `count` lines of a text file, or `nil` when it cannot be read.
    static func lastLines(of path: String, count: Int) -> String? {
        guard let text = readTextIfPresent(path) else { return nil }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        return lines.suffix(count + 1).joined(separator: "\n").trimmingCharacters(in: .newlines)
    }

    /// Makes `path` absolute against `base` and removes `.` and `..` components, without
    /// resolving symbolic links.
    static func normalizedPath(_ path: String, relativeTo base: String) -> String {
        let joined = path.hasPrefix("/") ? path : base + "/" + path
        var components: [Substring] = []
        for component in joined.split(separator: "/") {
            switch component {
            case ".": continue
            case "..": _ = components.popLast()
            default: components.append(component)
            }
        }
        return "/" + components.joined(separator: "/")
    }
}
