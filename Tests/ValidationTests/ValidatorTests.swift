import Testing
import Validation

@Suite struct ValidatorTests {
    let header = "nomAttribuant;idAttribuant;dateConvention;referenceDecision;nomBeneficiaire;idBeneficiaire;rnaBeneficiaire;objet;montant;nature;conditionsVersement;datesPeriodeVersement;idRAE;notificationUE;pourcentageSubvention;dispositifAide"
    /// A valid row (hand-made; 23350001600040 and 38047555800058 are the schema's own example SIRETs).
    let row = "Région Bretagne;23350001600040;2017-06-27;2017-03-103;Les Petits Débrouillards;38047555800058;;Animations climat-énergie;47800.20;aide en numéraire;échelonné;2017-03-14/2018-03-14;;non;1.00;"

    func csv(_ lines: [String]) -> [UInt8] { Array((lines.joined(separator: "\r\n") + "\r\n").utf8) }

    @Test func aValidFileHasNoIssue() {
        let report = Validator.validate(csv([header, row, row]), against: LocalDataSchemas.subventions)
        #expect(report.isValid, "\(report.issues)")
        #expect(report.rows == 2 && report.separator == ";")
    }

    @Test func threePlantedErrorsAreFoundExactlyAndLocated() throws {
        // Planted: a SIRET with a wrong check digit (line 2), an impossible date (line 3), the "objet" column removed.
        let columns = header.split(separator: ";", omittingEmptySubsequences: false).map(String.init)
        let objet = try #require(columns.firstIndex(of: "objet"))
        func drop(_ line: String) -> String {
            var cells = line.split(separator: ";", omittingEmptySubsequences: false).map(String.init)
            cells.remove(at: objet)
            return cells.joined(separator: ";")
        }
        let badSiret = row.replacingOccurrences(of: "38047555800058", with: "38047555800059")
        let badDate = row.replacingOccurrences(of: "2017-06-27", with: "2017-13-45")
        let report = Validator.validate(csv([drop(header), drop(badSiret), drop(badDate)]), against: LocalDataSchemas.subventions)
        #expect(report.issues.count == 3, "\(report.issues.map(\.message))")
        let kinds = report.issues.map(\.kind)
        #expect(kinds.contains(.missingHeader) && kinds.contains(.frenchSIRET) && kinds.contains(.typeError))
        let siret = try #require(report.issues.first { $0.kind == .frenchSIRET })
        #expect(siret.line == 2 && siret.column == 6)
        #expect(siret.message == "le SIRET « 38047555800059 » n'est pas valide (clé de contrôle)")
        let date = try #require(report.issues.first { $0.kind == .typeError })
        #expect(date.line == 3 && date.column == 3)
        #expect(date.message.contains("n'est pas une date valide au format AAAA-MM-JJ"))
        #expect(report.issues.first { $0.kind == .missingHeader }?.message == "colonne « objet » absente")
    }

    @Test func constraintsAndTypes() {
        var bad = row.replacingOccurrences(of: "aide en numéraire", with: "chèque")
        bad = bad.replacingOccurrences(of: ";1.00;", with: ";1,5;")
        bad = bad.replacingOccurrences(of: ";non;", with: ";peut-être;")
        let report = Validator.validate(csv([header, bad]), against: LocalDataSchemas.subventions)
        #expect(Set(report.issues.map(\.kind)) == [.enumConstraint, .typeError])
        #expect(report.issues.count == 3)
    }

    @Test func siretCheckDigits() {
        #expect(SIRET.isValid("23350001600040"))
        #expect(SIRET.isValid("38047555800058"))
        #expect(!SIRET.isValid("38047555800059"))
        #expect(SIRET.isValid("35600000000047"))  // La Poste: digit sum 25, a multiple of 5
        #expect(!SIRET.isValid("1234"))
    }

    @Test func headersOutOfOrderOrUnknownAreReported() {
        let swapped = "idAttribuant;nomAttribuant" + header.dropFirst("nomAttribuant;idAttribuant".count) + ";commentaire"
        let report = Validator.validate(csv([swapped]), against: LocalDataSchemas.subventions)
        #expect(Set(report.issues.map(\.kind)) == [.incorrectHeaderOrder, .extraHeader])
    }
}

/// SCDL Délibérations 2.1.5, with hand-made rows (the collectivité SIRET is the schema's own example).
@Suite struct DeliberationsTests {
    let header = "COLL_NOM;COLL_SIRET;DELIB_ID;DELIB_DATE;DELIB_MATIERE_CODE;DELIB_MATIERE_NOM;DELIB_OBJET;BUDGET_ANNEE;BUDGET_NOM;PREF_ID;PREF_DATE;VOTE_EFFECTIF;VOTE_REEL;VOTE_POUR;VOTE_CONTRE;VOTE_ABSTENTION;DELIB_URL"
    let row = "Ville de Poitiers;21860194600013;1DL15494;2017-10-15;8.4;domaines de compétences par thèmes/aménagement du territoire;Politique montagne;2017/2018;Budget principal;PREF086;2017-10-20;43;40;25;10;5;https://example.org/d.pdf"

    func validate(_ rows: [String]) -> ValidationReport {
        Validator.validate(Array(([header] + rows).joined(separator: "\r\n").utf8), against: LocalDataSchemas.deliberations)
    }

    @Test func aValidRowPasses() {
        let report = validate([row])
        #expect(report.isValid, "\(report.issues.map(\.message))")
    }

    @Test func votesDatesAndPeriodsAreCrossChecked() throws {
        // Planted: 25 + 10 + 4 ≠ 40 (line 2); registered before adoption (line 3); period going backwards and a
        // budget year without its name (line 4).
        let badSum = row.replacingOccurrences(of: ";25;10;5;", with: ";25;10;4;")
        let badDate = row.replacingOccurrences(of: "2017-10-20", with: "2017-10-01")
        let badBudget = row.replacingOccurrences(of: "2017/2018;Budget principal", with: "2018/2017;")
        let report = validate([badSum, badDate, badBudget])
        let byLine = Dictionary(grouping: report.issues, by: { $0.line ?? 0 })
        #expect(byLine[2]?.map(\.kind) == [.sumColumns])
        #expect(byLine[3]?.map(\.kind) == [.compareColumns])
        #expect(Set(byLine[4]?.map(\.kind) ?? []) == [.yearInterval, .cohesiveColumns])
        #expect(report.issues.count == 4)
        let sum = try #require(byLine[2]?.first)
        #expect(sum.column == 13 && sum.message == "« VOTE_REEL » (40) n'est pas la somme de VOTE_POUR + VOTE_CONTRE + VOTE_ABSTENTION (39)")
    }
}
