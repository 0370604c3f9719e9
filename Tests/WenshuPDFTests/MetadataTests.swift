import Testing
import WenshuPages
@testable import WenshuPDF

@Suite struct MetadataTests {
    @Test func xmpEscapesMarkupAndKeepsOtherText() {
        let m = DocumentMetadata(title: "A&B <x> \"q\" 电子保单", author: "文书", creationDate: "2026-11-25T10:00:00+08:00")
        let xmp = String(decoding: Metadata.xmp(m, producer: "Wenshu"), as: UTF8.self)
        #expect(xmp.contains("<rdf:li xml:lang=\"x-default\">A&amp;B &lt;x&gt; &quot;q&quot; 电子保单</rdf:li>"))
        #expect(xmp.contains("<rdf:li>文书</rdf:li>"))
        #expect(xmp.contains("<xmp:CreateDate>2026-11-25T10:00:00+08:00</xmp:CreateDate>"))
    }
}
