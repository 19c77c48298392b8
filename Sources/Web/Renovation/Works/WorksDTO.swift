import Renovation

/// Where one value of an action comes from and how far it is trusted: the library's status, or the
/// collectivité's own figure.
struct WorksValue {
    /// « économie », « coût », « durée de vie ».
    let what: String
    /// `ValueStatus.rawValue`, or `saisi` for the collectivité's quote or quantity.
    let status: String
    let statusLabel: String
    let source: String

    static let enteredStatus = "saisi"

    /// The values behind an action's effect in a scenario, in the order the page shows them.
    static func of(_ effect: ActionEffect, spec: ScenarioSpec, library: ActionLibrary) -> [WorksValue] {
        guard let a = library.action(effect.action) else { return [] }
        let choice = spec.actions.first { $0.action == effect.action }
        var values = [WorksValue(what: "économie", status: a.saving.status.rawValue, statusLabel: a.saving.status.label,
                                 source: a.saving.fiche.map { a.saving.source.contains($0) ? a.saving.source : "Fiche \($0) \(a.saving.version ?? "") — \(a.saving.source)" } ?? a.saving.source)]
        if choice?.costLow != nil || choice?.costHigh != nil {
            values.append(WorksValue(what: "coût", status: enteredStatus, statusLabel: "saisi par la collectivité", source: "devis ou estimation de la collectivité"))
        } else if let c = a.cost {
            values.append(WorksValue(what: "coût", status: c.status.rawValue, statusLabel: c.status.label, source: c.source))
        }
        if let l = a.lifetime {
            values.append(WorksValue(what: "durée de vie (\(l.years) ans)", status: l.status.rawValue, statusLabel: l.status.label, source: l.source))
        }
        if choice?.quantity != nil {
            values.append(WorksValue(what: "quantité", status: enteredStatus, statusLabel: "saisie par la collectivité", source: "caractéristiques données par la collectivité"))
        }
        return values
    }
}

/// `GET /api/v1/renovation/…/batiments/{id}/scenarios`: the building's works in the API's French snake_case.
struct WorksDTO: Encodable {
    struct Uses: Encodable {
        let annee: Int, energie_chauffage: String, chauffage_kwh: Double, electricite_kwh: Double, autres_kwh: Double, total_kwh: Double
        let part_chauffage_supposee: Bool
    }
    struct Economics: Encodable {
        let prix_eur_kwh: [String: Double], taux_actualisation: Double, duree_ans: Int, annee_facteurs: Int
    }
    struct Milestone: Encodable {
        let annee: Int, reduction: Double, objectif_kwh: Double, ecart_kwh: Double, niveau_absolu: Bool
    }
    struct Trajectory: Encodable {
        let soumis: Bool, annee_reference: Int?, reference_kwh: Double?, note: String, derniere_annee: Int?, dernier_kwh: Double?
        let jalons: [Milestone]
    }
    struct Value: Encodable { let quoi: String, statut: String, source: String }
    struct Action: Encodable {
        let action: String, libelle: String, quantite: Double?, assiette: String?, economie_kwh: Double, cout_bas_eur: Double?, cout_haut_eur: Double?
        let kwh_cumac: Double?, valeurs: [Value], notes: [String]
    }
    struct Excluded: Encodable { let action: String, raison: String }
    struct Funding: Encodable {
        let dispositif: String, type: String, eligible: Bool, condition: String, conditions_financieres: String, montant_eur: Double?
        let statut: String, source: String
    }
    struct Scenario: Encodable {
        let identifiant: String, type: String, nom: String, genere: Bool
        let cout_bas_eur: Double, cout_haut_eur: Double, actions_sans_cout: [String]
        let energie_finale_avant_kwh: Double, energie_finale_apres_kwh: Double, energie_finale_economisee_kwh: Double, part_economisee: Double
        let energie_primaire_avant_kwhep: Double, energie_primaire_apres_kwhep: Double
        let ges_avant_kgco2e: Double, ges_apres_kgco2e: Double, ges_partiel: Bool
        let facture_avant_eur: Double, facture_apres_eur: Double, energies_sans_prix: [String]
        let retour_simple_bas_ans: Double?, retour_simple_haut_ans: Double?, van_basse_eur: Double, van_haute_eur: Double
        let etiquette_avant: String, etiquette_apres: String, haute_performance: Bool, kwh_cumac: Double, part_ecart_2030: Double?
        let actions: [Action], exclues: [Excluded], financements: [Funding]
        let reste_a_charge_sans_subventions_eur: Double, reste_a_charge_au_plafond_eur: Double
    }

    let batiment: String, nom: String, surface_m2: Double, bibliotheque: String
    let consommation: Uses?
    /// Why there is no scenario (no measured consumption), absent otherwise.
    let message: String?
    let caracteristiques: WorksProfileDTO
    let economie: Economics
    let decret_tertiaire: Trajectory
    let bacs: String
    let scenarios: [Scenario]

    init(_ w: BuildingWorks, library: ActionLibrary) {
        let b = w.building
        batiment = b.id; nom = b.name; surface_m2 = b.area; bibliotheque = library.version
        consommation = w.uses.map { u in
            Uses(annee: u.year, energie_chauffage: u.heatingCarrier.rawValue, chauffage_kwh: u.heating, electricite_kwh: u.electricity,
                 autres_kwh: u.others.values.reduce(0, +), total_kwh: u.total, part_chauffage_supposee: u.heatingShareAssumed)
        }
        message = w.uses == nil ? WorksPage.noConsumption : nil
        caracteristiques = WorksProfileDTO(w.profile)
        let s = w.settings
        economie = Economics(prix_eur_kwh: Dictionary(uniqueKeysWithValues: s.prices.map { ($0.key.rawValue, $0.value) }),
                             taux_actualisation: s.discountRate, duree_ans: s.horizon, annee_facteurs: s.year)
        let t = w.trajectory
        decret_tertiaire = Trajectory(soumis: t.subject, annee_reference: t.reference?.year, reference_kwh: t.reference?.compared, note: t.referenceNote,
                                      derniere_annee: t.latest?.year, dernier_kwh: t.latest?.compared,
                                      jalons: t.milestones.map { Milestone(annee: $0.year, reduction: $0.reduction, objectif_kwh: $0.target, ecart_kwh: $0.gap, niveau_absolu: $0.absolute) })
        bacs = w.bacs.text
        scenarios = w.scenarios.map { s in
            let r = s.result
            return Scenario(
                identifiant: r.spec.id, type: r.spec.kind.rawValue, nom: r.spec.name, genere: s.generated,
                cout_bas_eur: r.costLow, cout_haut_eur: r.costHigh, actions_sans_cout: r.uncosted,
                energie_finale_avant_kwh: r.before.total, energie_finale_apres_kwh: r.after.total, energie_finale_economisee_kwh: r.finalSaved,
                part_economisee: r.finalSavedShare, energie_primaire_avant_kwhep: r.primaryBefore, energie_primaire_apres_kwhep: r.primaryAfter,
                ges_avant_kgco2e: r.ghgBefore, ges_apres_kgco2e: r.ghgAfter, ges_partiel: r.ghgPartial,
                facture_avant_eur: r.billBefore, facture_apres_eur: r.billAfter, energies_sans_prix: r.unpriced.map(\.rawValue),
                retour_simple_bas_ans: r.paybackLow, retour_simple_haut_ans: r.paybackHigh, van_basse_eur: r.npvLow, van_haute_eur: r.npvHigh,
                etiquette_avant: r.labelBefore, etiquette_apres: r.labelAfter, haute_performance: r.highPerformance, kwh_cumac: r.cumac,
                part_ecart_2030: s.gap2030Covered,
                actions: r.effects.map { e in
                    Action(action: e.action, libelle: e.label, quantite: e.quantity, assiette: e.assiette?.rawValue, economie_kwh: e.savedKWh,
                           cout_bas_eur: e.costLow, cout_haut_eur: e.costHigh, kwh_cumac: e.cumac,
                           valeurs: WorksValue.of(e, spec: r.spec, library: library).map { Value(quoi: $0.what, statut: $0.status, source: $0.source) },
                           notes: e.notes)
                },
                exclues: r.excluded.map { Excluded(action: $0.action, raison: $0.reason) },
                financements: s.funding.matches.map { m in
                    Funding(dispositif: m.scheme, type: m.kind.rawValue, eligible: m.eligible, condition: m.condition, conditions_financieres: m.terms,
                            montant_eur: m.amount, statut: m.status.rawValue, source: m.source)
                },
                reste_a_charge_sans_subventions_eur: s.funding.remainingWithoutGrants, reste_a_charge_au_plafond_eur: s.funding.remainingAtCeiling)
        }
    }
}
