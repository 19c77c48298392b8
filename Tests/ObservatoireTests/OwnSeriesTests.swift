import Observatoire
import Testing

@Suite struct OwnSeriesTests {
    @Test func periodsReadAsCollectivitesWriteThem() throws {
        #expect(OwnPeriod("2024")?.description == "2024")
        #expect(OwnPeriod(" 2024-s1 ")?.description == "2024-S1")
        #expect(OwnPeriod("2024-Q3")?.description == "2024-T3")
        #expect(OwnPeriod("03/2024")?.description == "2024-03")
        #expect(OwnPeriod("2024-03")?.label == "mars 2024")
        #expect(OwnPeriod("2024-T1")?.label == "1er trimestre 2024")
        #expect(OwnPeriod("2024-S2")?.label == "2e semestre 2024")
        for wrong in ["", "24", "2024-13", "2024-T5", "2024-S3", "2024-1", "1850", "2024/03", "deux mille"] {
            #expect(OwnPeriod(wrong) == nil, "« \(wrong) » accepté")
        }
    }

    @Test func periodsSortByTheirStartThenTheLongerFirst() throws {
        let texts = ["2024-04", "2023", "2024-T2", "2024", "2024-S1", "2024-01", "2024-T1", "2023-12"]
        let sorted = texts.compactMap(OwnPeriod.init).sorted().map(\.description)
        #expect(sorted == ["2023", "2023-12", "2024", "2024-S1", "2024-T1", "2024-01", "2024-T2", "2024-04"])
    }

    @Test func latestIsTheWholeTerritorysLastFigure() throws {
        let p = { (t: String) in OwnPeriod(t)! }
        let series = OwnSeries(owner: "commune:29103", label: "Vacance", definition: "", unit: "%", source: "",
                               points: [OwnPoint(period: p("2025"), area: "centre-ville", value: 8),
                                        OwnPoint(period: p("2024"), value: 12), OwnPoint(period: p("2023"), value: 14)])
        #expect(series.latest == OwnPoint(period: p("2024"), value: 12))
        #expect(series.areas == ["centre-ville", ""])
        let centreOnly = OwnSeries(owner: "commune:29103", label: "Vacance", definition: "", unit: "%", source: "",
                                   points: [OwnPoint(period: p("2025"), area: "centre-ville", value: 8)])
        #expect(centreOnly.latest?.value == 8)
    }
}
