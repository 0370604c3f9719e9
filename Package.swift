// swift-tools-version:6.0
// Wenshu: template + data → document tree → layout → PDF / PNG.
// Each pipeline stage is its own target; a target imports only earlier stages.
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "Wenshu",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "wenshu", targets: ["wenshu"]),
        .library(name: "Wenshu", targets: ["Wenshu"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.0"),
        .package(url: "https://github.com/vapor/sqlite-nio", from: "1.13.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.0"),
        .package(url: "https://github.com/apple/swift-asn1", from: "1.7.4"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),
    ],
    targets: [
        // C libraries from Debian's -dev packages.
        .systemLibrary(name: "CHarfBuzz", pkgConfig: "harfbuzz-subset", providers: [.apt(["libharfbuzz-dev"])]),
        .systemLibrary(name: "CFreeType", pkgConfig: "freetype2", providers: [.apt(["libfreetype-dev"])]),
        .systemLibrary(name: "CPNG", pkgConfig: "libpng", providers: [.apt(["libpng-dev"])]),
        .systemLibrary(name: "CQREncode", pkgConfig: "libqrencode", providers: [.apt(["libqrencode-dev"])]),
        .systemLibrary(name: "CTurboJPEG", pkgConfig: "libturbojpeg", providers: [.apt(["libturbojpeg0-dev"])]),
        .systemLibrary(name: "CDeflate", pkgConfig: "libdeflate", providers: [.apt(["libdeflate-dev"])]),
        .systemLibrary(name: "CXXHash", pkgConfig: "libxxhash", providers: [.apt(["libxxhash-dev"])]),
        // ICU is called from C so that no ICU type meets Foundation's own copy of ICU.
        .target(name: "CLineBreak", linkerSettings: [.linkedLibrary("icuuc")]),

        // Pipeline stages.
        .target(name: "WenshuDiagnostics", swiftSettings: strict),
        .target(name: "WenshuDomain", dependencies: ["WenshuDiagnostics"], exclude: ["COMPLIANCE.md", "Names/UNICODE-LICENSE.txt"], swiftSettings: strict),
        .target(name: "WenshuText", dependencies: ["WenshuDiagnostics", "CHarfBuzz", "CLineBreak", "CDeflate"], swiftSettings: strict),
        .target(name: "WenshuImage", dependencies: ["WenshuDiagnostics", "CPNG", "CTurboJPEG"], swiftSettings: strict),
        .target(name: "WenshuPages", dependencies: ["WenshuDiagnostics", "WenshuText", "WenshuImage"], swiftSettings: strict),
        .target(name: "WenshuDocument", dependencies: ["WenshuDiagnostics"], swiftSettings: strict),
        .target(name: "WenshuLayout", dependencies: ["WenshuDocument", "WenshuPages", "WenshuText", "WenshuImage", "CQREncode"], swiftSettings: strict),
        .target(name: "WenshuTemplates", dependencies: ["WenshuDocument", "WenshuDomain", "WenshuDiagnostics", "Yams", .product(name: "Crypto", package: "swift-crypto")], swiftSettings: strict),
        .target(name: "WenshuRaster", dependencies: ["WenshuDiagnostics", "WenshuPages", "WenshuText", "WenshuImage", "CFreeType", "CDeflate"], swiftSettings: strict),
        .target(name: "WenshuPDF", dependencies: ["WenshuDiagnostics", "WenshuPages", "WenshuText", "WenshuImage", "CDeflate", "CXXHash", .product(name: "Crypto", package: "swift-crypto"), .product(name: "_CryptoExtras", package: "swift-crypto")],
                exclude: ["Export/Archive/PDFA.md"], swiftSettings: strict),
        .target(name: "Wenshu", dependencies: ["WenshuTemplates", "WenshuLayout", "WenshuPDF", "WenshuRaster", "WenshuSigning", "WenshuText", "WenshuDocument", "WenshuDiagnostics", "WenshuPages", .product(name: "Crypto", package: "swift-crypto")], swiftSettings: strict),

        // Signing: a pass over finished PDF bytes (PAdES incremental update); never sees a render stage.
        .target(name: "WenshuSigning", dependencies: [
            "WenshuDiagnostics",
            .product(name: "Crypto", package: "swift-crypto"), .product(name: "_CryptoExtras", package: "swift-crypto"),
            .product(name: "SwiftASN1", package: "swift-asn1"), .product(name: "X509", package: "swift-certificates"),
            .product(name: "AsyncHTTPClient", package: "async-http-client"), .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
        ], exclude: ["PADES.md"], swiftSettings: strict),

        // Delivery: takes finished bytes, never a render stage. Channels are their own modules.
        .target(name: "WenshuMail", dependencies: [
            "WenshuDiagnostics",
            .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"), .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "_CryptoExtras", package: "swift-crypto"), .product(name: "Logging", package: "swift-log"),
        ], swiftSettings: strict),
        .target(name: "WenshuStorage", dependencies: [
            "WenshuDiagnostics",
            .product(name: "AsyncHTTPClient", package: "async-http-client"), .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOHTTP1", package: "swift-nio"),
        ], swiftSettings: strict),
        .target(name: "WenshuDelivery", dependencies: [
            "WenshuDiagnostics", "WenshuMail", "WenshuStorage",
            .product(name: "SQLiteNIO", package: "sqlite-nio"), .product(name: "PostgresNIO", package: "postgres-nio"),
            .product(name: "Logging", package: "swift-log"), .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
        ], swiftSettings: strict),

        // The service: HTTP concerns stay here; lower modules never learn of them.
        .target(name: "WenshuServer", dependencies: [
            "Wenshu", "WenshuText", "WenshuTemplates", "WenshuDomain", "WenshuDiagnostics", "WenshuDelivery", "WenshuStorage", "WenshuMail",
            "WenshuPDF", "WenshuSigning",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "Metrics", package: "swift-metrics"), .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "Logging", package: "swift-log"), .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "NIOCore", package: "swift-nio"),
        ], swiftSettings: strict),

        .executableTarget(name: "wenshu", dependencies: ["Wenshu", "WenshuPDF", "WenshuSigning", "WenshuTemplates", "WenshuDiagnostics", "WenshuDelivery", "WenshuServer", .product(name: "ArgumentParser", package: "swift-argument-parser")], swiftSettings: strict),
        .executableTarget(name: "WenshuBenchmarks", dependencies: ["Wenshu", "WenshuTemplates", "WenshuText", "WenshuPDF", "WenshuPages", "WenshuLayout", "WenshuDocument", "WenshuDiagnostics", "WenshuDelivery", "WenshuMail", "WenshuRaster", "WenshuSigning", .product(name: "Logging", package: "swift-log"), .product(name: "Crypto", package: "swift-crypto"), .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio")], swiftSettings: strict),

        // Tests: one target per module, Swift Testing.
        .testTarget(name: "WenshuDomainTests", dependencies: ["WenshuDomain"], swiftSettings: strict),
        .testTarget(name: "WenshuTemplatesTests", dependencies: ["WenshuTemplates", "WenshuDocument", "WenshuDiagnostics", "WenshuDomain"],
                    exclude: ["Fixtures"], swiftSettings: strict),
        .testTarget(name: "WenshuTextTests", dependencies: ["WenshuText", "CFreeType"], swiftSettings: strict),
        .testTarget(name: "WenshuPDFTests", dependencies: ["WenshuPDF", "CDeflate", "WenshuPages", "WenshuText", "WenshuLayout", "WenshuDocument", "WenshuDiagnostics"],
                    exclude: ["PreflightAllowlist.txt"], swiftSettings: strict),
        .testTarget(name: "WenshuPagesTests", dependencies: ["WenshuPages"], swiftSettings: strict),
        .testTarget(name: "WenshuLayoutTests", dependencies: ["WenshuLayout", "WenshuPDF", "WenshuPages", "WenshuText", "WenshuDocument", "WenshuDiagnostics", "CQREncode"], swiftSettings: strict),
        .testTarget(name: "WenshuRasterTests", dependencies: ["WenshuRaster", "WenshuPages", "WenshuText", "WenshuImage", "WenshuDiagnostics", "CPNG", "CQREncode"], swiftSettings: strict),
        .testTarget(name: "WenshuMailTests", dependencies: ["WenshuMail", .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOEmbedded", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"), .product(name: "Logging", package: "swift-log")], swiftSettings: strict),
        .testTarget(name: "WenshuStorageTests", dependencies: ["WenshuStorage"], swiftSettings: strict),
        .testTarget(name: "WenshuDeliveryTests", dependencies: [
            "WenshuDelivery", "WenshuMail", "WenshuStorage", "WenshuServer", "Wenshu", "wenshu", "WenshuSigning",
            .product(name: "HummingbirdTesting", package: "hummingbird"), .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "NIOCore", package: "swift-nio"), .product(name: "Logging", package: "swift-log"),
        ], swiftSettings: strict),
        .testTarget(name: "WenshuServerTests", dependencies: [
            "WenshuServer", "WenshuDelivery", "WenshuStorage", "Wenshu",
            .product(name: "HummingbirdTesting", package: "hummingbird"), .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "AsyncHTTPClient", package: "async-http-client"), .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
        ], swiftSettings: strict),
        .testTarget(name: "WenshuSigningTests", dependencies: [
            "WenshuSigning", "Wenshu", "wenshu", "WenshuText",
            .product(name: "Crypto", package: "swift-crypto"), .product(name: "_CryptoExtras", package: "swift-crypto"),
        ], swiftSettings: strict),
        .testTarget(name: "WenshuTests", dependencies: ["Wenshu", "wenshu", "WenshuDocument", "WenshuDiagnostics", "WenshuText", "CPNG"], swiftSettings: strict),
    ]
)

// libFuzzer harnesses (issue 15), one executable a target, run by scripts/fuzz.sh. They exist only
// with WENSHU_FUZZ=1: libFuzzer supplies their main, so they link only with -sanitize=fuzzer.
if Context.environment["WENSHU_FUZZ"] == "1" {
    let harnesses: [(String, [Target.Dependency])] = [
        ("FuzzTemplate", ["WenshuTemplates"]),
        ("FuzzData", ["WenshuTemplates", "WenshuLayout", "WenshuPDF", "WenshuText"]),
        ("FuzzExpression", ["WenshuTemplates", "WenshuDomain"]),
        ("FuzzImage", ["WenshuImage", "WenshuTemplates"]),
        ("FuzzCFF", ["WenshuText"]),
        ("FuzzSMTPReply", ["WenshuMail"]),
        ("FuzzMIME", ["WenshuMail"]),
    ]
    for (name, dependencies) in harnesses {
        package.targets.append(.executableTarget(name: name, dependencies: dependencies, path: "Fuzz/\(name)",
                                                 swiftSettings: strict))
        package.products.append(.executable(name: name, targets: [name]))
    }
}
