/// Which of the officially accepted forms `rmbUppercase` writes (domain.md §4, "Two output profiles").
public enum RMBUppercaseStyle: Sendable, Hashable {
    /// First-listed official forms of PBOC 《正确填写票据和结算凭证的基本规定》: unit 元; writes the
    /// optional 零 after 元 when 元位 is 0 and 角 is not (rule 4.3, ¥1,680.32 → 壹仟陆佰捌拾元零叁角贰分).
    case cheque
    /// As printed on a real 数电票 (domain.md §4 "Observed"): unit 圆 and no optional 零 of rule
    /// 4.3 (¥190.47 → 壹佰玖拾圆肆角柒分). Required 零s (rules 4.1, 4.2, 4.4) are still written.
    case taxInvoice
}

/// Writes a CNY amount in Chinese uppercase (大写金额) following PBOC 银发〔1997〕393号 附一
/// rules 1, 2 and 4 (domain.md §4). The caller adds the 人民币 prefix (rule 3) if the form needs it.
///
/// Worked example, ¥100,010.01 in cheque style: integer digits 1 0 0 0 1 0 (拾万 … 个):
/// 壹拾 + 万 (group unit, the 万 group is non-zero) + 零 (run of zeros 万位…佰位, rule 4.2) + 壹拾,
/// then 元; 角 is 0 and 分 is not, so 零 is required (rule 4.4) → 壹拾万零壹拾元零壹分.
///
/// Zero rules as implemented:
/// - a run of zeros between two written digits gives one 零 (rules 4.1, 4.2), across group
///   boundaries too (100,010,000 → 壹亿零壹万);
/// - exception, rule 4.3: when 万位 is 0 and 仟位 is not, *and* the 万 group is written, no 零
///   (¥107,000.53 → 壹拾万柒仟元…, the first-listed official form; both styles). The same
///   position in the 亿 group (亿位 0, 仟万位 non-zero) is not named by rule 4.3, so 零 is
///   written there (rule 4.1); that is acceptable under either reading of the rules;
/// - 元位 0 and 角 non-zero: 零 after 元 in `.cheque` only (rule 4.3, optional);
/// - 角 0 and 分 non-zero: 零 after 元 in both styles (rule 4.4, required);
/// - no integer part: nothing before the fraction (0.05 → 伍分; domain.md §4 table [U]);
/// - 整 after 元 only (rule 2; none after 角 or 分); 0.00 → 零元整 / 零圆整 (convention [U]).
///
/// Throws `rmb.currency` for non-CNY amounts, `rmb.negative` below zero and `rmb.range` for
/// amounts ≥ 10¹² yuan.
public func rmbUppercase(
    _ amount: Money, style: RMBUppercaseStyle, field: String = "amount"
) throws(DomainIssue) -> String {
    guard amount.currency == .cny else {
        throw .error(field, "rmb.currency", "uppercase amounts are written for CNY only, got \(amount.currency.rawValue)")
    }
    guard amount.minorUnits >= 0 else {
        throw .error(field, "rmb.negative", "amount \(amount.formatted()) is negative")
    }
    guard amount.minorUnits < Money.upperBoundMinorUnits else {
        throw .error(field, "rmb.range", "amount \(amount.formatted()) is not below 1,000,000,000,000 yuan (万亿)")
    }
    let yuanUnit = style == .cheque ? "元" : "圆"
    let yuan = amount.minorUnits / 100
    let jiao = Int((amount.minorUnits / 10) % 10)
    let fen = Int(amount.minorUnits % 10)

    if yuan == 0 && jiao == 0 && fen == 0 { return "零" + yuanUnit + "整" }

    var text = ""
    if yuan > 0 {
        text = rmbIntegerUppercase(yuan) + yuanUnit
        if jiao == 0 && fen == 0 { return text + "整" }  // rule 2
        if jiao == 0 {
            text += "零"  // rule 4.4, required
        } else if style == .cheque && yuan % 10 == 0 {
            text += "零"  // rule 4.3, optional; first-listed form writes it
        }
    }
    if jiao != 0 { text += String(rmbDigits[jiao]) + "角" }
    if fen != 0 { text += String(rmbDigits[fen]) + "分" }
    return text
}

/// 零 壹 贰 叁 肆 伍 陆 柒 捌 玖 (PBOC rule 1).
let rmbDigits: [Character] = ["零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖"]

/// Uppercase of a positive integer below 10¹², without the 元 unit.
func rmbIntegerUppercase(_ value: Int64) -> String {
    precondition(value > 0 && value < 1_000_000_000_000)
    let positionUnits = ["", "拾", "佰", "仟"]
    let groupUnits = ["", "万", "亿"]
    var digits = [Int](repeating: 0, count: 12)  // digits[p] = digit at 10^p
    var rest = value
    for p in 0..<12 {
        digits[p] = Int(rest % 10)
        rest /= 10
    }
    func groupIsWritten(_ group: Int) -> Bool { digits[(group * 4)..<(group * 4 + 4)].contains { $0 != 0 } }

    var text = ""
    var started = false
    var pendingZero = false
    for p in stride(from: 11, through: 0, by: -1) {
        let digit = digits[p]
        if digit == 0 {
            if started { pendingZero = true }
        } else {
            // Rule 4.3: 万位 zero followed by a non-zero 仟位 needs no 零 when 万 is written.
            let wanExemption = p == 3 && digits[4] == 0 && groupIsWritten(1)
            if pendingZero && !wanExemption { text += "零" }
            pendingZero = false
            text += String(rmbDigits[digit]) + positionUnits[p % 4]
            started = true
        }
        if p % 4 == 0 && p > 0 && groupIsWritten(p / 4) {
            text += groupUnits[p / 4]
        }
    }
    return text
}
