import Foundation

// libFuzzer's driver around this harness. SwiftPM gives the executable this file's entry point, so
// libFuzzer's own main is not linked; LLVMFuzzerRunDriver takes the same flags it would.
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(_ argc: UnsafeMutablePointer<Int32>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                     _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32) -> Int32

var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(runFuzzerDriver(&argc, &argv) { data, count in
    guard let data, count > 0 else { return 0 }
    return fuzzData(data, count)
})
