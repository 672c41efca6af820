import AMQPWire
import Foundation

/// Splits a recorded byte stream into frames and writes them as seed files.
///
/// File names are `PREFIX-NNN-WHAT`, where NNN is the frame's position in its stream and
/// WHAT names the frame (`basic.deliver`, `content-header`, `body`, `heartbeat`). Files
/// with the same bytes are written once, under the first name.
struct SeedWriter {
    let frameDirectory: URL
    let payloadDirectory: URL
    private(set) var frameSeedCount = 0
    private(set) var payloadSeedCount = 0
    private var writtenSeeds: Set<[UInt8]> = []

    init(corpusDirectory: URL) {
        frameDirectory = corpusDirectory.appendingPathComponent("FuzzFrameDecoder")
        payloadDirectory = corpusDirectory.appendingPathComponent("FuzzMethodDecoder")
    }

    /// Deletes the `captured-*` files of an earlier run.
    func removeCapturedSeeds() throws {
        let files = FileManager.default
        for directory in [frameDirectory, payloadDirectory] {
            try files.createDirectory(at: directory, withIntermediateDirectories: true)
            for name in try files.contentsOfDirectory(atPath: directory.path) where name.hasPrefix("captured-") {
                try files.removeItem(at: directory.appendingPathComponent(name))
            }
        }
    }

    /// Writes the whole stream, each frame, each content-bearing method with its header
    /// and body frames, and each method payload, content header payload and field table.
    mutating func writeSeeds(stream: [UInt8], prefix: String) throws {
        var rest = stream[...]
        // The client's stream starts with the protocol header, which the decoder rejects;
        // it is a seed of its own.
        if rest.starts(with: AMQPConstants.protocolHeader) {
            try write(Array(rest.prefix(8)), to: frameDirectory, name: "\(prefix)-protocol-header")
            rest = rest.dropFirst(8)
        }
        let frames = try Self.split(rest, prefix: prefix)
        try write(frames.flatMap(\.raw), to: frameDirectory, name: "\(prefix)-stream")

        var contentStart: (index: Int, name: String)?
        for (position, (frame, raw)) in frames.enumerated() {
            let payload = raw[7..<raw.count - 1]
            let name = "\(prefix)-\(String(format: "%03d", position))-\(Self.describe(frame))"
            try write(raw, to: frameDirectory, name: name)

            var endsContent = false
            switch frame {
            case .method(_, let method):
                try write(Array(payload), to: payloadDirectory, name: name)
                for (field, table) in Self.fieldTables(of: method) {
                    try write(try Self.encode(table), to: payloadDirectory, name: "\(name)-\(field)")
                }
                contentStart = method.carriesContent ? (position, name) : nil
            case .header(_, let header):
                try write(Array(payload), to: payloadDirectory, name: name)
                if let headers = header.properties.headers {
                    try write(try Self.encode(headers), to: payloadDirectory, name: "\(name)-headers")
                }
                endsContent = header.bodySize == 0
            case .body:
                // Body frames of one content are adjacent, so the last is the one that a
                // frame of another type follows.
                let next = frames.indices.contains(position + 1) ? frames[position + 1].frame : nil
                if case .body = next {} else { endsContent = true }
            case .heartbeat:
                break
            }
            if endsContent, let start = contentStart {
                try write(frames[start.index...position].flatMap(\.raw), to: frameDirectory, name: "\(start.name)-with-content")
                contentStart = nil
            }
        }
    }

    /// Splits a stream into frames and their bytes, with the password in `start-ok`
    /// replaced so that no credential of the broker lands in the repository.
    private static func split(_ stream: ArraySlice<UInt8>, prefix: String) throws -> [(frame: AMQPFrame, raw: [UInt8])] {
        var decoder = AMQPFrameDecoder(maximumFrameSize: 0)
        decoder.append(Array(stream))
        var frames: [(frame: AMQPFrame, raw: [UInt8])] = []
        var offset = stream.startIndex
        while let frame = try decoder.nextFrame() {
            let end = stream.endIndex - decoder.bufferedByteCount
            if case .method(let channel, .connection(.startOk(var startOk))) = frame {
                startOk.response = redactedPlainResponse(startOk.response)
                let redacted = AMQPFrame.method(channel: channel, .connection(.startOk(startOk)))
                var raw: [UInt8] = []
                try AMQPFrameEncoder.append(redacted, to: &raw)
                frames.append((redacted, raw))
            } else {
                frames.append((frame, Array(stream[offset..<end])))
            }
            offset = end
        }
        guard decoder.bufferedByteCount == 0 else {
            throw CaptureError("\(prefix) ends with \(decoder.bufferedByteCount) bytes that are not a whole frame")
        }
        return frames
    }

    /// Returns a SASL PLAIN response (authorization id, NUL, user name, NUL, password) with
    /// the password replaced by `redacted`.
    private static func redactedPlainResponse(_ response: [UInt8]) -> [UInt8] {
        let parts = response.split(separator: 0, maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3 else { return Array("redacted".utf8) }
        return Array(parts[0]) + [0] + Array(parts[1]) + [0] + Array("redacted".utf8)
    }

    private mutating func write(_ bytes: [UInt8], to directory: URL, name: String) throws {
        guard writtenSeeds.insert(bytes).inserted else { return }
        try Data(bytes).write(to: directory.appendingPathComponent(name))
        if directory == frameDirectory {
            frameSeedCount += 1
        } else {
            payloadSeedCount += 1
        }
    }

    private static func describe(_ frame: AMQPFrame) -> String {
        switch frame {
        case .method(_, let method): method.name
        case .header: "content-header"
        case .body: "body"
        case .heartbeat: "heartbeat"
        }
    }

    /// The non-empty field tables a method carries, by argument name.
    private static func fieldTables(of method: AMQPMethod) -> [(String, AMQPFieldTable)] {
        let tables: [(String, AMQPFieldTable)]
        switch method {
        case .connection(.start(let start)): tables = [("server-properties", start.serverProperties)]
        case .connection(.startOk(let startOk)): tables = [("client-properties", startOk.clientProperties)]
        case .exchange(.declare(let declare)): tables = [("arguments", declare.arguments)]
        case .queue(.declare(let declare)): tables = [("arguments", declare.arguments)]
        case .queue(.bind(let bind)), .queue(.unbind(let bind)): tables = [("arguments", bind.arguments)]
        case .basic(.consume(let consume)): tables = [("arguments", consume.arguments)]
        default: tables = []
        }
        return tables.filter { !$0.1.isEmpty }
    }

    private static func encode(_ table: AMQPFieldTable) throws -> [UInt8] {
        var bytes: [UInt8] = []
        try table.encode(into: &bytes)
        return bytes
    }
}
