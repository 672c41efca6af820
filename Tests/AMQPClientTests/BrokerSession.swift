import AMQPWire

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The server's end of one accepted connection, used by a ``ScriptedBroker`` script on
/// the broker thread.
///
/// Reads decode frames with `AMQPFrameDecoder` and record them in the broker. Writes
/// encode frames with `AMQPFrameEncoder`. Heartbeat frames from the client are recorded
/// but skipped by the `expect` helpers. Every read has a deadline and throws
/// ``ScriptFailure`` when it passes, when the client closes the socket, or when the
/// client's bytes do not decode.
final class BrokerSession {
    private let socket: Int32
    private let broker: ScriptedBroker
    private var decoder = AMQPFrameDecoder(maximumFrameSize: 0)
    private var readBuffer = [UInt8](repeating: 0, count: 65_536)

    init(socket: Int32, broker: ScriptedBroker) {
        self.socket = socket
        self.broker = broker
    }

    /// The largest frame the broker may send, from its `connection.tune`.
    var frameMax: UInt32 { broker.tune.frameMax }

    /// Tells a test waiting in ``ScriptedBroker/waitForMark(_:timeout:)`` that the script
    /// reached `name`.
    func mark(_ name: String) {
        broker.state.withLock { _ = $0.marks.insert(name) }
    }

    /// Waits until the test calls ``ScriptedBroker/signal(_:)`` with `name`.
    func waitForSignal(_ name: String, timeout: Duration = .seconds(5)) throws {
        let deadline = ContinuousClock.now + timeout
        while !broker.state.withLock({ $0.signals.contains(name) }) {
            guard ContinuousClock.now < deadline else {
                throw ScriptFailure("the test did not signal '\(name)' within \(timeout)")
            }
            usleep(10_000)
        }
    }

    // MARK: - Sending

    func send(_ frame: AMQPFrame) throws {
        try send([frame])
    }

    /// Sends frames in one write, so the client reads them together.
    func send(_ frames: [AMQPFrame]) throws {
        var bytes: [UInt8] = []
        for frame in frames {
            try AMQPFrameEncoder.append(frame, to: &bytes)
        }
        try sendRaw(bytes)
    }

    /// Sends a content-bearing method, its content header and one body frame per
    /// `frameMax - 8` bytes of `body` (none for an empty body).
    func sendContent(
        channel: UInt16,
        _ method: AMQPMethod,
        properties: AMQPBasicProperties = AMQPBasicProperties(),
        body: [UInt8]
    ) throws {
        var frames: [AMQPFrame] = [
            .method(channel: channel, method),
            .header(channel: channel, AMQPContentHeader(bodySize: UInt64(body.count), properties: properties)),
        ]
        let chunkSize = Int(frameMax) - AMQPConstants.frameOverhead
        var offset = 0
        while offset < body.count {
            let end = min(offset + chunkSize, body.count)
            frames.append(.body(channel: channel, Array(body[offset..<end])))
            offset = end
        }
        try send(frames)
    }

    /// Writes bytes as they are, for frames the encoder would never produce.
    func sendRaw(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer in
                #if canImport(Glibc)
                Glibc.send(socket, buffer.baseAddress! + offset, buffer.count - offset, Int32(MSG_NOSIGNAL))
                #else
                Darwin.send(socket, buffer.baseAddress! + offset, buffer.count - offset, 0)
                #endif
            }
            if written < 0 {
                if errno == EINTR { continue }
                throw ScriptFailure("sending to the client failed with errno \(errno)")
            }
            offset += written
        }
    }

    // MARK: - Receiving

    /// Reads the 8-byte protocol header and checks that it requests AMQP 0-9-1.
    func expectProtocolHeader(timeout: Duration = .seconds(5)) throws {
        let deadline = ContinuousClock.now + timeout
        var header: [UInt8] = []
        while header.count < AMQPConstants.protocolHeader.count {
            switch try readSome(deadline: deadline, maximum: AMQPConstants.protocolHeader.count - header.count) {
            case .bytes(let count):
                header += readBuffer[0..<count]
            case .closed, .frame:
                throw ScriptFailure("the client closed the socket before sending its protocol header")
            case .timedOut:
                throw ScriptFailure("the client sent no protocol header within \(timeout)")
            }
        }
        guard header == AMQPConstants.protocolHeader else {
            throw ScriptFailure("the client sent protocol header \(header), expected \(AMQPConstants.protocolHeader)")
        }
    }

    /// Returns the next frame from the client, including heartbeats.
    func nextFrame(timeout: Duration = .seconds(5)) throws -> AMQPFrame {
        guard let frame = try nextFrameOrEnd(deadline: ContinuousClock.now + timeout) else {
            throw ScriptFailure("the client closed the socket while the script expected a frame")
        }
        return frame
    }

    /// Returns the next method frame, skipping heartbeats. Any other frame fails the script.
    func nextMethod(timeout: Duration = .seconds(5)) throws -> (channel: UInt16, method: AMQPMethod) {
        let deadline = ContinuousClock.now + timeout
        while true {
            guard let frame = try nextFrameOrEnd(deadline: deadline) else {
                throw ScriptFailure("the client closed the socket while the script expected a method")
            }
            switch frame {
            case .heartbeat:
                continue
            case .method(let channel, let method):
                return (channel, method)
            case .header, .body:
                throw ScriptFailure("expected a method frame, received \(frame)")
            }
        }
    }

    /// Returns the next method, which must be `name` (such as `channel.open`) and, when
    /// given, arrive on `channel`.
    @discardableResult
    func expect(_ name: String, channel: UInt16? = nil, timeout: Duration = .seconds(5)) throws -> (channel: UInt16, method: AMQPMethod) {
        let received = try nextMethod(timeout: timeout)
        guard received.method.name == name else {
            throw ScriptFailure("expected \(name), received \(received.method.name) on channel \(received.channel)")
        }
        if let channel, received.channel != channel {
            throw ScriptFailure("expected \(name) on channel \(channel), received it on channel \(received.channel)")
        }
        return received
    }

    /// Reads the content header and body frames that follow a content-bearing method on
    /// `channel`, until the header's body size is reached.
    func expectContent(channel: UInt16, timeout: Duration = .seconds(5)) throws -> (header: AMQPContentHeader, bodyFrames: [[UInt8]]) {
        let frame = try nextFrame(timeout: timeout)
        guard case .header(channel, let header) = frame else {
            throw ScriptFailure("expected a content header on channel \(channel), received \(frame)")
        }
        var bodyFrames: [[UInt8]] = []
        var received: UInt64 = 0
        while received < header.bodySize {
            let next = try nextFrame(timeout: timeout)
            guard case .body(channel, let bytes) = next else {
                throw ScriptFailure("expected a body frame on channel \(channel), received \(next)")
            }
            bodyFrames.append(bytes)
            received += UInt64(bytes.count)
        }
        guard received == header.bodySize else {
            throw ScriptFailure("the body frames carried \(received) bytes, but the content header announced \(header.bodySize)")
        }
        return (header, bodyFrames)
    }

    /// Waits for `channel.open`, sends `open-ok` and returns the channel number.
    @discardableResult
    func acceptChannelOpen() throws -> UInt16 {
        let (channel, _) = try expect("channel.open")
        try send(.method(channel: channel, .channel(.openOk)))
        return channel
    }

    /// Waits for the client's `connection.close`, sends `close-ok` and returns the close.
    @discardableResult
    func answerConnectionClose(timeout: Duration = .seconds(5)) throws -> AMQPMethod.Connection.Close {
        let (_, method) = try expect("connection.close", channel: 0, timeout: timeout)
        guard case .connection(.close(let close)) = method else {
            throw ScriptFailure("expected connection.close, received \(method.name)")
        }
        try send(.method(channel: 0, .connection(.closeOk)))
        return close
    }

    /// Reads until the client closes the socket, recording what it sends.
    func waitForDisconnect(timeout: Duration) throws {
        let deadline = ContinuousClock.now + timeout
        while try nextFrameOrEnd(deadline: deadline) != nil {}
    }

    /// Reads frames for `duration`, sending a heartbeat every `interval`, and returns the
    /// number of heartbeat frames the client sent. Any other frame fails the script.
    func exchangeHeartbeats(for duration: Duration, every interval: Duration) throws -> Int {
        let end = ContinuousClock.now + duration
        var nextHeartbeat = ContinuousClock.now + interval
        var received = 0
        while ContinuousClock.now < end {
            let sliceEnd = min(end, nextHeartbeat)
            readSlice: while true {
                switch try readFrame(deadline: sliceEnd) {
                case .frame(.heartbeat):
                    received += 1
                case .frame(let frame):
                    throw ScriptFailure("expected only heartbeats from an idle client, received \(frame)")
                case .closed:
                    throw ScriptFailure("the client closed the socket while idle")
                case .timedOut, .bytes:
                    break readSlice
                }
            }
            if ContinuousClock.now >= nextHeartbeat {
                try send(.heartbeat)
                nextHeartbeat = ContinuousClock.now + interval
            }
        }
        return received
    }

    // MARK: - Socket reads

    private enum ReadOutcome {
        case frame(AMQPFrame)
        case bytes(Int)
        case closed
        case timedOut
    }

    /// Returns the next frame from the client, `.closed` when it closed the socket, or
    /// `.timedOut` when `deadline` passed.
    private func readFrame(deadline: ContinuousClock.Instant) throws -> ReadOutcome {
        while true {
            let frame: AMQPFrame?
            do {
                frame = try decoder.nextFrame()
            } catch {
                throw ScriptFailure("the client sent bytes that do not decode: \(error)")
            }
            if let frame {
                broker.state.withLock { $0.frames.append(frame) }
                return .frame(frame)
            }
            let outcome = try readSome(deadline: deadline, maximum: readBuffer.count)
            guard case .bytes(let count) = outcome else { return outcome }
            decoder.append(Array(readBuffer[0..<count]))
        }
    }

    /// Returns the next frame, `nil` when the client closed the socket, and throws when
    /// `deadline` passes.
    private func nextFrameOrEnd(deadline: ContinuousClock.Instant) throws -> AMQPFrame? {
        switch try readFrame(deadline: deadline) {
        case .frame(let frame): return frame
        case .closed: return nil
        case .timedOut, .bytes: throw ScriptFailure("timed out waiting for the client")
        }
    }

    /// Reads up to `maximum` bytes into `readBuffer`.
    private func readSome(deadline: ContinuousClock.Instant, maximum: Int) throws -> ReadOutcome {
        while true {
            if broker.state.withLock({ $0.stopRequested }) {
                throw ScriptFailure("the test stopped the broker")
            }
            let now = ContinuousClock.now
            if now >= deadline { return .timedOut }
            // Poll in slices of at most 100 ms so that a stop request is noticed.
            let remaining = (deadline - now) / .milliseconds(1)
            let sliceMilliseconds = Int32(min(100, max(1, remaining.rounded(.up))))
            var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, sliceMilliseconds)
            if ready < 0 {
                if errno == EINTR { continue }
                throw ScriptFailure("poll failed with errno \(errno)")
            }
            if ready == 0 { continue }
            let count = readBuffer.withUnsafeMutableBytes { recv(socket, $0.baseAddress, maximum, 0) }
            if count > 0 { return .bytes(count) }
            if count == 0 { return .closed }
            if errno == EINTR || errno == EAGAIN { continue }
            if errno == ECONNRESET { return .closed }
            throw ScriptFailure("reading from the client failed with errno \(errno)")
        }
    }
}

/// A script step that did not go as expected. Its description becomes the test's failure.
struct ScriptFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
