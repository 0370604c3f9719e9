/// Code 128 symbol encoding (ISO/IEC 15417): code set C for all-digit payloads, else code set B.
enum Code128 {
    /// Bar and space widths of symbol values 0–106 (106 is the stop pattern's first six elements).
    static let patterns: [String] = [
        "212222", "222122", "222221", "121223", "121322", "131222", "122213", "122312", "132212", "221213",
        "221312", "231212", "112232", "122132", "122231", "113222", "123122", "123221", "223211", "221132",
        "221231", "213212", "223112", "312131", "311222", "321122", "321221", "312212", "322112", "322211",
        "212123", "212321", "232121", "111323", "131123", "131321", "112313", "132113", "132311", "211313",
        "231113", "231311", "112133", "112331", "132131", "113123", "113321", "133121", "313121", "211331",
        "231131", "213113", "213311", "213131", "311123", "311321", "331121", "312113", "312311", "332111",
        "314111", "221411", "431111", "111224", "111422", "121124", "121421", "141122", "141221", "112214",
        "112412", "122114", "122411", "142112", "142211", "241211", "221114", "413111", "241112", "134111",
        "111242", "121142", "121241", "114212", "124112", "124211", "411212", "421112", "421211", "212141",
        "214121", "412121", "111143", "111341", "131141", "114113", "114311", "411113", "411311", "113141",
        "114131", "311141", "411131", "211412", "211214", "211232",
    ]
    static let stop = "2331112"

    /// Symbol values including start and check character, or nil for characters outside ASCII 32–126.
    static func values(_ payload: String) -> [Int]? {
        let bytes = Array(payload.utf8)
        guard !bytes.isEmpty, bytes.allSatisfy({ $0 >= 32 && $0 <= 126 }) else { return nil }
        var values: [Int] = []
        let digits = bytes.allSatisfy { $0 >= 48 && $0 <= 57 }
        if digits && bytes.count >= 2 {
            values.append(105)  // Start C: two digits a symbol
            var k = 0
            while k + 1 < bytes.count {
                values.append(Int(bytes[k] - 48) * 10 + Int(bytes[k + 1] - 48))
                k += 2
            }
            if k < bytes.count {
                values.append(100)  // Code B for the odd last digit
                values.append(Int(bytes[k]) - 32)
            }
        } else {
            values.append(104)  // Start B
            values += bytes.map { Int($0) - 32 }
        }
        // Check character: start value plus each value times its position, modulo 103.
        var sum = values[0]
        for (i, v) in values.enumerated().dropFirst() { sum += v * i }
        values.append(sum % 103)
        return values
    }

    /// Module colours (true = bar), start to stop.
    static func modules(_ payload: String) -> [Bool]? {
        guard let values = values(payload) else { return nil }
        var modules: [Bool] = []
        for pattern in values.map({ patterns[$0] }) + [stop] {
            for (k, width) in pattern.enumerated() {
                modules += Array(repeating: k % 2 == 0, count: Int(String(width))!)
            }
        }
        return modules
    }
}
