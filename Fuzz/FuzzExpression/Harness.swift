import Foundation
import WenshuDomain
@testable import WenshuTemplates

/// The expression and filter parser: the first line of the input is the inside of a `{{ }}`
/// binding (also tried as an `if:` condition and a data path), the rest is a JSON value that every
/// valid filter of the binding is applied to, as at render time.

/// Also exported under libFuzzer's name, which its archive expects to find.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzExpression(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: start, count: count))
    let newline = bytes.firstIndex(of: 0x0A) ?? bytes.count
    let expression = String(decoding: bytes[..<newline], as: UTF8.self)
    _ = Condition.parse(expression)
    _ = DataPath.parse(expression)
    guard case .success(let binding) = Binding.parse(expression) else { return 0 }
    let json = newline < bytes.count ? Array(bytes[(newline + 1)...]) : Array("\"1234.5\"".utf8)
    var value = try? JSONParser.parse(json, maxDepth: 32)
    for filter in binding.filters where Filters.check(filter) == nil {
        do { value = try Filters.apply(filter, to: value, currency: .cny) } catch { return 0 }
    }
    return 0
}
