import BundledData
import Foundation
import Observatoire
import Referential
import Tabular
import Storage
import Testing

/// Acceptance on the real bundled data: the whole load, as `territoires serve` does it on a fresh clone.
@Suite(.serialized) struct BundledDataTests {
    /// Loaded once for the suite: reading the real files takes a few seconds in a debug build.
    static let loaded = Task<(Referential, SQLiteStore), any Error> {
        let dataset = try ReferentialLoader().load()
        let sources = try IndicatorLoader().load(communeCodes: dataset.referential.communes.map(\.code))
        let store = try SQLiteStore.inMemory()
        try await store.replaceReferential(dataset.referential, townHalls: dataset.townHalls, shapes: dataset.shapes,
                                           sources: sources, fingerprint: try BundledData.fingerprint())
        return (try await store.referential(), store)
    }

    static let observatory = Task<Observatory, any Error> {
        let (referential, store) = try await loaded.value
        return Observatory(referential: referential, table: try await store.sourceTable())
    }

    /// The comparateur as published, read here without the loader, to check the loader against it.
    static func comparateurRows() throws -> [String: [String: String]] {
        let table = try CSV.read(contentsOf: BundledData.url("indicateurs/insee_comparateur_2022.csv.gz"))
        var rows: [String: [String: String]] = [:]
        for record in table.records {
            rows[record[0]] = Dictionary(uniqueKeysWithValues: zip(table.header, record.fields))
        }
        return rows
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


/// Observatoire acceptance on the real data.
@Suite(.serialized) struct ObservatoireRealDataTests {
    @Test func communeFiguresEqualINSEEVariables() async throws {
        let observatory = try await BundledDataTests.observatory.value
        let rows = try BundledDataTests.comparateurRows()
        // Landerneau (PVD): vacancy = P18_LOGVAC ÷ P18_LOG, as published.
        let landerneau = try #require(rows["29103"])
        let expected = Double(landerneau["P18_LOGVAC"]!)! / Double(landerneau["P18_LOG"]!)! * 100
        let vacancy = try #require(observatory.value("vacance_2018", commune: "29103").number)
        #expect(abs(vacancy - expected) < 1e-9)
        #expect(observatory.value("niveau_vie_median_2019", commune: "29103") == .value(Double(landerneau["MED19"]!)!))
        // A small commune's poverty rate is secret in Filosofi.
        #expect(rows["01001"]?["TP6019"] == "")
        #expect(observatory.value("pauvrete_2019", commune: "01001") == .secret)
    }

    @Test func franceIsTheRatioOfNationalSums() async throws {
        let observatory = try await BundledDataTests.observatory.value
        let rows = try BundledDataTests.comparateurRows()
        // The file also lists the arrondissements of Paris, Lyon and Marseille: leave them out, their commune is there.
        let arrondissements = Set(observatory.referential.communes.flatMap { $0.subCommunes.filter { $0.kind == .arrondissement }.map(\.code) })
        let communes = rows.filter { !arrondissements.contains($0.key) }.values
        let vacant = communes.reduce(0.0) { $0 + (Double($1["P18_LOGVAC"] ?? "") ?? 0) }
        let dwellings = communes.reduce(0.0) { $0 + (Double($1["P18_LOG"] ?? "") ?? 0) }
        let france = try #require(observatory.value("vacance_2018", level: .france).number)
        // The few communes cut by a restoration since 2021 are left out: a difference far below display precision.
        #expect(abs(france - vacant / dwellings * 100) < 0.001)
        // Medians do not add up: no value for groups.
        #expect(observatory.value("niveau_vie_median_2019", level: .france) == .unavailable)
    }

    @Test func pvdPeersArePVDOfComparableSize() async throws {
        let observatory = try await BundledDataTests.observatory.value
        let landerneau = try #require(observatory.referential.commune("29103"))
        let peers = observatory.peers.peers(of: "29103", among: .pvd)
        #expect(peers.count == 10)
        #expect(peers.allSatisfy { $0.commune.isPVD && $0.commune.code != "29103" })
        let comparable = peers.filter { Double($0.commune.population) / Double(landerneau.population) > 0.5 &&
            Double($0.commune.population) / Double(landerneau.population) < 2 }
        #expect(comparable.count >= 8)
        #expect(peers.allSatisfy { !$0.alike.isEmpty })
    }

    /// DREES's APL file as published (code → column → text), read here without the loader, to check it.
    static func aplRows() throws -> [String: [String: String]] {
        let table = try CSV.read(contentsOf: BundledData.url("indicateurs/apl_medecins_generalistes_2022_2023_drees.csv.gz"))
        return Dictionary(uniqueKeysWithValues: table.records.map { ($0[0], Dictionary(uniqueKeysWithValues: zip(table.header, $0.fields))) })
    }

    @Test func aplAsDREESPublishesItWeightedAboveTheCommune() async throws {
        let observatory = try await BundledDataTests.observatory.value
        let rows = try Self.aplRows()
        // Communes: the published figure (DREES, APL 2023: Brest 5.247, Landerneau 4.316; 2022: 5.427, 4.365).
        #expect(abs((observatory.value("apl_mg_2023", commune: "29019").number ?? 0) - 5.247) < 1e-9)
        #expect(abs((observatory.value("apl_mg_2023", commune: "29103").number ?? 0) - 4.316) < 1e-9)
        #expect(abs((observatory.value("apl_mg_2022", commune: "29019").number ?? 0) - 5.427) < 1e-9)
        #expect(abs((observatory.value("apl_mg_moins65_2023", commune: "29103").number ?? 0) - 4.085) < 1e-9)
        // Paris is not in the file: its 20 arrondissements are, and Paris is their mean weighted by standardised population.
        func weightedMean(_ codes: [String]) -> Double {
            var products = 0.0, weights = 0.0
            for code in codes {
                guard let apl = rows[code]?["apl_mg_2023"].flatMap(Double.init),
                      let weight = rows[code]?["pop_standardisee_2021"].flatMap(Double.init) else { continue }
                products += apl * weight
                weights += weight
            }
            return products / weights
        }
        #expect(rows["75056"] == nil && rows["75101"] != nil)
        let paris = try #require(observatory.value("apl_mg_2023", commune: "75056").number)
        #expect(abs(paris - weightedMean((1...20).map { String(75100 + $0) })) < 1e-9)
        #expect(paris > 3 && paris < 6)
        // An EPCI: the weighted mean of its members, as DREES aggregates it (not their plain mean).
        let brestMetropole = try #require(observatory.referential.epci("242900314"))
        let members = brestMetropole.memberCodes
        #expect(members.count == 8)
        let epci = try #require(observatory.value("apl_mg_2023", level: .epci("242900314")).number)
        #expect(abs(epci - weightedMean(members)) < 1e-9)
        let published: [Double] = members.compactMap { rows[$0]?["apl_mg_2023"].flatMap(Double.init) }
        let plainMean = published.reduce(0, +) / Double(published.count)
        #expect(abs(epci - plainMean) > 0.01)
    }

    @Test func remotenessFromFacilitiesWeightedByPopulation() async throws {
        let observatory = try await BundledDataTests.observatory.value
        let table = try CSV.read(contentsOf: BundledData.url("indicateurs/eloignement_equipements_2021_insee.csv.gz"))
        let published = Dictionary(uniqueKeysWithValues: table.records.map { ($0[0], $0[2]) })  // more than 7 min from everyday facilities
        #expect(observatory.value("eloignement_proximite_2021", commune: "29019") == .value(0))
        #expect(published["01002"] == "100.0")
        #expect(observatory.value("eloignement_proximite_2021", commune: "01002") == .value(100))
        // "N/A - résultat non disponible" (a village destroyed in 1916, no inhabitant) is absent, not 0.
        #expect(published["55039"]?.hasPrefix("N/A") == true)
        #expect(observatory.value("eloignement_proximite_2021", commune: "55039") == .unavailable)
        // A département: Σ share × population 2021 ÷ Σ population 2021 over its communes with a figure.
        var far = 0.0, everyone = 0.0
        for commune in observatory.referential.communes(inDepartement: "29") {
            guard let share = published[commune.code].flatMap(Double.init),
                  let population = observatory.value("pop_2021", commune: commune.code).number else { continue }
            far += share * population
            everyone += population
        }
        let finistere = try #require(observatory.value("eloignement_proximite_2021", level: .departement("29")).number)
        #expect(abs(finistere - far / everyone) < 1e-9)
        #expect(finistere > 0 && finistere < 50)
    }

    @Test func programmeViewCoversEveryPVD() async throws {
        let observatory = try await BundledDataTests.observatory.value
        let all = try #require(observatory.programme(ProgrammeQuery(indicatorID: "apl_mg_2023")))
        #expect(all.rows.count + all.withoutValue.count == 1_653)
        #expect(all.bins.reduce(0) { $0 + $1.count } == all.rows.count)
        #expect(all.rows.map(\.value) == all.rows.map(\.value).sorted(by: >))
        // Landerneau's published APL 2023 (4.316) and its place among all PVD, whatever the filter.
        let brittany = try #require(observatory.programme(ProgrammeQuery(indicatorID: "apl_mg_2023", regionCode: "53", sort: .name, descending: false)))
        #expect(brittany.rows.allSatisfy { $0.commune.regionCode == "53" })
        #expect(brittany.rows.count < all.rows.count && brittany.rows.count > 50)
        let landerneau = try #require(brittany.rows.first { $0.commune.code == "29103" })
        #expect(abs(landerneau.value - 4.316) < 1e-9)
        #expect(landerneau.pvdPercentile == all.rows.first { $0.commune.code == "29103" }?.pvdPercentile)
        let below = all.rows.filter { $0.value < 4.316 }.count, equal = all.rows.filter { $0.value == landerneau.value }.count
        #expect(abs(landerneau.pvdPercentile - 100 * (Double(below) + Double(equal) / 2) / Double(all.rows.count)) < 1e-9)
        // An EPCI among the EPCI of its size: Brest Métropole (216,077 hab.) is in 100,000-300,000.
        let standing = try #require(observatory.standing("apl_mg_2023", epci: "242900314"))
        #expect(standing.sizeClass.lower == 100_000)
        let peers = observatory.referential.epcis.filter { $0.population >= 100_000 && $0.population < 300_000 }
        #expect(standing.peersWithValue == peers.count)
    }
}
