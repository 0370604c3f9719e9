import Testing
import WenshuImage
import WenshuPages
import WenshuRaster

@Suite struct PageGeometryTests {
    @Test func a4At150DpiIs1240By1754AndWhite() throws {
        let image = try RasterExporter.render(Page(size: Fixtures.a4), options: Fixtures.options)
        #expect(image.width == 1240 && image.height == 1754)
        #expect(image.rgb.allSatisfy { $0 == 255 })
    }

    @Test func blackRectangleIsBlackInsideAndWhiteOutside() throws {
        let r = Rect(x: 100, y: 120, width: 200, height: 80)
        let image = try RasterExporter.render(Page(size: Fixtures.a4, items: [Fixtures.rect(r, .black)]), options: Fixtures.options)
        let inside = Fixtures.pixels(of: r)
        for y in inside.y { for x in inside.x { #expect(image.pixel(x: x, y: y) == (0, 0, 0)) } }
        let s = Fixtures.pixelsPerPoint
        #expect(image.pixel(x: Int(r.x * s) - 2, y: Int(r.y * s) + 10) == (255, 255, 255))
        #expect(image.pixel(x: Int(r.maxX * s) + 2, y: Int(r.y * s) + 10) == (255, 255, 255))
        #expect(image.pixel(x: Int(r.x * s) + 10, y: Int(r.maxY * s) + 2) == (255, 255, 255))
        #expect(image.pixel(x: 5, y: 5) == (255, 255, 255))
    }

    @Test func redRectangleGivesRedPixels() throws {
        let r = Rect(x: 50, y: 50, width: 30, height: 30)
        let image = try RasterExporter.render(Page(size: Fixtures.a4, items: [Fixtures.rect(r, Color(red: 1, green: 0, blue: 0))]), options: Fixtures.options)
        let inside = Fixtures.pixels(of: r, inset: 1)
        #expect(image.pixel(x: inside.x.lowerBound, y: inside.y.lowerBound) == (255, 0, 0))
        #expect(image.pixel(x: inside.x.upperBound - 1, y: inside.y.upperBound - 1) == (255, 0, 0))
    }

    @Test func halfOpaqueGroupBlendsBlackOverWhiteToMiddleGrey() throws {
        let r = Rect(x: 100, y: 100, width: 100, height: 100)
        let page = Page(size: Fixtures.a4, items: [.group(GroupItem(opacity: 0.5, items: [Fixtures.rect(r, .black)]))])
        let image = try RasterExporter.render(page, options: Fixtures.options)
        let inside = Fixtures.pixels(of: r, inset: 1)
        let p = image.pixel(x: inside.x.lowerBound + 20, y: inside.y.lowerBound + 20)
        #expect(abs(Int(p.red) - 127) <= 3 && p.red == p.green && p.green == p.blue)
    }

    @Test func groupTransformMovesItsItems() throws {
        let r = Rect(x: 0, y: 0, width: 50, height: 50)
        let moved = Transform(a: 1, b: 0, c: 0, d: 1, e: 200, f: 300)
        let image = try RasterExporter.render(Page(size: Fixtures.a4, items: [.group(GroupItem(transform: moved, items: [Fixtures.rect(r, .black)]))]), options: Fixtures.options)
        let target = Fixtures.pixels(of: Rect(x: 200, y: 300, width: 50, height: 50), inset: 1)
        #expect(image.pixel(x: target.x.lowerBound, y: target.y.lowerBound) == (0, 0, 0))
        #expect(image.pixel(x: 10, y: 10) == (255, 255, 255))
    }

    @Test func rotatedRectangleCoversItsCentreAndNotItsBoundingCorners() throws {
        let r = Rect(x: 250, y: 350, width: 100, height: 100)
        let turn = Transform.rotation(degrees: 45, about: Point(300, 400))
        let image = try RasterExporter.render(Page(size: Fixtures.a4, items: [.group(GroupItem(transform: turn, items: [Fixtures.rect(r, .black)]))]), options: Fixtures.options)
        let s = Fixtures.pixelsPerPoint
        #expect(image.pixel(x: Int(300 * s), y: Int(400 * s)) == (0, 0, 0))
        #expect(image.pixel(x: Int(255 * s), y: Int(355 * s)) == (255, 255, 255))  // a corner of the unrotated square
        #expect(image.pixel(x: Int(300 * s), y: Int(332 * s)) == (0, 0, 0))          // the diamond's top tip reaches y ≈ 329
    }

    @Test(arguments: [0.0, 9.9, 2401, 10_000, .nan, .infinity])
    func resolutionOutsideTenTo2400Throws(dpi: Double) {
        #expect(throws: RasterError.self) { _ = try RasterExporter.render(Page(size: Fixtures.a4), options: RasterOptions(dpi: dpi)) }
        do {
            _ = try RasterExporter.render(Page(size: Fixtures.a4), options: RasterOptions(dpi: dpi))
        } catch {
            #expect(error.code == .invalidResolution)
            #expect(error.description.contains("10...2400"))
        }
    }

    @Test func pageOverTheMegapixelLimitThrows() {
        do {
            _ = try RasterExporter.render(Page(size: Size(width: 5000, height: 5000)), options: RasterOptions(dpi: 2400))
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .pageTooLarge)
            #expect(error.description.contains("100000000"))
        }
    }

    @Test func wholeModuleRectanglesStayCrisp() throws {
        // A checkerboard of 1.44 pt modules (3 px at 150 dpi) starting at a fractional pixel.
        var path = Path()
        let module = 1.44, start = Point(100.17, 200.29)
        for row in 0..<21 { for col in 0..<21 where (row + col) % 2 == 0 || row % 7 == 0 {
            path.addRect(Rect(x: start.x + Double(col) * module, y: start.y + Double(row) * module, width: module, height: module))
        } }
        let image = try RasterExporter.render(Page(size: Fixtures.a4, items: [.path(PathItem(path: path, fill: .black))]), options: Fixtures.options)
        #expect(image.rgb.allSatisfy { $0 == 0 || $0 == 255 })
        #expect(image.rgb.contains(0))
    }

    @Test func strokeCoversTheLineAndDashesLeaveGaps() throws {
        var line = Path()
        line.move(to: Point(100, 100)); line.line(to: Point(300, 100))
        var dashed = Path()
        dashed.move(to: Point(100, 200)); dashed.line(to: Point(300, 200))
        let page = Page(size: Fixtures.a4, items: [
            .path(PathItem(path: line, stroke: Stroke(color: .black, width: 4))),
            .path(PathItem(path: dashed, stroke: Stroke(color: .black, width: 4, dash: [10, 10]))),
        ])
        let image = try RasterExporter.render(page, options: Fixtures.options)
        let s = Fixtures.pixelsPerPoint
        #expect(image.pixel(x: Int(200 * s), y: Int(100 * s)) == (0, 0, 0))
        #expect(image.pixel(x: Int(200 * s), y: Int(104 * s)) == (255, 255, 255))  // 2 pt beyond the half width
        #expect(image.pixel(x: Int(305 * s), y: Int(100 * s)) == (255, 255, 255))  // butt cap
        #expect(image.pixel(x: Int(105 * s), y: Int(200 * s)) == (0, 0, 0))        // first dash 100…110
        #expect(image.pixel(x: Int(115 * s), y: Int(200 * s)) == (255, 255, 255))  // first gap 110…120
        #expect(image.pixel(x: Int(125 * s), y: Int(200 * s)) == (0, 0, 0))
    }

    @Test func roundCapsAndEllipseFillAreRound() throws {
        var ellipse = Path()
        ellipse.addEllipse(in: Rect(x: 100, y: 100, width: 100, height: 100))
        var dot = Path()
        dot.move(to: Point(300, 300)); dot.line(to: Point(300, 300))
        let page = Page(size: Fixtures.a4, items: [
            .path(PathItem(path: ellipse, fill: Color(red: 0, green: 0, blue: 1))),
            .path(PathItem(path: dot, stroke: Stroke(color: .black, width: 20, cap: .round))),
        ])
        let image = try RasterExporter.render(page, options: Fixtures.options)
        let s = Fixtures.pixelsPerPoint
        #expect(image.pixel(x: Int(150 * s), y: Int(150 * s)) == (0, 0, 255))
        #expect(image.pixel(x: Int(103 * s), y: Int(103 * s)) == (255, 255, 255))  // outside the circle, inside its box
        #expect(image.pixel(x: Int(300 * s), y: Int(300 * s)) == (0, 0, 0))        // a zero-length round-capped line is a dot
        #expect(image.pixel(x: Int(308 * s), y: Int(308 * s)) == (255, 255, 255))
    }
}
