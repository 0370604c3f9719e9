import Foundation
import Testing
@testable import WenshuServer

@Suite struct SupportTests {
    @Test func periodEndInBeijingTime() {
        // 2025-04-20 16:30 UTC is 2025-04-21 00:30 in Beijing: a policy ending on the 20th has expired.
        let now = Date(timeIntervalSince1970: 1_745_166_600)
        #expect(PeriodEnd.hasPassed("2025-04-20", now: now))
        #expect(!PeriodEnd.hasPassed("2025-04-21", now: now))
        #expect(PeriodEnd.hasPassed("2025-04-20T23:59:59+08:00", now: now))
        #expect(!PeriodEnd.hasPassed("2025-04-21T00:59:59+08:00", now: now))
        #expect(PeriodEnd.hasPassed("2025-04-21T00:10", now: now))
        #expect(!PeriodEnd.hasPassed("not a date", now: now))
    }

    @Test func rateLimiterRefillsAndStaysBounded() {
        let limiter = RateLimiter(perMinute: 2, maxClients: 3)
        #expect(limiter.take("a", now: 0) == nil)
        #expect(limiter.take("a", now: 0) == nil)
        #expect(limiter.take("a", now: 0) != nil)
        #expect(limiter.take("a", now: 31) == nil)
        for i in 0..<100 { _ = limiter.take("client-\(i)", now: 40) }
        #expect(limiter.trackedClients <= 3)
    }

    @Test func tokensCompareByDigest() {
        let auth = TokenAuthenticator(tokens: [APIToken(name: "a", token: "secret-token-aaaaaaaa", scopes: [.render])])
        #expect(auth.authenticate("secret-token-aaaaaaaa")?.name == "a")
        #expect(auth.authenticate("secret-token-aaaaaaab") == nil)
        #expect(auth.authenticate("") == nil)
    }

    @Test func jsonMembersKeepDataBytes() throws {
        let members = try JSONMembers.split(Array(#"{"template":"x","data":{"a":[1,{"b":"}"}]},"k":null}"#.utf8))
        #expect(String(decoding: members["data"]!, as: UTF8.self) == #"{"a":[1,{"b":"}"}]}"#)
        #expect(throws: JSONMembers.Failure.self) { try JSONMembers.split(Array(#"{"a":1,"a":2}"#.utf8)) }
        #expect(throws: JSONMembers.Failure.self) { try JSONMembers.split(Array(#"{"a":[1}"#.utf8)) }
        #expect(throws: JSONMembers.Failure.self) { try JSONMembers.split(Array("[]".utf8)) }
    }

    @Test func contentDispositionHasBothNames() {
        let value = ContentDisposition.attachment("保单 P1.pdf")
        #expect(value.hasPrefix("attachment; filename=\"__"))
        #expect(value.contains("filename*=UTF-8''%E4%BF%9D%E5%8D%95%20P1.pdf"))
    }

    @Test func requestIDsAreKeptOnlyWhenSafe() {
        #expect(RequestLogMiddleware.requestID("abc-123") == "abc-123")
        #expect(RequestLogMiddleware.requestID("a b") != "a b")
        #expect(RequestLogMiddleware.requestID(String(repeating: "x", count: 100)).count == 16)
    }
}
