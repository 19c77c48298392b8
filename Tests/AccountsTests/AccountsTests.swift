import Accounts
import Foundation
import Testing

@Suite struct AccountsTests {
    @Test func ownersRoundTripThroughText() {
        for owner in [Owner.commune("29103"), .epci("242900314"), .operateur] {
            #expect(Owner(owner.description) == owner)
        }
        #expect(Owner("region:53") == nil)
        #expect(Owner("commune") == nil)
    }

    @Test func rolesGrantReadAndWrite() {
        func user(_ owner: Owner, _ role: Role) -> User { User(id: 1, login: "x", name: "X", owner: owner, role: role, disabled: false) }
        let a = Owner.commune("29103"), b = Owner.commune("29019")
        #expect(user(a, .agent).canRead(a) && user(a, .agent).canWrite(a))
        #expect(!user(a, .agent).canRead(b) && !user(a, .agent).canWrite(b))
        #expect(user(a, .elu).canRead(a) && !user(a, .elu).canWrite(a))
        #expect(user(a, .referent).canWrite(a))
        #expect(user(.operateur, .operateur).canRead(b) && !user(.operateur, .operateur).canWrite(b))
    }

    @Test func passwordsAndTokens() {
        let secrets = Secrets(cost: 4)
        let hash = secrets.hashPassword("correct horse")
        #expect(hash.hasPrefix("$2"))
        #expect(secrets.verify("correct horse", hash: hash))
        #expect(!secrets.verify("correct horsE", hash: hash))
        let a = Secrets.token(), b = Secrets.token()
        #expect(a != b && a.count == 43 && !a.contains("="))
        // SHA-256 test vector (FIPS 180-2): "abc".
        #expect(Secrets.digest("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(Secrets.constantTimeEquals("abc", "abc") && !Secrets.constantTimeEquals("abc", "abd") && !Secrets.constantTimeEquals("abc", "ab"))
        #expect(Secrets.password().count == 16)
    }

    @Test func logins() {
        #expect(Logins.isValid("marie.dupont-29"))
        #expect(!Logins.isValid("Marie"))
        #expect(!Logins.isValid("ab"))
        #expect(!Logins.isValid("a b c"))
    }

    @Test func throttlingCountsPerAddressAndAccountPerAccountAndPerAddress() {
        let rule = LoginThrottling(window: 900)
        let counters = rule.counters(login: "marie", address: "192.0.2.7")
        #expect(counters.map(\.key) == ["adresse+compte:192.0.2.7 marie", "compte:marie", "adresse:192.0.2.7"])
        #expect(counters.map(\.limit) == [10, 50, 100])
        // A success forgets the account's failures, not the address's.
        #expect(counters.map(\.clearedBySuccess) == [true, true, false])
        #expect(!counters[0].isBlocked(failures: 9))
        #expect(counters[0].isBlocked(failures: 10))
        let now = Date(timeIntervalSince1970: 1_000_000)
        #expect(rule.windowStart(now) == Date(timeIntervalSince1970: 999_100))
    }
}
