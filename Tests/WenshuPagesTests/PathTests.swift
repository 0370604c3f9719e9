import Testing
import WenshuPages

@Suite struct PathJoiningTests {
    func segments(_ s: [(Double, Double, Double, Double)]) -> Path {
        var path = Path()
        for (x0, y0, x1, y1) in s { path.move(to: Point(x0, y0)); path.line(to: Point(x1, y1)) }
        return path
    }

    @Test func touchingAndOverlappingSegmentsJoin() {
        let path = segments([(10, 0, 20, 0), (0, 0, 10, 0), (0, 0, 0, 5), (0, 5, 0, 10), (30, 0, 40, 0), (35, 0, 38, 0),
                             (0, 0, 5, 5), (0, 7, 9, 7)])
        let joined = path.joiningAxisAlignedSegments()
        #expect(joined == segments([(0, 0, 20, 0), (30, 0, 40, 0), (0, 7, 9, 7), (0, 0, 0, 10), (0, 0, 5, 5)]))
    }

    @Test func gapsAndOtherShapesStay() {
        let gap = segments([(0, 0, 10, 0), (10.5, 0, 20, 0)])
        #expect(gap.joiningAxisAlignedSegments() == gap)
        var box = Path()
        box.addRect(Rect(x: 0, y: 0, width: 10, height: 10))
        #expect(box.joiningAxisAlignedSegments() == box, "closed subpaths are left alone")
    }
}
