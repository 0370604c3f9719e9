/// Sensitivity class of a field, after JR/T 0171-2020 (domain.md §3.4 [C] for the classes).
public enum FieldSensitivity: Sendable, Hashable {
    /// C3 authentication data (password, PIN, CVV/CVN, OTP, verification code): never printed.
    case authentication
    /// C2 personal identifiers (ID, passport, phone, card/account numbers): print masked unless
    /// the document needs the full value.
    case personalIdentifier
    /// Anything else.
    case other

    /// Classifies a field by its name (template key or JSON path). Matching is on words, so
    /// `cardPin`, `card_pin`, `PIN` are authentication data but `pinyinName` and `shipping` are
    /// not. Chinese names match by substring (验证码, 密码, 口令, 动态码).
    public static func of(fieldName: String) -> FieldSensitivity {
        let words = fieldNameWords(fieldName)
        let joined = words.joined()
        // 校验码 (an invoice's check code) is deliberately absent: it is not authentication data.
        if ["验证码", "密码", "口令", "动态码"].contains(where: { fieldName.contains($0) }) {
            return .authentication
        }
        if words.contains(where: authenticationWords.contains)
            || joined.contains("verificationcode") || joined.contains("password") {
            return .authentication
        }
        if words.contains(where: personalWords.contains)
            || ["身份证", "护照", "手机", "电话", "银行卡", "账号", "卡号"].contains(where: { fieldName.contains($0) }) {
            return .personalIdentifier
        }
        return .other
    }

    // Built once: the template compiler classifies every bound path, and building these sets on each
    // call was a measurable share of loading a template (the FuzzTemplate profile).
    static let authenticationWords: Set<String> = [
        "password", "passwd", "pwd", "passcode", "pin", "cvv", "cvv2", "cvc", "cvc2", "cvn", "cvn2",
        "otp", "totp", "verificationcode", "smscode", "authcode",
    ]
    static let personalWords: Set<String> = [
        "id", "idnumber", "idno", "residentid", "passport", "passportnumber", "mobile", "phone",
        "bankcard", "card", "cardnumber", "pan", "account", "accountnumber",
    ]
}

/// True when `fieldName` names authentication data (JR/T 0171 C3) that a template must refuse to
/// print: password, PIN, CVV/CVN, OTP, verification code, 验证码, 密码.
public func isAuthenticationData(fieldName: String) -> Bool {
    FieldSensitivity.of(fieldName: fieldName) == .authentication
}

/// Splits `"$.card.cvvCode"`, `"sms_otp"`, `"verificationCode"` into lowercase ASCII words:
/// separators are any non-alphanumeric ASCII character; camelCase humps start new words.
func fieldNameWords(_ name: String) -> [String] {
    var words: [String] = []
    var current = ""
    var previousWasLower = false
    for character in name {
        guard character.isASCII, character.isLetter || character.isNumber else {
            if !current.isEmpty { words.append(current) }
            current = ""
            previousWasLower = false
            continue
        }
        if character.isUppercase && previousWasLower && !current.isEmpty {
            words.append(current)
            current = ""
        }
        current.append(Character(character.lowercased()))
        previousWasLower = character.isLowercase || character.isNumber
    }
    if !current.isEmpty { words.append(current) }
    return words
}
