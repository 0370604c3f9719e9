/// One character of a Chinese name, prepared for matching.
enum NameToken {
    /// A character with known readings, as passport spellings (surname extras first, then the
    /// Unihan readings, common first).
    case known(Character, [PassportSpelling])
    /// A character with no Mandarin reading (e.g. 𠇔 U+201D4, domain.md §2.4): matches any 1–6
    /// letters, i.e. the check is skipped for this position.
    case unknown(Character)
}

/// Longest passport syllable ("ZHUANG", "SHUANG") — how many letters an unknown character may take.
let longestSyllable = 6

/// Characters that separate parts of a name without a reading (middle dots of transcribed names).
let nameSeparators: Set<Character> = ["·", "•", "・", "‧", "-", " "]

/// Splits a Chinese name into tokens. `isSurname` adds the surname readings of domain.md §2.2.
func nameTokens(_ chinese: String, isSurname: Bool) -> [NameToken] {
    var tokens: [NameToken] = []
    for character in chinese where !nameSeparators.contains(character) && !character.isWhitespace {
        // Variation selectors stay inside the Character; the base scalar carries the reading.
        let scalar = character.unicodeScalars.first!
        var spellings: [PassportSpelling] = []
        if isSurname, let extras = surnameReadings[character] {
            spellings += extras.map { PassportSpelling($0) }
        }
        for reading in PinyinTable.readings(of: scalar) ?? [] {
            for spelling in passportSpellings(ofReading: reading) {
                if let index = spellings.firstIndex(where: { $0.letters == spelling.letters }) {
                    if !spelling.isLegacy { spellings[index].isLegacy = false }
                } else {
                    spellings.append(spelling)
                }
            }
        }
        tokens.append(spellings.isEmpty ? .unknown(character) : .known(character, spellings))
    }
    return tokens
}

enum PinyinMatch: Equatable {
    /// Some combination of current spellings produces the letters.
    case exact
    /// Only combinations using a pre-2012 ü spelling produce the letters.
    case legacyOnly
    /// No combination produces the letters.
    case none
}

/// Whether `letters` can be segmented into one spelling per token, in order.
///
/// Dynamic programme over letter positions: `best[j]` is the fewest legacy spellings needed to
/// produce `letters[0..<j]` with the tokens seen so far (nil = impossible). Example: 乐乐 and
/// "LELE": after 乐 best[2] = 0 (LE) and best[3] = 0 (YUE fails, so only LE counts); after the
/// second 乐 best[4] = 0 → exact.
func matchPinyin(_ tokens: [NameToken], letters: [UInt8]) -> PinyinMatch {
    var best: [Int?] = Array(repeating: nil, count: letters.count + 1)
    best[0] = 0
    for token in tokens {
        var next: [Int?] = Array(repeating: nil, count: letters.count + 1)
        for start in 0...letters.count {
            guard let cost = best[start] else { continue }
            func relax(_ end: Int, _ newCost: Int) {
                if next[end] == nil || newCost < next[end]! { next[end] = newCost }
            }
            switch token {
            case .unknown:
                for length in 1...longestSyllable where start + length <= letters.count {
                    relax(start + length, cost)
                }
            case .known(_, let spellings):
                for spelling in spellings {
                    let end = start + spelling.letters.count
                    if end <= letters.count && letters[start..<end].elementsEqual(spelling.letters) {
                        relax(end, cost + (spelling.isLegacy ? 1 : 0))
                    }
                }
            }
        }
        best = next
    }
    guard let cost = best[letters.count] else { return .none }
    return cost == 0 ? .exact : .legacyOnly
}

/// The spelling to suggest for `letters`.
///
/// When the supplied letters are a near miss — at most max(1, count / 3) edits from some
/// combination of current (non-legacy) spellings — that closest combination is suggested
/// (张 + "ZHAGN" → "ZHANG", 吕 + "LU" → "LYU"). Otherwise the letters are unrelated to the
/// characters and the first spelling of each character is suggested instead (王 + "LI" →
/// "WANG", not the rare reading "YU" that happens to be closer). Unknown characters copy the
/// supplied letters.
func suggestedPinyin(_ tokens: [NameToken], letters: [UInt8]) -> String {
    let closest = closestPinyin(tokens, letters: letters)
    if closest.cost <= max(1, letters.count / 3) { return closest.text }
    return tokens.map { token -> String in
        switch token {
        case .known(_, let spellings): return (spellings.first { !$0.isLegacy } ?? spellings[0]).text
        case .unknown: return ""
        }
    }.joined()
}

/// The combination of current (non-legacy) spellings closest to `letters` by edit distance
/// (Levenshtein with adjacent transpositions), and that distance.
/// Ties go to the earlier spelling (surname reading, then common reading). Unknown characters
/// copy up to 6 supplied letters at no cost.
func closestPinyin(_ tokens: [NameToken], letters: [UInt8]) -> (text: String, cost: Int) {
    let count = letters.count
    // cost[i][j]: best cost for tokens[0..<i] producing letters[0..<j]; choice for backtracking.
    var cost = Array(repeating: Array(repeating: Int.max, count: count + 1), count: tokens.count + 1)
    var choice = Array(repeating: Array(repeating: (start: 0, text: [UInt8]()), count: count + 1), count: tokens.count + 1)
    cost[0][0] = 0
    for (i, token) in tokens.enumerated() {
        for start in 0...count where cost[i][start] != Int.max {
            for end in start...count {
                let segment = Array(letters[start..<end])
                var candidates: [(text: [UInt8], cost: Int)] = []
                switch token {
                case .unknown:
                    if segment.count <= longestSyllable { candidates = [(segment, segment.isEmpty ? 1 : 0)] }
                case .known(_, let spellings):
                    candidates = spellings.filter { !$0.isLegacy }
                        .map { ($0.letters, editDistance($0.letters, segment)) }
                }
                for candidate in candidates where cost[i][start] + candidate.cost < cost[i + 1][end] {
                    cost[i + 1][end] = cost[i][start] + candidate.cost
                    choice[i + 1][end] = (start, candidate.text)
                }
            }
        }
    }
    var parts: [[UInt8]] = []
    var end = count
    for i in stride(from: tokens.count, to: 0, by: -1) {
        parts.append(choice[i][end].text)
        end = choice[i][end].start
    }
    return (String(decoding: parts.reversed().joined(), as: UTF8.self), cost[tokens.count][count])
}

/// Optimal-string-alignment distance: insertions, deletions, substitutions and adjacent
/// transpositions each cost 1.
func editDistance(_ a: [UInt8], _ b: [UInt8]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var d = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
    for i in 0...a.count { d[i][0] = i }
    for j in 0...b.count { d[0][j] = j }
    for i in 1...a.count {
        for j in 1...b.count {
            let substitution = a[i - 1] == b[j - 1] ? 0 : 1
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + substitution)
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
            }
        }
    }
    return d[a.count][b.count]
}
