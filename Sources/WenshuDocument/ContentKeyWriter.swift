public import WenshuDiagnostics

/// Writes what decides a piece of content into the bytes of a ``ContentKey``: numbers as 8 bytes,
/// strings after their length, optional parts after a marker, so two writes give the same bytes only
/// when they were given the same things in the same order.
///
/// The bytes go to raw memory: a key is written for every cell of every table, and
/// `Array.append(contentsOf:)` on a few bytes at a time was most of its cost. Inlinable, so that the
/// stages writing keys (the template's row memo, the layout's caches) compile it into their loops.
public struct ContentKeyWriter: ~Copyable {
    @usableFromInline var base = UnsafeMutableRawPointer.allocate(byteCount: 256, alignment: 8)
    @usableFromInline var count = 0
    @usableFromInline var capacity = 256

    @inlinable public init() {}

    @inlinable mutating func reserve(_ n: Int) {
        guard count + n > capacity else { return }
        capacity = max(capacity * 2, count + n)
        let grown = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 8)
        grown.copyMemory(from: base, byteCount: count)
        base.deallocate()
        base = grown
    }

    @inlinable public mutating func append(_ v: Int) {
        reserve(8)
        base.storeBytes(of: v, toByteOffset: count, as: Int.self)
        count += 8
    }

    @inlinable public mutating func append(_ v: Double) { append(Int(bitPattern: UInt(v.bitPattern))) }

    @inlinable public mutating func append(_ s: String) {
        // Native and small strings lend their bytes as they are; only a bridged one is copied first.
        let done: Void? = s.utf8.withContiguousStorageIfAvailable { utf8 in append(bytes: UnsafeRawBufferPointer(utf8)) }
        if done == nil {
            var s = s
            s.withUTF8 { append(bytes: UnsafeRawBufferPointer($0)) }
        }
    }

    /// Raw bytes, after their count.
    @inlinable public mutating func append(bytes: UnsafeRawBufferPointer) {
        append(bytes.count)
        reserve(bytes.count)
        if let source = bytes.baseAddress { (base + count).copyMemory(from: source, byteCount: bytes.count) }
        count += bytes.count
    }

    @inlinable public mutating func append(_ l: SourceLocation) {
        append(l.file); append(l.line); append(l.column); append(l.dataPath ?? "\u{0}")
    }

    /// A span's location, its file as a marker when it is the paragraph's own (nearly always: the
    /// bytes of a path in every span were a good part of the key).
    @inlinable public mutating func append(_ l: SourceLocation, fileOf paragraph: SourceLocation) {
        if l.file == paragraph.file { append(-1) } else { append(l.file) }
        append(l.line); append(l.column); append(l.dataPath ?? "\u{0}")
    }

    /// Which properties are set (a bit each), then the set ones' values.
    @inlinable public mutating func append(_ p: TextProperties) {
        var set = 0
        func mark(_ present: Bool, _ bit: Int) { if present { set |= 1 << bit } }
        mark(p.family != nil, 0); mark(p.weight != nil, 1); mark(p.size != nil, 2); mark(p.color != nil, 3)
        mark(p.underline != nil, 4); mark(p.letterSpacing != nil, 5); mark(p.lineHeight != nil, 6); mark(p.alignment != nil, 7)
        mark(p.compressPunctuation != nil, 8); mark(p.cjkLatinSpacing != nil, 9); mark(p.minSize != nil, 10)
        append(set)
        if let v = p.family { append(v) }
        if let v = p.weight { append(v) }
        if let v = p.size { append(v) }
        if let v = p.color { append(v) }
        if let v = p.underline { append(v ? 1 : 0) }
        if let v = p.letterSpacing { append(v) }
        if let v = p.lineHeight { append(v) }
        if let v = p.alignment { append(v.rawValue) }
        if let v = p.compressPunctuation { append(v ? 1 : 0) }
        if let v = p.cjkLatinSpacing { append(v ? 1 : 0) }
        if let v = p.minSize { append(v) }
    }

    @inlinable public mutating func append(_ rgb: RGB?) {
        guard let rgb else { append(-1); return }
        append(rgb.red); append(rgb.green); append(rgb.blue)
    }

    @inlinable public mutating func append(_ insets: Insets?) {
        guard let insets else { append(-1); return }
        append(insets.top); append(insets.right); append(insets.bottom); append(insets.left)
    }

    deinit { base.deallocate() }

    /// The bytes written; the writer is spent (and its memory freed by `deinit`).
    @inlinable public consuming func finish() -> [UInt8] {
        Array(UnsafeRawBufferPointer(start: base, count: count))
    }

    /// The key of the bytes written.
    @inlinable public consuming func key() -> ContentKey { ContentKey(finish()) }
}
