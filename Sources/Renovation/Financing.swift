import Foundation

/// A funding scheme a scenario may qualify for, with its conditions and, where a rule gives one, an amount.
public struct FundingMatch: Sendable, Equatable {
    public enum Kind: String, Sendable { case subvention, certificats, pret, avance, ingenierie }

    public var scheme: String
    public var kind: Kind
    public var eligible: Bool
    /// The condition, met or not, in one sentence.
    public var condition: String
    /// Rates and ceilings as published.
    public var terms: String
    /// € the scheme brings to this scenario when a rule sets it (CEE, ACTEE's maîtrise d'œuvre), nil when it is
    /// decided case by case.
    public var amount: Double?
    public var status: ValueStatus
    public var source: String
}

/// What may pay for a scenario, and what is left for the collectivité.
public struct FundingPlan: Sendable, Equatable {
    public var matches: [FundingMatch]
    /// Left to pay with the certificates only (the grants decided case by case not counted).
    public var remainingWithoutGrants: Double
    /// Left to pay with every grant at its ceiling: public aid is capped at 80 % of the cost (the owner's 20 %
    /// minimum, CGCT L1111-10).
    public var remainingAtCeiling: Double
}

public enum Financing {
    /// The schemes of `renovation_actions.md` § 5 applied to a scenario of a building.
    public static func match(_ r: ScenarioResult, building b: Building, library: ActionLibrary) -> FundingPlan {
        let share = r.finalSavedShare
        let pct = Figures.decimal(share * 100, 0)
        let cost = (r.costLow + r.costHigh) / 2
        let ceeEur = r.cumac / 1000 * library.ceePrice.eurPerMWhCumac
        let isSchool = b.usage == .ecole
        let hasWorks = r.effects.contains { ($0.costHigh ?? 0) > 0 }
        let payback = r.paybackHigh
        var m: [FundingMatch] = []
        m.append(FundingMatch(
            scheme: "Certificats d'économies d'énergie (CEE)", kind: .certificats, eligible: r.cumac > 0,
            condition: r.cumac > 0 ? "\(Figures.integer(r.cumac / 1000)) MWh cumac au titre des fiches standardisées des actions" : "Aucune action du scénario ne relève d'une fiche standardisée en vigueur",
            terms: "Valorisés au prix du marché : \(Figures.decimal(library.ceePrice.eurPerMWhCumac, 2)) €/MWh cumac (\(library.ceePrice.status.label)) ; bonifications « Coup de pouce » possibles pour une pompe à chaleur remplaçant une chaudière fossile",
            amount: r.cumac > 0 ? ceeEur : nil, status: library.ceePrice.status, source: library.ceePrice.source))
        m.append(FundingMatch(
            scheme: "Fonds vert — rénovation énergétique des bâtiments publics locaux", kind: .subvention, eligible: share >= 0.4,
            condition: "Au moins −40 % d'énergie finale : le scénario atteint −\(pct) %",
            terms: "Taux fixé par le préfet (pas de taux national) ; cumulable avec la DSIL, la DETR, les CEE et ACTEE dans la limite de 80 % d'aides publiques ; l'enveloppe d'abord, sortie des chaudières fossiles attendue",
            amount: nil, status: .verifie, source: "monespacecollectivite.incubateur.anct.gouv.fr/ressource/355 ; cahier d'accompagnement Fonds vert 2024 v2.2"))
        m.append(FundingMatch(
            scheme: "DETR", kind: .subvention, eligible: hasWorks,
            condition: hasWorks ? "Travaux de lutte contre le réchauffement dans un bâtiment public" : "Pas de travaux dans le scénario",
            terms: "20 à 80 % selon la commission départementale", amount: nil, status: .aVerifier, source: "elsaschalck.fr/batiments-publics (vers 2023)"))
        m.append(FundingMatch(
            scheme: "DSIL", kind: .subvention, eligible: hasWorks,
            condition: hasWorks ? "Rénovation thermique, transition énergétique" : "Pas de travaux dans le scénario",
            terms: "20 à 40 % (indicatif)", amount: nil, status: .aVerifier, source: "elsaschalck.fr/batiments-publics (vers 2023)"))
        m.append(FundingMatch(
            scheme: "EduRénov (Banque des Territoires)", kind: .pret, eligible: isSchool && share >= 0.4,
            condition: isSchool ? "Bâtiment scolaire avec au moins 40 % d'économies : le scénario atteint −\(pct) %" : "Réservé aux bâtiments scolaires et de la petite enfance",
            terms: "Prêts de 25 à 40 ans ou intracting, crédits d'ingénierie ; 10 000 bâtiments visés d'ici 2027", amount: nil, status: .verifie,
            source: "aides-territoires.beta.gouv.fr/programmes/edurenov"))
        m.append(FundingMatch(
            scheme: "Prêt GPI AmBRE (Banque des Territoires)", kind: .pret, eligible: share >= 0.3,
            condition: "Au moins −30 % d'énergie, étude énergétique de moins de 24 mois, suivi des consommations : le scénario atteint −\(pct) %",
            terms: "Livret A + 0,75 %, 20 à 40 ans, jusqu'à 100 % du besoin jusqu'à 5 M€", amount: nil, status: .verifie,
            source: "prets.caissedesdepots.fr/pret-gpi-ambre.html"))
        m.append(FundingMatch(
            scheme: "Intracting (Banque des Territoires)", kind: .avance, eligible: payback.map { $0 <= 13 } ?? false,
            condition: payback.map { "Travaux remboursés par les économies en 10 à 13 ans : retour simple de \(Figures.decimal($0, 1)) ans au coût haut" } ?? "Aucune économie sur la facture : pas de remboursement possible",
            terms: "Avance remboursable à 0,25 % ajoutée aux fonds propres", amount: nil, status: .verifie,
            source: "banquedesterritoires.fr, blog « financer la rénovation énergétique des bâtiments publics »"))
        let moe = hasWorks && r.spec.kind == .renovationGlobale ? 35 * b.area : nil
        m.append(FundingMatch(
            scheme: "ACTEE+ (FNCCR, fonds CHÊNE)", kind: .ingenierie, eligible: true,
            condition: "Études, audits, économe de flux, maîtrise d'œuvre — pas les travaux",
            terms: "Études ≥ 50 % (audits 60 %), économe de flux 40 à 65 % du poste, maîtrise d'œuvre 35 €/m² par bâtiment ; programme jusqu'au 31 décembre 2026",
            amount: moe, status: .verifie, source: "programme-cee-actee.fr/faq-chene ; fnccr.asso.fr (cahier des charges CHÊNE)"))
        let certain = ceeEur + (moe ?? 0)
        return FundingPlan(matches: m, remainingWithoutGrants: max(0, cost - certain),
                           remainingAtCeiling: hasWorks ? cost * 0.2 : max(0, cost - certain))
    }
}
