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
