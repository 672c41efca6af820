// swift-tools-version:6.0
import PackageDescription

let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "Bloodbank",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "AMQPWire", targets: ["AMQPWire"]),
        .library(name: "AMQPClient", targets: ["AMQPClient"]),
        .library(name: "Bloodbank", targets: ["Bloodbank"]),
        .library(name: "BloodbankCatalog", targets: ["BloodbankCatalog"]),
        .executable(name: "bb", targets: ["bb"]),
    ],
    targets: [
        // Pure AMQP 0-9-1 codec: bytes in, values out. No sockets, no tasks.
        .target(name: "AMQPWire", swiftSettings: strictSettings),
        // Socket transport, connection and channel state machines.
        .target(name: "AMQPClient", dependencies: ["AMQPWire"], swiftSettings: strictSettings),
        // The OS's SQLite library, for the outbox and the de-duplication store. Swift on
        // Linux ships no SQLite module, and no package can be fetched, so the system
        // library is linked directly.
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite", providers: [.apt(["libsqlite3-dev"])]),
        // Envelope, typed events, registry, publisher and subscriber.
        .target(name: "Bloodbank", dependencies: ["AMQPClient", "AMQPWire", "CSQLite"], swiftSettings: strictSettings),
        // The 33GOD ecosystem's event types.
        .target(name: "BloodbankCatalog", dependencies: ["Bloodbank"], swiftSettings: strictSettings),
        .executableTarget(
            name: "bb",
            dependencies: ["Bloodbank", "BloodbankCatalog", "AMQPClient"],
            swiftSettings: strictSettings
        ),

        // A consumer and a producer run as child processes by the reliability tests, which
        // signal and kill them.
        .executableTarget(
            name: "ReliabilityProbe",
            dependencies: ["Bloodbank", "AMQPClient"],
            path: "Tests/ReliabilityProbe",
            swiftSettings: strictSettings
        ),

        .testTarget(name: "AMQPWireTests", dependencies: ["AMQPWire"], swiftSettings: strictSettings),
        .testTarget(name: "AMQPClientTests", dependencies: ["AMQPClient", "AMQPWire"], swiftSettings: strictSettings),
        .testTarget(name: "BloodbankTests", dependencies: ["Bloodbank"], swiftSettings: strictSettings),
        .testTarget(
            name: "BloodbankCatalogTests",
            dependencies: ["BloodbankCatalog", "Bloodbank"],
            swiftSettings: strictSettings
        ),
        // Runs against a real RabbitMQ node; scripts/test.sh starts one and sets BLOODBANK_TEST_URL.
        .testTarget(
            name: "IntegrationTests",
            dependencies: ["Bloodbank", "BloodbankCatalog", "AMQPClient", "AMQPWire"],
            // The Python peer scripts that the interoperability tests run.
            exclude: ["Python"],
            swiftSettings: strictSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
