// swift-tools-version:6.2
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "territoires",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "territoires", targets: ["territoires"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        // Tests only: property-based checks of the file readers.
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
    ],
    targets: [
        // zlib, to read the gzip-compressed datasets bundled in Data/.
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
        // Reading real French files: CSV dialects, encodings, gzip, Excel workbooks.
        // Optimised in debug builds too: the tests and the browser checks read national-size files through it.
        .target(name: "Tabular", dependencies: ["CZlib"], swiftSettings: swiftSettings + [.unsafeFlags(["-O"], .when(configuration: .debug))]),
        // The referential: communes, EPCI, départements, régions, programmes, search. Pure values and functions.
        .target(name: "Referential", swiftSettings: swiftSettings),
        // Observatoire: indicator catalogue, aggregates, percentiles, peers. Pure.
        .target(name: "Observatoire", dependencies: ["Referential"], swiftSettings: swiftSettings),
        // Accounts, roles, sessions, API tokens, audit log; password and token hashing.
        .target(
            name: "Accounts",
            dependencies: [.product(name: "HummingbirdBcrypt", package: "hummingbird-auth"), .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings
        ),
        // Parcours: the data-maturity questionnaire, scoring, levels and routing rules. Pure.
        .target(name: "Parcours", swiftSettings: swiftSettings),
        // Validation of CSV files against the local-data standards (Table Schema), with Validata's error kinds.
        .target(name: "Validation", dependencies: ["Tabular"], resources: [.copy("Schemas")], swiftSettings: swiftSettings),
        // Rénovation: public buildings, energy figures, the intensity model (gradient-boosted trees), ranking. Pure.
        // Optimised in debug builds too: the tests retrain the model on the real data, 15× faster so.
        .target(name: "Renovation", dependencies: ["Tabular"], swiftSettings: swiftSettings + [.unsafeFlags(["-O"], .when(configuration: .debug))]),
        // Shapes, projections, neighbours and server-rendered SVG maps. Pure.
        // XML.escape, shared with the HTML pages, lives in Tabular (the text formats).
        .target(name: "Cartography", dependencies: ["Tabular"], swiftSettings: swiftSettings),
        // The real datasets shipped with the product, and their parsing into referential values.
        .target(
            name: "BundledData",
            dependencies: ["Tabular", "Referential", "Cartography", "Observatoire", "Renovation"],
            path: "Data",
            exclude: ["README.md"],
            resources: [.copy("referentiel"), .copy("geo"), .copy("indicateurs"), .copy("batiments")],
            swiftSettings: swiftSettings
        ),
        // Persistence behind protocols: SQLite through GRDB today.
        .target(
            name: "Storage",
            dependencies: ["Tabular", "Referential", "Cartography", "Observatoire", "Accounts", "Parcours", "Renovation", .product(name: "GRDB", package: "GRDB.swift"),
                           .product(name: "GRDBSQLite", package: "GRDB.swift"),
                           .product(name: "PostgresNIO", package: "postgres-nio"), .product(name: "NIOCore", package: "swift-nio"),
                           .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        // HTTP: pages, JSON API, OpenAPI document, errors.
        .target(
            name: "Web",
            dependencies: [
                "Referential", "Cartography", "Observatoire", "Tabular", "Accounts", "Parcours", "Validation", "Renovation",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
            ],
            resources: [.copy("Templates"), .copy("Public")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "territoires",
            dependencies: [
                "Referential", "Cartography", "Observatoire", "Accounts", "BundledData", "Storage", "Web", "Renovation", "Tabular",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TestSupport",
            dependencies: ["Referential", "Cartography", "Observatoire", "Accounts", "Parcours", "Storage", "Web", "BundledData",
                           .product(name: "Hummingbird", package: "hummingbird"),
                           .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "TabularTests", dependencies: ["Tabular", .product(name: "PropertyBased", package: "swift-property-based")], swiftSettings: swiftSettings),
        .testTarget(name: "ReferentialTests", dependencies: ["Referential", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "CartographyTests", dependencies: ["Cartography"], swiftSettings: swiftSettings),
        .testTarget(name: "ValidationTests", dependencies: ["Validation"], swiftSettings: swiftSettings),
        .testTarget(name: "RenovationTests", dependencies: ["Renovation", "Tabular", "BundledData"], swiftSettings: swiftSettings),
        .testTarget(name: "ParcoursTests", dependencies: ["Parcours"], swiftSettings: swiftSettings),
        .testTarget(name: "AccountsTests", dependencies: ["Accounts"], swiftSettings: swiftSettings),
        .testTarget(name: "ObservatoireTests", dependencies: ["Observatoire", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "StorageTests", dependencies: ["Storage", "BundledData", "TestSupport", "Observatoire", "Tabular", "Accounts", "Parcours", "Renovation", .product(name: "GRDB", package: "GRDB.swift")],
                    exclude: ["Fixtures"], swiftSettings: swiftSettings),
        .testTarget(name: "WebTests", dependencies: ["Web", "TestSupport", "Referential", "Accounts", "Renovation", "BundledData", "Tabular",
                                                   .product(name: "Logging", package: "swift-log"), .product(name: "NIOCore", package: "swift-nio"),
                                                   .product(name: "ServiceLifecycle", package: "swift-service-lifecycle")],
                    swiftSettings: swiftSettings),
    ]
)
