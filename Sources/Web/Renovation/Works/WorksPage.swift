import Renovation

/// `…/batiments/{id}/travaux`: the « Travaux » tab of a building's sheet — the three generated scenarios and the
/// collectivité's own side by side, each action with the source and status of its values, the funding, the
/// Décret tertiaire trajectory and the BACS status; the characteristics, scenario and price forms for the
/// collectivité's agents.
struct WorksPage {
    static let template = "renovation-travaux"
    static let noConsumption = "Les scénarios de travaux partent des consommations mesurées du bâtiment : importez ses consommations (une ligne par année et par énergie, au moins la dernière année connue) pour les obtenir."

    static let demoNoConsumption = "Le DPE de ce bâtiment de démonstration ne donne pas de consommation mesurée : pas de scénario de travaux. Les bâtiments de la démonstration dont la provenance est « mesuré » en ont."

    struct Line { let label: String, value: String }
    struct Metric { let label: String, values: [String] }
    struct Value { let what: String, status: String, statusLabel: String, source: String }
    struct ActionRow { let rank: Int, label: String, quantity: String, saved: String, cost: String, values: [Value], notes: [String] }
    struct Excluded { let label: String, reason: String }
    struct Funding {
        let scheme: String, eligible: Bool, condition: String, terms: String, amount: String?, status: String, statusLabel: String, source: String
    }
    struct Column {
        let id: String, anchor: String, name: String, kind: String, generated: Bool
        let actions: [ActionRow], excluded: [Excluded], funding: [Funding], remaining: String, warnings: [String]
        let deleteAction: String?
    }
    struct Milestone { let year: Int, reduction: String, target: String, gap: String, absolute: Bool }
    struct Field { let name: String, label: String, value: String, unit: String? }
    struct Choice { let name: String, label: String, options: [Option] }
    struct LibraryAction { let id: String, label: String, category: String, assiette: String?, costUnit: String }

    let name: String
    let isDemo: Bool
    let sheet: String
    /// `?collectivite=` for the operator (see `RenovationController.ownerQuery`).
    let ownerQuery: String
    let csv: String
    let editable: Bool
    let csrf: String
    let formBase: String
    let errors: [String]
    let notice: String?
    let libraryMissing: Bool
    let libraryVersion: String
    let noConsumption: String?
    let uses: [Line]
    let usesNote: Value?
    let columns: [Column]
    let metrics: [Metric]
    let method: [String]
    let subject: String
    let referenceNote: String
    let reference: String?
    let latest: String?
    let milestones: [Milestone]
    let bacs: String
    let profile: [Line]
    let numberFields: [Field]
    let choices: [Choice]
    let libraryActions: [LibraryAction]
    let prices: [Field]
    let rate: String
    let horizon: String
    let canAddScenario: Bool

    // swiftlint:disable:next function_body_length
    init(_ w: BuildingWorks?, building b: Building, library: ActionLibrary?, demo: Bool, ownerQuery: String = "", editable: Bool, csrf: String,
         errors: [String] = [], notice: String? = nil, sentProfile: WorksProfile? = nil) {
        name = b.name
        isDemo = demo
        let base = demo ? RenovationController.demoBase : RenovationController.ownBase
        sheet = "\(base)/batiments/\(RenovationController.pathComponent(b.id))"
        self.ownerQuery = ownerQuery
        csv = "\(sheet)/travaux.csv\(ownerQuery)"
        formBase = "\(sheet)/travaux"
        self.editable = editable
        self.csrf = csrf
        self.errors = errors
        self.notice = notice
        libraryMissing = library == nil
        libraryVersion = library?.version ?? ""
        let custom = w?.scenarios.filter { !$0.generated }.count ?? 0
        canAddScenario = editable && custom < ScenarioInput.limit
        guard let w, let library else {
            (noConsumption, uses, usesNote, columns, metrics, method) = (nil, [], nil, [], [], [])
            (subject, referenceNote, reference, latest, milestones, bacs) = (DecretTertiaire.obligations(area: b.area), "", nil, nil, [], "")
            (profile, numberFields, choices, libraryActions, prices, rate, horizon) = ([], [], [], [], [], "", "")
            return
        }
        noConsumption = w.uses == nil ? (demo ? Self.demoNoConsumption : Self.noConsumption) : nil
        if let u = w.uses {
            uses = [Line(label: "Année", value: String(u.year)),
                    Line(label: "Chauffage (\(u.heatingCarrier.label))", value: "\(RenovationFormat.int(u.heating)) kWh"),
                    Line(label: "Électricité des autres usages", value: "\(RenovationFormat.int(u.electricity)) kWh")]
                + u.others.sorted { $0.key.rawValue < $1.key.rawValue }.map { Line(label: $0.key.label, value: "\(RenovationFormat.int($0.value)) kWh") }
                + [Line(label: "Total (énergie finale)", value: "\(RenovationFormat.int(u.total)) kWh")]
            usesNote = u.heatingShareAssumed
                ? Value(what: "Chauffage électrique : \(RenovationFormat.percent(library.electricHeatingShare.value)) de l'électricité comptés pour le chauffage",
                        status: library.electricHeatingShare.status.rawValue, statusLabel: library.electricHeatingShare.status.label,
                        source: library.electricHeatingShare.source)
                : nil
        } else {
            (uses, usesNote) = ([], nil)
        }
        let settings = w.settings
        columns = w.scenarios.map { Self.column($0, library: library, base: base, building: b, editable: editable) }
        metrics = Self.metrics(w.scenarios, settings: settings)
        let rateText = "\(RenovationFormat.decimal(settings.discountRate * 100)) %"
        method = [
            "Économies appliquées l'une après l'autre sur ce qui reste de chaque usage : elles se multiplient, elles ne s'additionnent pas.",
            "Énergie primaire : électricité × \(Figures.decimal(Factors.primary(.electricite, year: settings.year), 1)) (arrêté du 13 août 2025), autres énergies × 1 ; GES : facteurs du DPE 2021 (arrêté du 31 mars 2021).",
            "Facture : " + EnergyCarrier.allCases.compactMap { c in
                settings.prices[c].map { p in
                    let lib = library.energyPrices[c.rawValue]
                    let origin = lib.map { $0.eurPerKWh == p ? "\($0.status.label) — \($0.source)" : "prix saisi par la collectivité" } ?? "prix saisi par la collectivité"
                    return "\(c.label) \(Figures.decimal(p, 4)) €/kWh (\(origin))"
                }
            }.joined(separator: " ; ") + ".",
            "Valeur actuelle nette : économies de facture actualisées à \(rateText) sur \(settings.horizon) ans, moins le coût (haut puis bas) ; retour simple = coût ÷ facture économisée.",
            "Part de l'écart 2030 : l'économie du scénario, en part de la dernière année, appliquée à sa consommation corrigée du climat, rapportée à l'écart à l'objectif 2030 du décret tertiaire.",
            "Bibliothèque des actions, version \(library.version) : chaque valeur porte sa source et son statut (« vérifié », « à vérifier », « hypothèse de l'outil »).",
        ]
        let t = w.trajectory
        subject = DecretTertiaire.obligations(area: b.area)
        referenceNote = t.referenceNote
        reference = t.reference.map { "\(RenovationFormat.int($0.compared)) kWh en \($0.year)\($0.corrected == nil ? "" : " (corrigés du climat)")" }
        latest = t.latest.map { "\(RenovationFormat.int($0.compared)) kWh en \($0.year)\($0.corrected == nil ? "" : " (corrigés du climat)")" }
        milestones = t.milestones.map {
            Milestone(year: $0.year, reduction: "−\(RenovationFormat.percent($0.reduction))", target: "\(RenovationFormat.int($0.target)) kWh",
                      gap: $0.gap > 0 ? "\(RenovationFormat.int($0.gap)) kWh" : "atteint", absolute: $0.absolute)
        }
        bacs = w.bacs.text
        // A refused form shows what was sent, so nothing has to be typed again.
        let p = sentProfile ?? w.profile
        func yesNo(_ v: Bool?) -> String { v.map { $0 ? "oui" : "non" } ?? "inconnu" }
        func num(_ v: Double?, _ unit: String) -> String { v.map { "\(RenovationFormat.int($0)) \(unit)" } ?? "inconnue" }
        profile = [
            Line(label: "Niveaux", value: p.levels.map(String.init) ?? "inconnu"),
            Line(label: "Toiture", value: p.roof.map(Self.roofLabel) ?? "inconnue"),
            Line(label: "Murs isolés", value: yesNo(p.wallsInsulated)), Line(label: "Surface des murs", value: num(p.wallArea, "m²")),
            Line(label: "Plancher bas sur local non chauffé", value: yesNo(p.floorOverUnheated)),
            Line(label: "Fenêtres à simple vitrage", value: num(p.singleGlazingArea, "m²")),
            Line(label: "GTB", value: yesNo(p.hasBACS)), Line(label: "Réseau de chaleur à proximité", value: yesNo(p.heatNetworkNearby)),
            Line(label: "Ventilation", value: p.ventilation.map(Self.ventilationLabel) ?? "inconnue"),
            Line(label: "Puissance de chauffage", value: num(p.heatingPowerKW, "kW")),
            Line(label: "Année de référence (décret tertiaire)", value: p.referenceYear.map(String.init) ?? "par défaut"),
            Line(label: "Cabs (OPERAT)", value: p.cabs.map { $0.sorted { $0.key < $1.key }.map { "\($0.key) : \(RenovationFormat.int($0.value)) kWh/m²/an" }.joined(separator: ", ") } ?? "non fourni"),
        ]
        func field(_ v: Double?) -> String { v.map { Format.decimal($0, decimals: $0 == $0.rounded() ? 0 : 2).replacingOccurrences(of: Format.thousandsSeparator, with: "") } ?? "" }
        numberFields = [
            Field(name: "niveaux", label: "Nombre de niveaux", value: p.levels.map(String.init) ?? "", unit: nil),
            Field(name: "surface_murs_m2", label: "Surface des murs à isoler", value: field(p.wallArea), unit: "m²"),
            Field(name: "surface_simple_vitrage_m2", label: "Surface de fenêtres à simple vitrage", value: field(p.singleGlazingArea), unit: "m²"),
            Field(name: "puissance_chauffage_kw", label: "Puissance de chauffage ou de climatisation", value: field(p.heatingPowerKW), unit: "kW"),
        ] + TertiaryTrajectory.reductions.map { m in
            Field(name: "cabs_\(m.year)", label: "Cabs \(m.year) (niveau absolu OPERAT)", value: field(p.cabs?[m.year]), unit: "kWh/m²/an")
        }
        func tri(_ name: String, _ label: String, _ v: Bool?) -> Choice {
            Choice(name: name, label: label, options: [Option(value: "", label: "inconnu", selected: v == nil), Option(value: "oui", label: "oui", selected: v == true),
                                                        Option(value: "non", label: "non", selected: v == false)])
        }
        choices = [
            Choice(name: "toiture", label: "Toiture", options: [Option(value: "", label: "inconnue", selected: p.roof == nil)]
                   + Option.list(WorksProfile.Roof.allCases, current: p.roof?.rawValue, value: \.rawValue, label: Self.roofLabel)),
            tri("murs_isoles", "Murs déjà isolés", p.wallsInsulated),
            tri("plancher_sur_local_non_chauffe", "Plancher bas sur un local non chauffé ou un vide sanitaire", p.floorOverUnheated),
            tri("gtb", "GTB (gestion technique du bâtiment) déjà installée", p.hasBACS),
            tri("reseau_chaleur_proche", "Réseau de chaleur à proximité", p.heatNetworkNearby),
            Choice(name: "ventilation", label: "Ventilation", options: [Option(value: "", label: "inconnue", selected: p.ventilation == nil)]
                   + Option.list(WorksProfile.Ventilation.allCases, current: p.ventilation?.rawValue, value: \.rawValue, label: Self.ventilationLabel)),
            Choice(name: "annee_reference", label: "Année de référence du décret tertiaire",
                   options: [Option(value: "", label: "par défaut (la plus consommatrice)", selected: p.referenceYear == nil)]
                   + Option.list(2010...2019, current: p.referenceYear.map(String.init), value: String.init, label: String.init)),
        ]
        libraryActions = library.actions.map { a in
            LibraryAction(id: a.id, label: a.label, category: a.category.label, assiette: a.saving.assiette?.label,
                          costUnit: a.cost.map { "\(Self.figure($0.low))–\(Self.figure($0.high)) \(ScenarioEngine.unitLabel($0.unit, a)) (\($0.status.label))" } ?? "coût non chiffré")
        }
        prices = EnergyCarrier.allCases.map { c in
            Field(name: "prix_\(c.rawValue)", label: c.label, value: settings.prices[c].map { Format.decimal($0, decimals: 4) } ?? "", unit: "€/kWh")
        }
        rate = Format.decimal(settings.discountRate * 100, decimals: 1)
        horizon = String(settings.horizon)
    }

    static func roofLabel(_ r: WorksProfile.Roof) -> String {
        switch r { case .combles: "combles perdus ou rampants"; case .terrasse: "toiture-terrasse"; case .dejaIsolee: "déjà isolée" }
    }

    static func ventilationLabel(_ v: WorksProfile.Ventilation) -> String {
        switch v { case .naturelle: "naturelle"; case .simpleFlux: "VMC simple flux"; case .doubleFlux: "VMC double flux" }
    }

    /// A library figure as published: 12,5 stays 12,5.
    static func figure(_ x: Double) -> String { x == x.rounded() ? Figures.integer(x) : Figures.decimal(x, 2) }

    static func euros(_ x: Double) -> String { "\(RenovationFormat.int(x)) €" }

    static func range(_ low: Double, _ high: Double, _ unit: String) -> String {
        RenovationFormat.int(low) == RenovationFormat.int(high) ? "\(RenovationFormat.int(low)) \(unit)" : "\(RenovationFormat.int(low)) à \(RenovationFormat.int(high)) \(unit)"
    }

    /// The rows of the side-by-side table, one value per scenario.
    static func metrics(_ scenarios: [BuildingWorks.Scenario], settings: EconomicSettings) -> [Metric] {
        func row(_ label: String, _ value: (ScenarioResult, BuildingWorks.Scenario) -> String) -> Metric {
            Metric(label: label, values: scenarios.map { value($0.result, $0) })
        }
        return [
            row("Coût des travaux") { r, _ in range(r.costLow, r.costHigh, "€") + (r.uncosted.isEmpty ? "" : " (au moins)") },
            row("Énergie finale économisée") { r, _ in "\(RenovationFormat.int(r.finalSaved)) kWh/an (\(RenovationFormat.percent(r.finalSavedShare)))" },
            row("Énergie primaire économisée") { r, _ in "\(RenovationFormat.int(r.primaryBefore - r.primaryAfter)) kWhEP/an" },
            row("Émissions évitées") { r, _ in "\(RenovationFormat.decimal((r.ghgBefore - r.ghgAfter) / 1000)) tCO₂e/an" + (r.ghgPartial ? " (partiel)" : "") },
            row("Facture économisée") { r, _ in "\(euros(r.billSaved))/an" },
            row("Retour sur investissement simple") { r, _ in
                guard let low = r.paybackLow, let high = r.paybackHigh else { return "sans économie" }
                return RenovationFormat.decimal(low) == RenovationFormat.decimal(high) ? "\(RenovationFormat.decimal(low)) ans" : "\(RenovationFormat.decimal(low)) à \(RenovationFormat.decimal(high)) ans"
            },
            row("Valeur actuelle nette (\(RenovationFormat.decimal(settings.discountRate * 100)) %, \(settings.horizon) ans)") { r, _ in range(r.npvLow, r.npvHigh, "€") },
            row("Étiquette avant → après") { r, _ in "\(r.labelBefore) → \(r.labelAfter)" },
            row("Part de l'écart 2030 du décret tertiaire couverte") { _, s in s.gap2030Covered.map(RenovationFormat.percent) ?? "sans année de référence" },
            row("Reste à charge (avec les CEE seuls ; aides au plafond)") { _, s in
                "\(euros(s.funding.remainingWithoutGrants)) ; \(euros(s.funding.remainingAtCeiling))"
            },
        ]
    }

    static func column(_ s: BuildingWorks.Scenario, library: ActionLibrary, base: String, building b: Building, editable: Bool) -> Column {
        let r = s.result
        let actions = r.effects.enumerated().map { i, e in
            let quantity = e.quantity.map { q in "\(RenovationFormat.int(q)) \(e.assiette?.label ?? "")" } ?? "—"
            let cost = e.costLow.map { low in range(low, e.costHigh ?? low, "€") } ?? "non chiffré"
            let saved = "\(RenovationFormat.int(e.savedKWh)) kWh/an"
            return ActionRow(rank: i + 1, label: e.label, quantity: quantity, saved: saved, cost: cost,
                             values: WorksValue.of(e, spec: r.spec, library: library).map { Value(what: $0.what, status: $0.status, statusLabel: $0.statusLabel, source: $0.source) },
                             notes: e.notes)
        }
        var warnings: [String] = r.caveat.map { [$0] } ?? []
        if !r.uncosted.isEmpty { warnings.append("Sans coût dans la bibliothèque : \(r.uncosted.map { library.action($0)?.label ?? $0 }.joined(separator: ", ")) — le coût total est un minimum.") }
        if r.ghgPartial { warnings.append("Émissions partielles : le réseau de chaleur n'a pas de facteur connu ici.") }
        if !r.unpriced.isEmpty { warnings.append("Sans prix, hors de la facture : \(r.unpriced.map(\.label).joined(separator: ", ")).") }
        if r.spec.kind == .renovationGlobale {
            let c = library.deepRenovation.cost
            warnings.append("Coût au moins celui des rénovations comparables : \(Figures.integer(c.low))–\(Figures.integer(c.high)) €/m² (\(c.status.label)) — \(c.source)")
        }
        return Column(
            id: r.spec.id, anchor: "scenario-\(r.spec.id)", name: r.spec.name, kind: r.spec.kind.label, generated: s.generated, actions: actions,
            excluded: r.excluded.map { Excluded(label: library.action($0.action)?.label ?? $0.action, reason: $0.reason) },
            funding: s.funding.matches.map { m in
                Funding(scheme: m.scheme, eligible: m.eligible, condition: m.condition, terms: m.terms, amount: m.amount.map(euros),
                        status: m.status.rawValue, statusLabel: m.status.label, source: m.source)
            },
            remaining: "\(euros(s.funding.remainingWithoutGrants)) avec les seuls montants connus (CEE, maîtrise d'œuvre ACTEE) ; \(euros(s.funding.remainingAtCeiling)) si les aides atteignent le plafond de 80 % d'aides publiques",
            warnings: warnings,
            deleteAction: editable && !s.generated ? "\(base)/batiments/\(RenovationController.pathComponent(b.id))/travaux/scenarios/\(RenovationController.pathComponent(r.spec.id))/suppression" : nil)
    }
}
