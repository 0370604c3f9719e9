/// The two spacing rules of Chinese text layout applied after shaping, before lines are broken.
///
/// **Punctuation compression** (clreq §3.1.6 "Adjacent punctuation"; GB/T 15834 sets marks in a
/// full em). A full-width mark is drawn in one half of its em and the other half is blank: a
/// closing mark（，。、；：！？）」』》】）has its blank after the ink, an opening mark（「『《【（）
/// before it. Where two marks meet, one blank half goes, so the pair takes 1½ em, not 2:
///
///     "）。"  the ）'s blank half after it is removed      ）。 → ）。 (1.5 em)
///     "，「"  the ，'s blank half is removed                ，「 → ，「 (1.5 em)
///     "《（"  two opening marks: the second loses its blank before the ink
///
/// Where the blank half lies is read from the glyph's ink, not assumed: a font that centres a mark
/// (Traditional Chinese ：；) has a quarter em on each side. What is left (`blankStart`,
/// `blankEnd`) may still go at a line's start or end, and when a justified line is too long
/// (`LineBreaker`).
///
/// **CJK–Latin spacing** (clreq §3.2.1 "Mixed text composition"): ¼ em between a Han character
/// and a Latin letter or digit that touch, never where the text already has a space:
///
///     "2026年03月"  →  2026 年 03 月   (¼ em of the Han character's size at each of the 3 seams)
///
/// The gap is added to the glyph before the seam (`spaceAfter`) so a line ending there drops it.
public enum CJKSpacing {
    /// Opening marks: ink in the right half of the em.
    static let opening: Set<UInt32> = [0xFF08, 0x3014, 0xFF3B, 0xFF5B, 0x300A, 0x3008, 0x300C, 0x300E, 0x3010,
                                       0x3016, 0x3018, 0x301A, 0x201C, 0x2018, 0x301D]
    /// Closing marks and pause and stop marks: ink in the left half (Simplified Chinese fonts).
    static let closing: Set<UInt32> = [0xFF09, 0x3015, 0xFF3D, 0xFF5D, 0x300B, 0x3009, 0x300D, 0x300F, 0x3011,
                                       0x3017, 0x3019, 0x301B, 0x201D, 0x2019, 0x301E, 0x301F,
                                       0xFF0C, 0x3001, 0x3002, 0xFF0E, 0xFF1A, 0xFF1B, 0xFF01, 0xFF1F]

    public static func apply(_ glyphs: inout [ShapedGlyph], spans: [TextSpan]) {
        guard !glyphs.isEmpty, spans.contains(where: { $0.style.compressPunctuation || $0.style.cjkLatinSpacing }) else { return }
        markPunctuation(&glyphs, spans: spans)
        compressAdjacent(&glyphs)
        addLatinSpacing(&glyphs, spans: spans)
    }

    /// First scalar of the glyph's cluster (empty for a cluster's later glyphs).
    static func scalar(_ g: ShapedGlyph) -> UInt32? { g.text.unicodeScalars.first?.value }

    /// Whether `u` is one of the marks above: every one lies in these three ranges, which most
    /// characters (Han, Latin) fall outside of without a set lookup.
    static func isMark(_ u: UInt32) -> Bool {
        switch u {
        case 0x2018...0x201F, 0x3001...0x301F, 0xFF01...0xFF5D: opening.contains(u) || closing.contains(u)
        default: false
        }
    }

    private static func markPunctuation(_ glyphs: inout [ShapedGlyph], spans: [TextSpan]) {
        for k in glyphs.indices {
            let g = glyphs[k]
            guard spans[g.span].style.compressPunctuation, let u = scalar(g), isMark(u),
                  k + 1 == glyphs.count || glyphs[k + 1].cluster != g.cluster else { continue }
            let em = g.size
            // Only a full-width mark has a blank half; a proportional (Latin-width) one has none.
            guard abs(g.advance - spans[g.span].style.letterSpacing - em) < em * 0.05,
                  let ink = g.font.inkSpan(of: g.glyphID) else { continue }
            let scale = g.size / Double(g.font.unitsPerEm)
            let left = Double(ink.left) * scale + g.xOffset, right = Double(ink.right) * scale + g.xOffset
            let half = em / 2, tolerance = em * 0.04
            if right <= half + tolerance {
                glyphs[k].blankEnd = half
            } else if left >= half - tolerance {
                glyphs[k].blankStart = half
            } else if right - left <= half + tolerance {
                glyphs[k].blankStart = em / 4
                glyphs[k].blankEnd = em / 4
            }
        }
    }

    /// Where two compressible marks touch, one blank goes: the first mark's blank after it, else
    /// the second's blank before it.
    private static func compressAdjacent(_ glyphs: inout [ShapedGlyph]) {
        guard glyphs.count >= 2 else { return }
        var nextIsMark = isMark(glyphs[0])
        for k in 0..<(glyphs.count - 1) {
            let thisIsMark = nextIsMark
            nextIsMark = isMark(glyphs[k + 1])
            guard thisIsMark, nextIsMark else { continue }
            if glyphs[k].blankEnd > 0 {
                glyphs[k].advance -= glyphs[k].blankEnd
                glyphs[k].blankEnd = 0
            } else if glyphs[k + 1].blankStart > 0 {
                let blank = glyphs[k + 1].blankStart
                glyphs[k + 1].advance -= blank
                glyphs[k + 1].xOffset -= blank
                glyphs[k + 1].blankStart = 0
            }
        }
    }

    private static func isMark(_ g: ShapedGlyph) -> Bool {
        guard let u = scalar(g) else { return false }
        return isMark(u)
    }

    /// ¼ em between Han and Latin letters or digits that touch (no space between them).
    private static func addLatinSpacing(_ glyphs: inout [ShapedGlyph], spans: [TextSpan]) {
        var k = 0
        while k < glyphs.count {
            // The last glyph of this cluster and the first of the next.
            var end = k + 1
            while end < glyphs.count && glyphs[end].cluster == glyphs[k].cluster { end += 1 }
            guard end < glyphs.count else { break }
            let left = glyphs[k], right = glyphs[end]
            if spans[left.span].style.cjkLatinSpacing && spans[right.span].style.cjkLatinSpacing,
               let l = left.text.unicodeScalars.last, let r = right.text.unicodeScalars.first {
                var hanSize: Double?
                if isHan(l) && isLatinOrDigit(r) { hanSize = left.size } else if isLatinOrDigit(l) && isHan(r) { hanSize = right.size }
                if let hanSize {
                    let gap = hanSize / 4
                    glyphs[end - 1].advance += gap
                    glyphs[end - 1].spaceAfter += gap
                }
            }
            k = end
        }
    }

    /// Han ideographs (URO, Extensions A–I, compatibility) and 〇.
    static func isHan(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x20000...0x323AF, 0xF900...0xFAFF, 0x2F800...0x2FA1F, 0x3007: true
        default: false
        }
    }

    /// ASCII and Latin-1/Extended letters and ASCII digits: what clreq spaces from Han.
    static func isLatinOrDigit(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0xC0...0xD6, 0xD8...0xF6, 0xF8...0x24F: true
        default: false
        }
    }
}
