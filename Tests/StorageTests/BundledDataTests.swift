import BundledData
import Referential
import Storage
import Testing

/// Acceptance on the real bundled data: the whole load, as `territoires serve` does it on a fresh clone.
@Suite(.serialized) struct BundledDataTests {
    /// Loaded once for the suite: reading the real files takes a few seconds in a debug build.
    static let loaded = Task<(Referential, SQLiteStore), any Error> {
        let dataset = try ReferentialLoader().load()
        let store = try SQLiteStore.inMemory()
        try await store.replaceReferential(dataset.referential, townHalls: dataset.townHalls, shapes: dataset.shapes,
                                           fingerprint: try BundledData.fingerprint())
        return (try await store.referential(), store)
    }

    @Test func countsEveryCommuneAndEveryPVD() async throws {
        let (referential, _) = try await Self.loaded.value
        #expect(referential.communes.count == 34_935)
        #expect(referential.communes(in: .petitesVillesDeDemain).count == 1_653)
        #expect(referential.departements.count == 101)
        #expect(referential.regions.count == 18)
        #expect(referential.epcis.count == 1_255)
    }

    @Test func brestParisLandernau() async throws {
        let (referential, store) = try await Self.loaded.value
        let brest = try #require(referential.commune("29019"))
        #expect(brest.name == "Brest")
        #expect(brest.population == 139_619)
        #expect(referential.epci(brest.epciSiren ?? "")?.name == "Brest Métropole")
        #expect(brest.neighbours.contains("29075"))  // Guipavas
        #expect(try await store.townHall(of: "29019")?.address?.contains("Brest") == true)
        // Paris: the commune's population is the sum of its 20 arrondissements.
        let paris = try #require(referential.commune("75056"))
        #expect(paris.population == 2_133_111)
        let arrondissements = paris.subCommunes.filter { $0.kind == .arrondissement }
        #expect(arrondissements.count == 20)
        #expect(arrondissements.compactMap(\.population).reduce(0, +) == 2_133_111)
        #expect(referential.commune("29103")?.isPVD == true)
        #expect(referential.commune("75101") == nil)
        #expect(referential.parentCommune(ofSubCode: "75101")?.code == "75056")
    }

    @Test func searchFindsSaintEtienneFirst() async throws {
        let (referential, _) = try await Self.loaded.value
        #expect(referential.search.find("saint etienne").first?.commune.code == "42218")
        #expect(referential.search.find("st etienne").first?.commune.code == "42218")
        #expect(referential.search.find("landerneau").first?.commune.code == "29103")
    }

    @Test func everyCommuneHasPlaceAndAlmostAllHaveOutlines() async throws {
        let (referential, store) = try await Self.loaded.value
        for commune in referential.communes {
            #expect(referential.departement(commune.departementCode) != nil, "\(commune.code)")
            #expect(commune.population >= 0)
        }
        let shapes = try await store.shapes(.commune, codes: referential.communes.map(\.code))
        // 64 communes merged on 1 January 2025 have no outline of their own in the 2025 file.
        #expect(referential.communes.count - shapes.count == 64)
    }
}

