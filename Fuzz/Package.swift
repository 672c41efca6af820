// swift-tools-version:6.0
import PackageDescription

// Coverage-guided fuzzers for the AMQPWire codec, kept apart from the main package so that
// its `swift build` and `swift test` never build them. Build and run them with
// scripts/fuzz.sh, which adds libFuzzer and AddressSanitizer; its header explains the flags.

let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

// The fuzz targets define no `main`: libFuzzer's runtime supplies it and calls
// `LLVMFuzzerTestOneInput`, so their sources are compiled as a library.
let fuzzTargetSettings = strictSettings + [.unsafeFlags(["-parse-as-library"])]

let package = Package(
    name: "BloodbankFuzz",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "FuzzFrameDecoder", targets: ["FuzzFrameDecoder"]),
        .executable(name: "FuzzMethodDecoder", targets: ["FuzzMethodDecoder"]),
        .executable(name: "CaptureSeeds", targets: ["CaptureSeeds"]),
    ],
    dependencies: [
        .package(name: "Bloodbank", path: ".."),
    ],
    targets: [
        // Round-trip and consistency checks shared by the fuzz targets.
        .target(name: "FuzzChecks", dependencies: [.product(name: "AMQPWire", package: "Bloodbank")], swiftSettings: strictSettings),
        // Feeds a byte stream to AMQPFrameDecoder in input-derived chunks.
        .executableTarget(
            name: "FuzzFrameDecoder",
            dependencies: [.product(name: "AMQPWire", package: "Bloodbank"), "FuzzChecks"],
            swiftSettings: fuzzTargetSettings
        ),
        // Feeds one payload to the method, content header and field table decoders.
        .executableTarget(
            name: "FuzzMethodDecoder",
            dependencies: [.product(name: "AMQPWire", package: "Bloodbank"), "FuzzChecks"],
            swiftSettings: fuzzTargetSettings
        ),
        // Records real traffic between AMQPClient and a RabbitMQ node and writes seed files.
        // Built without sanitizers; scripts/fuzz.sh never builds it.
        .executableTarget(
            name: "CaptureSeeds",
            dependencies: [.product(name: "AMQPClient", package: "Bloodbank"), .product(name: "AMQPWire", package: "Bloodbank")],
            swiftSettings: strictSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
