import Referential
import TestSupport
import Testing

@Suite struct SearchTests {
    let search = Fixtures.referential.search

    @Test(arguments: [
        ("Saint-Étienne", "saint etienne"),
        ("L'Haÿ-les-Roses", "l hay les roses"),
        ("ŒUILLY", "oeuilly"),
        ("  st   etienne ", "saint etienne"),
        ("Ste-Marie", "sainte marie"),
        ("e\u{0301}tienne", "etienne"),
    ])
    func normalizes(_ input: String, _ expected: String) {
        #expect(SearchText.normalize(input) == expected)
    }

    @Test(arguments: ["saint etienne", "st etienne", "SAINT-ÉTIENNE", "st-etienne", "saint étienne"])
    func exactNameComesFirst(_ query: String) {
        let hits = search.find(query)
        #expect(hits.first?.commune.code == "42218")
        #expect(hits.map(\.commune.code).contains("42279"))
    }

    @Test func findsByWordPrefixesInAnyOrder() {
        #expect(search.find("landern").map(\.commune.code) == ["29103"])
        #expect(search.find("molard st").map(\.commune.code) == ["42279"])
        #expect(search.find("sein").map(\.commune.code) == ["29083"])
        #expect(search.find("zzz").isEmpty)
        #expect(search.find("  - ").isEmpty)
    }

    @Test func largerCommunesFirstAmongEqualMatches() {
        // "st" alone prefixes both Saint-Étienne communes equally; the larger one leads.
        #expect(search.find("st").map(\.commune.code) == ["42218", "42279"])
    }

    @Test func findsByCodeAndByFormerCommune() {
        #expect(search.find("29019").map(\.commune.name) == ["Brest"])
        #expect(search.find("99999").isEmpty)
        let hit = search.find("terrenoire").first
        #expect(hit?.commune.code == "42218")
        #expect(hit?.matchedSubCommune?.code == "42299")
        #expect(search.find("42299").first?.commune.code == "42218")
    }

    @Test func limitsResults() {
        #expect(search.find("s", limit: 1).count == 1)
    }
}

@Suite struct ReferentialTests {
    let referential = Fixtures.referential

    @Test func indexesCommunesByPlace() {
        #expect(referential.communes(inDepartement: "29").map(\.code) == ["29019", "29075", "29083", "29103"])
        #expect(referential.commune("29103")?.isPVD == true)
        #expect(referential.communes(in: .petitesVillesDeDemain).map(\.code) == ["29103"])
        #expect(referential.members(of: referential.epci("242900314")!).map(\.name) == ["Brest", "Guipavas"])
        #expect(referential.parentCommune(ofSubCode: "42299")?.name == "Saint-Étienne")
        #expect(referential.population(ofDepartement: "42") == 172_718 + 900)
        #expect(referential.population(ofRegion: "53") == 139_619 + 15_000 + 16_206 + 250)
    }

    @Test func validatesCodes() {
        #expect(InseeCode.isCommuneCode("2A004"))
        #expect(InseeCode.isCommuneCode("97411"))
        #expect(!InseeCode.isCommuneCode("2C004"))
        #expect(!InseeCode.isCommuneCode("2901"))
        #expect(InseeCode.isDepartementCode("2B"))
        #expect(InseeCode.isDepartementCode("974"))
        #expect(!InseeCode.isDepartementCode("100"))
        #expect(InseeCode.isSiren("242900314"))
        #expect(!InseeCode.isSiren("24290031A"))
    }
}
