#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization
import Testing

@testable import AMQPClient

/// The frame writer against a real socket pair whose peer reads slowly, so that sends
/// from publishing threads find the socket full and hand the rest to the writer thread.
@Suite("FrameWriter")
struct FrameWriterTests {
    /// A chunk of `chunkSize` bytes: the producer number, the chunk's number in that
    /// producer's order (four bytes, big-endian), then the producer number repeated.
    static let chunkSize = 1000

    static func chunk(producer: UInt8, number: UInt32) -> [UInt8] {
        var bytes = [producer]
        bytes.append(contentsOf: withUnsafeBytes(of: number.bigEndian, Array.init))
        bytes.append(contentsOf: repeatElement(producer, count: chunkSize - bytes.count))
        return bytes
    }

    /// Opens a connected pair of stream sockets with a small send buffer on the first.
    static func socketPair() -> (writing: Int32, reading: Int32) {
        var descriptors: [Int32] = [0, 0]
        #if canImport(Glibc)
        let created = socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &descriptors)
        #else
        let created = socketpair(AF_UNIX, SOCK_STREAM, 0, &descriptors)
        #endif
        precondition(created == 0, "socketpair failed: \(SystemError.describe(errno))")
        var size: Int32 = 4096
        setsockopt(descriptors[0], SOL_SOCKET, SO_SNDBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        return (descriptors[0], descriptors[1])
    }

    /// Reads exactly `count` bytes, pausing now and then so that the writer finds the
    /// socket full.
    static func readAll(_ descriptor: Int32, count: Int) -> [UInt8] {
        var received: [UInt8] = []
        received.reserveCapacity(count)
        var buffer = [UInt8](repeating: 0, count: 3000)
        var reads = 0
        while received.count < count {
            let read = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if read <= 0 { break }
            received.append(contentsOf: buffer[0..<read])
            reads += 1
            if reads % 50 == 0 { usleep(1000) }
        }
        return received
    }

    @Test func flushKeepsFramesWholeAndOrdered() async throws {
        let (writing, reading) = Self.socketPair()
        defer { close(reading) }
        let transport = SocketTransport(fileDescriptor: writing)
        let writer = FrameWriter()
        let writerResult = Mutex<String??>(nil)
        try IOThread.start(name: "test-writer") {
            let failure = writer.run(transport: transport)
            writerResult.withLock { $0 = .some(failure) }
        }

        let producers: UInt8 = 4
        let chunksPerProducer: UInt32 = 500
        let total = Int(producers) * Int(chunksPerProducer) * Self.chunkSize
        // Read on a thread of its own: blocking reads on the cooperative pool would
        // hold up other tests running in parallel.
        async let received = withCheckedContinuation { (continuation: CheckedContinuation<[UInt8], Never>) in
            do {
                try IOThread.start(name: "test-reader") {
                    continuation.resume(returning: Self.readAll(reading, count: total))
                }
            } catch {
                continuation.resume(returning: [])
            }
        }
        await withTaskGroup(of: Void.self) { group in
            for producer in 1...producers {
                group.addTask {
                    for number in 0..<chunksPerProducer {
                        writer.enqueue(Self.chunk(producer: producer, number: number), wakingWriter: false)
                        writer.flush()
                    }
                }
            }
        }
        let bytes = await received
        writer.stop()
        while writerResult.withLock({ $0 == nil }) {
            try await Task.sleep(for: .milliseconds(5))
        }
        transport.close()

        #expect(bytes.count == total)
        var nextNumber = [UInt32](repeating: 0, count: Int(producers) + 1)
        var offset = 0
        while offset + Self.chunkSize <= bytes.count {
            let producer = bytes[offset]
            #expect((1...producers).contains(producer), "chunk at byte \(offset) starts with \(producer)")
            guard (1...producers).contains(producer) else { break }
            let number = bytes[(offset + 1)..<(offset + 5)].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            #expect(number == nextNumber[Int(producer)], "producer \(producer) at byte \(offset)")
            #expect(bytes[(offset + 5)..<(offset + Self.chunkSize)].allSatisfy { $0 == producer }, "chunk at byte \(offset) is cut")
            nextNumber[Int(producer)] = number + 1
            offset += Self.chunkSize
        }
        #expect(nextNumber.dropFirst().allSatisfy { $0 == chunksPerProducer })
        #expect(writerResult.withLock { $0 } == .some(nil))
    }

    @Test func flushToClosedPeerFails() async throws {
        let (writing, reading) = Self.socketPair()
        close(reading)
        let transport = SocketTransport(fileDescriptor: writing)
        let writer = FrameWriter()
        let finished = Mutex<String??>(nil)
        try IOThread.start(name: "test-writer") {
            let failure = writer.run(transport: transport)
            finished.withLock { $0 = .some(failure) }
        }
        // Flush sends nothing until the writer thread runs, so it is retried until the
        // writer reports the failure.
        while true {
            writer.enqueue(Self.chunk(producer: 1, number: 0), wakingWriter: false)
            writer.flush()
            if finished.withLock({ $0 != nil }) { break }
            try await Task.sleep(for: .milliseconds(10))
        }
        let failure = finished.withLock { $0 } ?? nil
        #expect(failure != nil)
        #expect(writer.enqueue([1, 2, 3]) == false)
        transport.close()
    }
}
