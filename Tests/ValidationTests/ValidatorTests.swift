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
        #expect(report.issues.first { $0.kind == .missingHeader }?.message == "colonne « objet » absente")
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

    @Test func headersOutOfOrderOrUnknownAreReported() {
        let swapped = "idAttribuant;nomAttribuant" + header.dropFirst("nomAttribuant;idAttribuant".count) + ";commentaire"
        let report = Validator.validate(csv([swapped]), against: subventions)
        #expect(Set(report.issues.map(\.kind)) == [.incorrectHeaderOrder, .extraHeader])
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
