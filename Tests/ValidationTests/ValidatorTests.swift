import Foundation
import Testing
import Validation

@Suite struct ValidatorTests {
    let subventions = LocalDataSchemas.named("subventions")!
    let header = "nomAttribuant;idAttribuant;dateConvention;referenceDecision;nomBeneficiaire;idBeneficiaire;rnaBeneficiaire;objet;montant;nature;conditionsVersement;datesPeriodeVersement;idRAE;notificationUE;pourcentageSubvention;dispositifAide"
    /// A valid row (hand-made; 23350001600040 and 38047555800058 are the schema's own example SIRETs).
    let row = "Région Bretagne;23350001600040;2017-06-27;2017-03-103;Les Petits Débrouillards;38047555800058;;Animations climat-énergie;47800.20;aide en numéraire;échelonné;2017-03-14/2018-03-14;;non;1.00;"

    func csv(_ lines: [String]) -> [UInt8] { Array((lines.joined(separator: "\r\n") + "\r\n").utf8) }

    @Test func aValidFileHasNoIssue() {
        let report = Validator.validate(csv([header, row, row]), against: subventions)
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
        let report = Validator.validate(csv([drop(header), drop(badSiret), drop(badDate)]), against: subventions)
        #expect(report.issues.count == 3, "\(report.issues.map(\.message))")
        let kinds = report.issues.map(\.kind)
        #expect(kinds.contains(.missingHeader) && kinds.contains(.frenchSIRET) && kinds.contains(.typeError))
        let siret = try #require(report.issues.first { $0.kind == .frenchSIRET })
        #expect(siret.line == 2 && siret.column == 6)
        #expect(siret.message == "le SIRET « 38047555800059 » n'est pas valide (clé de contrôle)")
        let date = try #require(report.issues.first { $0.kind == .typeError })
        #expect(date.line == 3 && date.column == 3)
        #expect(date.message.contains("n'est pas une date valide au format AAAA-MM-JJ"))
        #expect(report.issues.first { $0.kind == .missingHeader }?.message == "colonne obligatoire « objet » absente")
    }

    @Test func constraintsAndTypes() {
        var bad = row.replacingOccurrences(of: "aide en numéraire", with: "chèque")
        bad = bad.replacingOccurrences(of: ";1.00;", with: ";1,5;")
        bad = bad.replacingOccurrences(of: ";non;", with: ";peut-être;")
        let report = Validator.validate(csv([header, bad]), against: subventions)
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

    /// As Validata: the order is said only when no column is missing or extra; both are warnings.
    @Test func headersOutOfOrderOrUnknownAreReported() {
        let swapped = "idAttribuant;nomAttribuant" + header.dropFirst("nomAttribuant;idAttribuant".count)
        let order = Validator.validate(csv([swapped]), against: subventions)
        #expect(order.issues.map(\.kind) == [.incorrectHeaderOrder] && order.issues.first?.severity == .warning)
        let extra = Validator.validate(csv([swapped + ";commentaire"]), against: subventions)
        #expect(extra.issues.map(\.kind) == [.extraHeader] && extra.isValid)
    }
}

/// Issue 19: where we differed from Validata on real published files, each on a file shaped like the real one
/// (the expected verdicts and kinds are Validata 0.12.5's on the same text, run by e2e/test_validata.py).
@Suite struct ValidataAgreementTests {
    let subventions = LocalDataSchemas.named("subventions")!
    func validate(_ lines: [String], _ schema: String = "subventions") -> ValidationReport {
        Validator.validate(Array((lines.joined(separator: "\r\n") + "\r\n").utf8), against: LocalDataSchemas.named(schema)!)
    }

    /// A row shorter than the header (a spreadsheet drops trailing empty cells): its missing cells are empty,
    /// and no cell lies outside the header (the check of such cells once trapped on a short row).
    @Test func shortRowsAreReadAsEndingWithEmptyCells() {
        let report = validate(["nomAttribuant;idAttribuant;objet;montant", "Région;23350001600040", "Région;23350001600040;Objet;10;;"])
        #expect(report.rows == 2)
        #expect(report.issues.filter { $0.line == 2 }.map(\.field) == ["objet", "montant"])
        #expect(!report.issues.contains { $0.kind == .extraCell })
    }

    /// 1. A commune's file (shaped like Roques-sur-Garonne's on Haute-Garonne's portal): no `rnaBeneficiaire` nor
    /// `dispositifAide` (optional), `idBeneficiaire` before `nomBeneficiaire`, and a column of its own. Validata
    /// accepts it with warnings; so do we.
    @Test func optionalColumnsMissingExtraOrMisorderedAreWarnings() throws {
        let report = validate([
            "nomAttribuant;idAttribuant;dateConvention;referenceDecision;idBeneficiaire;nomBeneficiaire;objet;montant;nature;conditionsVersement;datesPeriodeVersement;idRAE;notificationUE;pourcentageSubvention;service",
            "COMMUNE DE ROQUES;21310458100011;2017-04-13;DELIB 06FIN du 13-04-2017;38047555800058;TENNIS CLUB;SUBVENTION 2017;2400.0;aide en numéraire;unique;2017-01-01;;non;1.0;sport",
        ])
        #expect(report.isValid, "\(report.issues.map(\.message))")
        #expect(report.errors == 0 && report.warnings == 3)
        #expect(report.issues.allSatisfy { $0.severity == .warning })
        #expect(Set(report.issues.map(\.kind)) == [.missingHeader, .extraHeader])
        let missing = try #require(report.issues.first { $0.field == "dispositifAide" })
        #expect(missing.message == "colonne facultative « dispositifAide » absente" && missing.validata == "Colonne manquante")
        // A required column missing stays an error (Validata's "missing-label").
        let noObject = validate(["nomAttribuant;idAttribuant", "Région;23350001600040"])
        #expect(!noObject.isValid && noObject.issues.contains { $0.field == "objet" && $0.severity == .error })
    }

    /// 2. Poitiers' file wrote SIRETs as a spreadsheet's floats: "32402138500000.0" is no SIRET, whatever the
    /// column's pattern (`idBeneficiaire` has none).
    @Test func everySiretValueIsChecked() throws {
        let report = validate(["nomAttribuant;idAttribuant;idBeneficiaire", "Ville de Poitiers;21860194600013;32402138500000.0"])
        let siret = try #require(report.issues.first { $0.kind == .frenchSIRET })
        #expect(siret.line == 2 && siret.column == 3 && siret.field == "idBeneficiaire" && siret.severity == .error)
        #expect(siret.message == "« 32402138500000.0 » n'est pas un SIRET : 14 chiffres attendus")
        #expect(siret.validata == "Format Invalide")
        // A SIREN where a SIRET is expected, and a number written with spaces (accepted, as python-stdnum reads it).
        #expect(!SIRET.isValid("225800010") && SIRET.isValid("380 475 558 00058"))
        // The SIREN's own check digit: 14 digits whose Luhn sum is right but whose first nine are no SIREN.
        #expect(!SIRET.isValid("12345678900007"))
    }

    /// 3. La Poste's head office follows the ordinary Luhn rule (python-stdnum's `fr.siret`); its establishments
    /// the sum of digits modulo 5.
    @Test func laPostesHeadOfficeIsAValidSiret() {
        #expect(SIRET.isValid("35600000000048"))
        #expect(SIRET.isValid("35600000000047"))  // an establishment: digit sum 25
        #expect(!SIRET.isValid("35600000000049"))
        let report = validate(["nomAttribuant;idAttribuant;idBeneficiaire", "Région;23350001600040;35600000000048"])
        #expect(!report.issues.contains { $0.kind == .frenchSIRET })
    }

    /// 4. One column of the pair absent: the other must be filled on every row; both absent: said once.
    @Test func oneOfRequiredWithAColumnAbsent() throws {
        let header = "nomAttribuant;idAttribuant;dateConvention;nomBeneficiaire;idBeneficiaire;objet;montant;nature;conditionsVersement;notificationUE"
        let report = validate([header, "Région;23350001600040;2017-06-27;Asso;38047555800058;Objet;10;aide en numéraire;unique;non",
                               "Région;23350001600040;2017-06-27;Asso;;Objet;10;aide en numéraire;unique;non"])
        let pair = report.issues.filter { $0.kind == .oneOfRequired }
        #expect(pair.map(\.line) == [3] && pair.first?.severity == .error)
        let neither = validate(["nomAttribuant;idAttribuant;objet", "Région;23350001600040;Objet", "Région;23350001600040;Objet"])
        let once = neither.issues.filter { $0.kind == .oneOfRequired }
        #expect(once.count == 1 && once.first?.line == 1)
    }

    /// 5. Values are checked as written: a date or a year with a stray space is wrong (and the hint says so); a
    /// number with spaces around it is read, as Validata reads it.
    @Test func strayCellSpacesAreReported() throws {
        let report = validate(["nomAttribuant;idAttribuant;dateConvention;montant;notificationUE",
                               "Région;23350001600040; 2019-02-05;47800.20 ;non "])
        #expect(report.issues.filter { $0.line == 2 }.map(\.field) == ["dateConvention", "notificationUE"])
        let date = try #require(report.issues.first { $0.field == "dateConvention" })
        #expect(date.kind == .typeError && date.hint.hasSuffix("Retirez les espaces au début ou à la fin de la valeur."))
        #expect(date.validata == "Format de date incorrect")
        let budget = LocalDataSchemas.named("budget")!
        let row = budget.fields.map { $0.name == "BGT_ANNEE" ? "2018 " : "" }.joined(separator: ";")
        let year = Validator.validate(Array("\(budget.fields.map(\.name).joined(separator: ";"))\n\(row)\n".utf8), against: budget)
        #expect(year.issues.contains { $0.field == "BGT_ANNEE" && $0.kind == .typeError && $0.validata == "Format d'année incorrect" })
    }

    /// 6. Délibérations 2.1.5 declares `DELIB_URL` as a URI.
    @Test func deliberationLinkIsAnAddress() {
        let header = "COLL_NOM;COLL_SIRET;DELIB_ID;DELIB_DATE;DELIB_MATIERE_CODE;DELIB_MATIERE_NOM;DELIB_OBJET;BUDGET_ANNEE;BUDGET_NOM;PREF_ID;PREF_DATE;VOTE_EFFECTIF;VOTE_REEL;VOTE_POUR;VOTE_CONTRE;VOTE_ABSTENTION;DELIB_URL"
        let report = validate([header, "Ville de Poitiers;21860194600013;1DL15494;2017-10-15;8.4;domaines;Politique montagne;;;;;;;;;;délibération n° 15494"], "deliberations")
        #expect(report.issues.map(\.kind) == [.formatError] && report.issues.first?.field == "DELIB_URL")
    }

    /// 7. A department's export: a title line and a blank line above the header, and a blank line between rows.
    /// The header is found by the names of the standard's fields, as the import finds its own.
    @Test func titleAndBlankLineAboveTheHeader() throws {
        let header = "nomAttribuant;idAttribuant;dateConvention;referenceDecision;nomBeneficiaire;idBeneficiaire;rnaBeneficiaire;objet;montant;nature;conditionsVersement;datesPeriodeVersement;idRAE;notificationUE;pourcentageSubvention;dispositifAide"
        let row = "Département de la Somme;22800001400016;2017-09-08;6.2;AILLY SUR NOYE;21800009900018;;Création d'une aire de camping-car, \"phase 2\";12000;aide en numéraire;unique;2017-09-08;;non;1;"
        let report = validate(["Données essentielles des conventions de subvention, année 2017", "", header, row, "", row])
        #expect(report.rows == 2 && report.separator == ";")
        #expect(report.issues.map(\.kind) == [.blankRow], "\(report.issues.map(\.message))")
        #expect(report.issues.first?.line == 5 && report.issues.first?.validata == "Ligne vide")
    }
}

/// Poitiers' file has long texts in its rows: a cell longer than any column name in the opening rows does not
/// stop the search for the header (it did, with "le nom de colonne de l'en-tête dépasse 1 000 caractères").
@Suite struct LongCellsTests {
    @Test func aLongTextInTheFirstRowsIsNoHeaderProblem() {
        let long = String(repeating: "Soutien à l'organisation du festival. ", count: 40)
        let report = Validator.validate(Array("nomAttribuant;idAttribuant;objet\r\nVille de Poitiers;21860194600013;\(long)\r\n".utf8),
                                        against: LocalDataSchemas.named("subventions")!)
        #expect(!report.issues.contains { $0.kind == .fileError }, "\(report.issues.map(\.message))")
        #expect(report.rows == 1 && report.header == ["nomAttribuant", "idAttribuant", "objet"])
        #expect(report.issues.contains { $0.kind == .maxLengthConstraint && $0.line == 2 })
    }
}

/// SCDL Délibérations 2.1.5, with hand-made rows (the collectivité SIRET is the schema's own example).
@Suite struct DeliberationsTests {
    let header = "COLL_NOM;COLL_SIRET;DELIB_ID;DELIB_DATE;DELIB_MATIERE_CODE;DELIB_MATIERE_NOM;DELIB_OBJET;BUDGET_ANNEE;BUDGET_NOM;PREF_ID;PREF_DATE;VOTE_EFFECTIF;VOTE_REEL;VOTE_POUR;VOTE_CONTRE;VOTE_ABSTENTION;DELIB_URL"
    let row = "Ville de Poitiers;21860194600013;1DL15494;2017-10-15;8.4;domaines de compétences par thèmes/aménagement du territoire;Politique montagne;2017/2018;Budget principal;PREF086;2017-10-20;43;40;25;10;5;https://example.org/d.pdf"

    func validate(_ rows: [String]) -> ValidationReport {
        Validator.validate(Array(([header] + rows).joined(separator: "\r\n").utf8), against: LocalDataSchemas.named("deliberations")!)
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

/// The shipped schema files: every one reads, and says its version and where the standard is published.
@Suite struct SchemaFilesTests {
    @Test func theFiveStandardsAreShippedWithVersionAndSource() throws {
        let byName = Dictionary(uniqueKeysWithValues: LocalDataSchemas.all.map { ($0.name, $0) })
        #expect(Set(byName.keys) == ["subventions", "deliberations", "equipements", "budget", "catalogue"])
        for schema in LocalDataSchemas.all {
            #expect(schema.source == "https://schema.data.gouv.fr/scdl/\(schema.name)/\(schema.version)/")
        }
        #expect(byName["budget"]?.version == "0.8.3" && byName["equipements"]?.version == "0.1.5" && byName["catalogue"]?.version == "0.1.3")
        // The ACTES nomenclature is not bundled: the check is declared but said not made.
        #expect(byName["deliberations"]?.notChecked == ["nomenclature-actes-value"])
        #expect(byName["subventions"]?.notChecked == [])
    }

    /// A report says a format in words with an example, never as a regular expression: every pattern of the
    /// shipped schemas has its description, and each of its examples fits the pattern and the length limits.
    @Test func everyPatternIsSaidInWordsWithExamplesThatFit() throws {
        var described = 0
        for schema in LocalDataSchemas.all {
            for field in schema.fields {
                guard let pattern = field.pattern else { continue }
                let words = try #require(field.patternDescription, "\(schema.name).\(field.name)")
                #expect(!words.contains(where: { "^$\\[]{}".contains($0) }), "\(schema.name).\(field.name) : \(words)")
                let examples = try #require(words.components(separatedBy: "par exemple ").last?.components(separatedBy: " ou "))
                for example in examples {
                    #expect(try Regex(pattern).wholeMatch(in: example) != nil, "\(schema.name).\(field.name) : \(example)")
                    #expect(example.count >= field.minLength ?? 0 && example.count <= field.maxLength ?? .max, "\(schema.name).\(field.name) : \(example)")
                }
                described += 1
            }
        }
        #expect(described == 14)
        let budget = try #require(LocalDataSchemas.named("budget"))
        let header = budget.fields.map(\.name).joined(separator: ";")
        let row = budget.fields.map { $0.name == "BGT_SIRET" ? "2219272050019" : "" }.joined(separator: ";")
        let siret = try #require(Validator.validate(Array("\(header)\n\(row)\n".utf8), against: budget).issues.first { $0.kind == .patternConstraint })
        #expect(siret.hint == "Format attendu : 14 chiffres sans espace (un SIRET), par exemple 23350001600040.")
        #expect(error(#"{"name": "x", "title": "X", "version": "1", "homepage": "h", "fields": [{"name": "A", "constraints": {"pattern": "^a$"}}]}"#)?
            .contains("motif sans description en français (x-motif) pour A") == true)
    }

    func error(_ json: String) -> String? {
        do { _ = try TableSchema(json: Array(json.utf8), file: "x.json"); return nil } catch { return "\(error)" }
    }

    @Test func aBrokenSchemaIsRefusedWithItsReason() {
        let head = #""name": "x", "title": "X", "version": "1", "homepage": "h""#
        #expect(error("{\(head), \"fields\": [{\"name\": \"A\", \"type\": \"geopoint\"}]}")?.contains("type « geopoint » du champ A") == true)
        #expect(error("{\(head), \"fields\": [{\"name\": \"A\"}], \"custom_checks\": [{\"name\": \"french-siret-value\", \"params\": {\"column\": \"B\"}}]}")?
            .contains("french-siret-value") == true)
        #expect(error("{\(head), \"fields\": []}")?.contains("aucun champ") == true)
        #expect(error("{\(head), \"fields\": [{\"name\": \"A\"}]}") == nil)
    }
}

/// SCDL Équipements 0.1.5, Budget 0.8.3 and Catalogue 0.1.3 with hand-made rows (SIRETs are the schemas' own
/// examples, whose check digits are right).
@Suite struct OtherStandardsTests {
    func validate(_ schema: String, _ lines: [String]) -> ValidationReport {
        Validator.validate(Array(lines.joined(separator: "\n").utf8), against: LocalDataSchemas.named(schema)!)
    }
    func byLine(_ report: ValidationReport) -> [Int: Set<ValidationIssue.Kind>] {
        Dictionary(grouping: report.issues, by: { $0.line ?? 0 }).mapValues { Set($0.map(\.kind)) }
    }

    let equipementsHeader = "COLL_NOM,COLL_SIRET,EQUIP_UID,EQUIP_THEME,EQUIP_CODE,EQUIP_TYPE,EQUIP_NOM,ADR_NUMERO,ADR_NOMVOIE,ADR_CODEPOSTAL,ADR_COMMUNE,ADR_CLE_INTEROP,ERP_ID,ERP_TYPE,ERP_CATEGORIE,EQUIP_LAT,EQUIP_LONG,EQUIP_OUVERTURE,EQUIP_TEL,EQUIP_EMAIL,EQUIP_WEB"
    let equipement = #"Département du Val-de-Marne,22940028800010,94059-01010401-001,Equipement administratif,01010401-001,Mairie,Hôtel de ville du Plessis-Trévise,36,Avenue Ardouin,94420,Le Plessis-Trévise,94059_0040_00036,,W;L,5,48.808989,2.572875,"Mo-Fr 08:30-12:00,13:30-17:30",+33 140633900,contact@leplessistrevise.fr,https://www.leplessistrevise.fr"#

    @Test func equipements() {
        #expect(validate("equipements", [equipementsHeader, equipement]).isValid, "\(validate("equipements", [equipementsHeader, equipement]).issues)")
        // Planted: the same identifier twice (line 3), an unknown theme and a decimal comma in the latitude
        // (line 4, quoted since the file uses commas), a bad e-mail and a category 6 (line 5).
        let other = equipement.replacingOccurrences(of: "-001,Equipement administratif,01010401-001", with: "-002,Equipement administratif,01010401-002")
        let badTheme = other.replacingOccurrences(of: "94059-01010401-002,Equipement administratif", with: "94059-01010401-003,Mairie")
            .replacingOccurrences(of: "48.808989", with: "\"48,808989\"")
        let badMail = equipement.replacingOccurrences(of: "94059-01010401-001", with: "94059-01010401-004")
            .replacingOccurrences(of: "contact@leplessistrevise.fr", with: "contact(at)ville.fr").replacingOccurrences(of: ",W;L,5,", with: ",W;L,6,")
        let report = validate("equipements", [equipementsHeader, equipement, other.replacingOccurrences(of: "-002", with: "-001"), badTheme, badMail])
        #expect(byLine(report) == [3: [.uniqueConstraint], 4: [.enumConstraint, .typeError], 5: [.formatError, .rangeConstraint]], "\(report.issues.map(\.message))")
        let range = report.issues.first { $0.kind == .rangeConstraint }
        #expect(range?.message == "6 est supérieur au maximum 5 pour « ERP_CATEGORIE »" && range?.hint == "Valeur attendue entre 1 et 5.")
        let unique = report.issues.first { $0.kind == .uniqueConstraint }
        #expect(unique?.column == 3 && unique?.message == "« 94059-01010401-001 » apparaît déjà ligne 2 dans « EQUIP_UID »")
    }

    let budgetHeader = "BGT_NATDEC;BGT_ANNEE;BGT_SIRET;BGT_NOM;BGT_CONTNAT;BGT_CONTNAT_LABEL;BGT_NATURE;BGT_NATURE_LABEL;BGT_FONCTION;BGT_FONCTION_LABEL;BGT_OPERATION;BGT_SECTION;BGT_OPBUDG;BGT_CODRD;BGT_MTREAL;BGT_MTBUDGPREC;BGT_MTRARPREC;BGT_MTPROPNOUV;BGT_MTPREV;BGT_CREDOUV;BGT_MTRAR3112;BGT_ARTSPE"
    let budget = "compte administratif;2018;22192720500197;Département de la Corrèze;2128;Agencements et aménagements de terrains;21;Immobilisations corporelles;905;Aménagement des territoires et habitat;;investissement;réel;dépense;45678.80;35567.08;;;;;;non spécialisé"

    @Test func budgetLines() {
        #expect(validate("budget", [budgetHeader, budget]).isValid)
        // Planted: a two-digit year (line 2), a stage the standard does not know (line 3), a SIRET with a wrong
        // check digit and an empty account number (line 4).
        let report = validate("budget", [budgetHeader, budget.replacingOccurrences(of: ";2018;", with: ";18;"),
                                         budget.replacingOccurrences(of: "compte administratif", with: "budget prévisionnel"),
                                         budget.replacingOccurrences(of: "22192720500197;Département de la Corrèze;2128;", with: "22192720500198;Département de la Corrèze;;")])
        #expect(byLine(report) == [2: [.typeError], 3: [.enumConstraint], 4: [.frenchSIRET, .requiredConstraint]], "\(report.issues.map(\.message))")
        #expect(report.issues.first?.message == "« 18 » n'est pas une année sur 4 chiffres (colonne « BGT_ANNEE »)")
    }

    let catalogueHeader = "COLL_NOM;COLL_SIRET;ID;TITRE;DESCRIPTION;THEME;PRODUCTEUR_NOM;PRODUCTEUR_SIRET;COUV_SPAT_MAILLE;COUV_SPAT_NOM;COUV_TEMP_DEBUT;COUV_TEMP_FIN;DATE_PUBL;FREQ_MAJ;DATE_MAJ;MOTS_CLES;LICENCE;NOMBRE_RESSOURCES;FORMAT_RESSOURCES;URL"
    let dataset = "Rennes Métropole;24350013900189;prenoms-2017;Prénoms des nouveaux-nés à Rennes en 2017;Liste annuelle des prénoms.;Administration locale;Ville de Rennes;21350238800019;Communale;Rennes;2017-01-01;2017-12-31;2017-06-01;Annuelle;2018-01-14;scdl;prenoms;Licence Ouverte-LO;3;csv;json;https://data.rennesmetropole.fr/explore/dataset/prenoms"

    @Test func catalogue() {
        // Keywords and formats hold semicolons: quoted in a ';' file.
        let row = dataset.replacingOccurrences(of: "scdl;prenoms", with: "\"scdl;prenoms\"").replacingOccurrences(of: "csv;json", with: "\"csv;json\"")
        #expect(validate("catalogue", [catalogueHeader, row]).isValid, "\(validate("catalogue", [catalogueHeader, row]).issues.map(\.message))")
        let report = validate("catalogue", [catalogueHeader, row,
                                            row.replacingOccurrences(of: ";Annuelle;", with: ";Tous les ans;").replacingOccurrences(of: ";3;", with: ";0;"),
                                            row.replacingOccurrences(of: "prenoms-2017", with: "prenoms-2018").replacingOccurrences(of: "https://data", with: "data")])
        #expect(byLine(report) == [3: [.enumConstraint, .rangeConstraint, .uniqueConstraint], 4: [.formatError]], "\(report.issues.map(\.message))")
    }
}

/// Issue 19, point 6: each bundled schema against the official file it transcribes (schema.data.gouv.fr's
/// copies, kept in e2e/validata_corpus/schemas, where Validata reads them too), field by field. The only
/// differences allowed are the departures the bundled file declares in `x-ecarts`, each naming its field.
@Suite struct OfficialSchemaTests {
    static let official = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../e2e/validata_corpus/schemas")
    static let bundled = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Sources/Validation/Schemas")

    func json(_ url: URL) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    }

    /// What a validator reads of a field, in one comparable text per property: defaults written out
    /// (`string`, `default` format, `required: false`), so a default left implicit is no difference.
    func properties(_ field: [String: Any]) -> [String: String] {
        var out = ["type": field["type"] as? String ?? "string", "format": field["format"] as? String ?? "default"]
        for key in ["trueValues", "falseValues"] { if let v = field[key] { out[key] = "\(v)" } }
        for (key, value) in field["constraints"] as? [String: Any] ?? [:] {
            if key == "required" || key == "unique", value as? Bool == false { continue }
            out["constraints." + key] = "\(value)"
        }
        return out
    }

    /// Custom checks with their parameters, `column1` read as `column` (both spellings name the first column).
    func checks(_ schema: [String: Any]) -> [String] {
        (schema["custom_checks"] as? [[String: Any]] ?? []).map { check in
            let params = (check["params"] as? [String: Any] ?? [:]).map { ($0.key == "column1" ? "column" : $0.key) + "=\($0.value)" }.sorted()
            return "\(check["name"] ?? "?")(\(params.joined(separator: ",")))"
        }
    }

    @Test func bundledSchemasMatchTheOfficialFilesFieldByField() throws {
        var differences: [String] = []
        for schema in LocalDataSchemas.all {
            let file = "scdl-\(schema.name)-\(schema.version).json"
            let official = try json(Self.official.appendingPathComponent(file)), bundled = try json(Self.bundled.appendingPathComponent(file))
            #expect(official["version"] as? String == schema.version, "\(file)")
            let officialFields = try #require(official["fields"] as? [[String: Any]]), bundledFields = try #require(bundled["fields"] as? [[String: Any]])
            #expect(officialFields.map { $0["name"] as? String } == bundledFields.map { $0["name"] as? String }, "\(file) : noms ou ordre des champs")
            #expect(checks(official) == checks(bundled), "\(file) : contrôles Validata")
            #expect((official["missingValues"] as? [String] ?? [""]) == (bundled["missingValues"] as? [String] ?? [""]), "\(file) : valeurs manquantes")
            let declared = bundled["x-ecarts"] as? [String] ?? []
            for (o, b) in zip(officialFields, bundledFields) {
                let name = o["name"] as? String ?? "?"
                let po = properties(o), pb = properties(b)
                for key in Set(po.keys).union(pb.keys).sorted() where po[key] != pb[key] {
                    let difference = "\(schema.name).\(name) \(key) : \(po[key] ?? "—") → \(pb[key] ?? "—")"
                    // A departure is declared when `x-ecarts` names the field.
                    if !declared.contains(where: { $0.hasPrefix(name + " ") }) { differences.append(difference) }
                }
            }
        }
        #expect(differences.isEmpty, "écarts non déclarés dans x-ecarts : \(differences)")
    }
}
