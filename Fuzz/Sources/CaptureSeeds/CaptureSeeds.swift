import AMQPClient
import AMQPWire
import Foundation

/// Records a real conversation between AMQPClient and a RabbitMQ node on 127.0.0.1 and
/// writes its frames as seed files for the fuzz targets.
///
/// Usage: `CaptureSeeds --url amqp://USER:PASSWORD@127.0.0.1:PORT/ [--output DIRECTORY]`
///
/// The client connects through a recording relay on an ephemeral loopback port, runs
/// ``TrafficScenario``, and closes. The output directory (default `Fuzz/Corpus`) gets
/// `FuzzFrameDecoder/captured-*` files (whole streams, single frames, content sequences)
/// and `FuzzMethodDecoder/captured-*` files (method and content header payloads and field
/// tables). Earlier `captured-*` files are replaced; other seed files are kept.
@main
struct CaptureSeeds {
    static func main() async {
        do {
            let options = try Options(CommandLine.arguments.dropFirst())
            try await capture(options)
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            exit(1)
        }
    }

    static func capture(_ options: Options) async throws {
        var configuration = try AMQPConfiguration(url: options.url)
        guard configuration.host == "127.0.0.1" || configuration.host == "localhost" else {
            throw CaptureError("the broker must run on 127.0.0.1, not \(configuration.host)")
        }
        guard let brokerPort = UInt16(exactly: configuration.port) else {
            throw CaptureError("port \(configuration.port) is out of range")
        }
        let proxy = try RecordingProxy(upstreamPort: brokerPort)
        proxy.start()

        configuration.host = "127.0.0.1"
        configuration.port = Int(proxy.port)
        configuration.frameMax = TrafficScenario.frameMax
        configuration.heartbeatSeconds = 1
        configuration.connectionName = "bloodbank fuzz seed capture"
        configuration.recovery = RecoveryPolicy(isEnabled: false)
        try await TrafficScenario.run(configuration)

        guard proxy.waitUntilClosed(seconds: 10) else {
            throw CaptureError("the relayed connection did not close within 10 seconds")
        }
        var writer = SeedWriter(corpusDirectory: URL(fileURLWithPath: options.outputDirectory))
        try writer.removeCapturedSeeds()
        try writer.writeSeeds(stream: proxy.recordedBytes(.clientToServer), prefix: "captured-client")
        try writer.writeSeeds(stream: proxy.recordedBytes(.serverToClient), prefix: "captured-server")
        print("Wrote \(writer.frameSeedCount) FuzzFrameDecoder seeds and \(writer.payloadSeedCount) FuzzMethodDecoder seeds to \(options.outputDirectory).")
    }
}

/// The command-line options of CaptureSeeds.
struct Options {
    var url = ""
    var outputDirectory = "Fuzz/Corpus"

    init(_ arguments: ArraySlice<String>) throws(CaptureError) {
        var remaining = arguments
        while let argument = remaining.popFirst() {
            switch argument {
            case "--url":
                guard let value = remaining.popFirst() else { throw CaptureError("--url needs a value") }
                url = value
            case "--output":
                guard let value = remaining.popFirst() else { throw CaptureError("--output needs a value") }
                outputDirectory = value
            default:
                throw CaptureError("unknown argument '\(argument)'; usage: CaptureSeeds --url AMQP-URL [--output DIRECTORY]")
            }
        }
        guard !url.isEmpty else { throw CaptureError("--url is missing; usage: CaptureSeeds --url AMQP-URL [--output DIRECTORY]") }
    }
}
