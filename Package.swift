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
        // Envelope, typed events, registry, publisher and subscriber.
        .target(name: "Bloodbank", dependencies: ["AMQPClient", "AMQPWire"], swiftSettings: strictSettings),
        // The 33GOD ecosystem's event types.
        .target(name: "BloodbankCatalog", dependencies: ["Bloodbank"], swiftSettings: strictSettings),
        .executableTarget(
            name: "bb",
            dependencies: ["Bloodbank", "BloodbankCatalog", "AMQPClient"],
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
            swiftSettings: strictSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
