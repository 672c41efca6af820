#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes text to a file descriptor with `write(2)`, retrying short writes.
///
/// Used by ``Logger/standardError(label:logLevel:)`` so that logging needs neither
/// Foundation's `FileHandle` nor stdio buffering.
package struct FileDescriptorWriter: Sendable {
    package let fileDescriptor: Int32

    package static let standardError = FileDescriptorWriter(fileDescriptor: 2)
    package static let standardOutput = FileDescriptorWriter(fileDescriptor: 1)

    package func write(_ text: String) {
        var text = text
        text.withUTF8 { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = systemWrite(fileDescriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += written
            }
        }
    }
}

#if canImport(Glibc)
private let systemWrite = Glibc.write
#elseif canImport(Darwin)
private let systemWrite = Darwin.write
#endif
