import Testing
@testable import WenshuTemplates

/// Numeric filter arguments are range-checked when the template loads (issue 15: every number from a
/// template has a checked range), so no render can ask for a vast or negative amount of text.
struct FilterArgumentTests {
    @Test(arguments: ["621111111111111", "0", "-1", "89", "x"])
    func mrzWidthOutsideItsRangeIsRefused(width: String) {
        #expect(Filters.check(FilterCall(name: "mrz", args: [width])) == "mrz width must be a whole number from 1 to 88")
    }

    @Test(arguments: ["1", "30", "39", "88"])
    func mrzWidthsOfEveryLayoutAreAccepted(width: String) {
        #expect(Filters.check(FilterCall(name: "mrz", args: [width])) == nil)
    }
}
