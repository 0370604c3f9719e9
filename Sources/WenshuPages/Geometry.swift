/// Page geometry in PDF points (1/72 inch), origin at the page's top-left corner, y growing downwards.
/// Backends convert: PDF flips y, the rasterizer scales by `pixelsPerPoint`.
public struct Point: Sendable, Hashable {
    public var x: Double
    public var y: Double
    public init(_ x: Double, _ y: Double) { self.x = x; self.y = y }
}

public struct Size: Sendable, Hashable {
    public var width: Double
    public var height: Double
    public init(width: Double, height: Double) { self.width = width; self.height = height }
}

public struct Rect: Sendable, Hashable {
    public var x: Double
    public var y: Double
    public var width: Double
    public var height: Double
    public init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x; self.y = y; self.width = width; self.height = height
    }
    public var maxX: Double { x + width }
    public var maxY: Double { y + height }
}

/// An affine map [a b c d e f]: x' = a·x + c·y + e, y' = b·x + d·y + f (page coordinates, y down).
public struct Transform: Sendable, Hashable {
    public var a, b, c, d, e, f: Double
    public init(a: Double, b: Double, c: Double, d: Double, e: Double, f: Double) {
        self.a = a; self.b = b; self.c = c; self.d = d; self.e = e; self.f = f
    }
    public static let identity = Transform(a: 1, b: 0, c: 0, d: 1, e: 0, f: 0)

    /// Rotation by `degrees` counter-clockwise as seen on the page, about `center`.
    public static func rotation(degrees: Double, about center: Point) -> Transform {
        let r = -degrees * .pi / 180  // y points down, so a visual counter-clockwise turn is negative
        let cosR = cos(r), sinR = sin(r)
        return Transform(a: cosR, b: sinR, c: -sinR, d: cosR,
                         e: center.x - cosR * center.x + sinR * center.y,
                         f: center.y - sinR * center.x - cosR * center.y)
    }

    public func apply(_ p: Point) -> Point { Point(a * p.x + c * p.y + e, b * p.x + d * p.y + f) }

    /// `self ∘ inner`: the map that applies `inner` first, then `self` (a group's transform under its
    /// parent's, as `cm` concatenates in ISO 32000-1 §8.3.4).
    public func concatenating(_ inner: Transform) -> Transform {
        Transform(a: a * inner.a + c * inner.b, b: b * inner.a + d * inner.b,
                  c: a * inner.c + c * inner.d, d: b * inner.c + d * inner.d,
                  e: a * inner.e + c * inner.f + e, f: b * inner.e + d * inner.f + f)
    }

    /// A translation by (dx, dy).
    public static func translation(_ dx: Double, _ dy: Double) -> Transform {
        Transform(a: 1, b: 0, c: 0, d: 1, e: dx, f: dy)
    }
}

/// An sRGB colour with components in 0...1.
public struct Color: Sendable, Hashable {
    public var red: Double
    public var green: Double
    public var blue: Double
    public init(red: Double, green: Double, blue: Double) { self.red = red; self.green = green; self.blue = blue }
    public static let black = Color(red: 0, green: 0, blue: 0)
    public static let white = Color(red: 1, green: 1, blue: 1)

    public var isGrey: Bool { red == green && green == blue }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
