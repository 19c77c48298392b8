/// Deployable use cases, each sourced: what collectivités have actually done with data. The diagnostic
/// recommends the ones within reach of the collectivité's level.
public struct UseCase: Sendable, Identifiable {
    public enum Theme: String, Sendable, CaseIterable {
        case energie, eau, mobilite, dechets, commerce, logement, environnement, ouverture, pilotage, sante, amenagement

        public var label: String {
            switch self {
            case .energie: "Énergie et éclairage"
            case .eau: "Eau"
            case .mobilite: "Mobilité et stationnement"
            case .dechets: "Déchets"
            case .commerce: "Commerce et centre-ville"
            case .logement: "Logement"
            case .environnement: "Environnement et climat"
            case .ouverture: "Données ouvertes et transparence"
            case .pilotage: "Pilotage interne"
            case .sante: "Santé et social"
            case .amenagement: "Aménagement et voirie"
            }
        }
    }

    public let id: String
    public let title: String
    public let theme: Theme
    public let goal: String
    public let data: String
    /// The standard schema that applies, when there is one.
    public let schema: String?
    public let difficulty: String
    /// The maturity level from which a collectivité can carry it.
    public let level: MaturityLevel
    public let benefits: String
    public let examples: String
    public let sources: [String]
    /// What the platform offers for it, as a path, when it does.
    public let platform: String?
}

public enum UseCaseCatalogue {
    static func u(_ id: String, _ title: String, _ theme: UseCase.Theme, goal: String, data: String, schema: String? = nil,
                  difficulty: String, level: MaturityLevel, benefits: String, examples: String, sources: [String], platform: String? = nil) -> UseCase {
        UseCase(id: id, title: title, theme: theme, goal: goal, data: data, schema: schema, difficulty: difficulty, level: level,
                benefits: benefits, examples: examples, sources: sources, platform: platform)
    }

    public static let all: [UseCase] = [
        u("prioriser-renovation", "Prioriser la rénovation énergétique des bâtiments publics", .energie,
          goal: "Repérer les bâtiments les plus consommateurs pour décider des rénovations.",
          data: "Consommations d'électricité et de gaz, fichiers fonciers, surfaces", difficulty: "faible, clés en main", level: .debutant,
          benefits: "Cibler les écoles et équipements énergivores ; préparer le décret tertiaire", examples: "PrioRéno, testé avec une soixantaine de collectivités",
          sources: ["https://www.batiweb.com/actualites/collectivites-territoriales/prioreno-quand-l-ia-sert-la-renovation-des-batiments-publics-39443"]),
        u("comparer-consommations", "Comparer ses consommations d'énergie à des communes semblables", .energie,
          goal: "Situer la consommation de son patrimoine (piscines, écoles, gymnases).",
          data: "Consommations estimées du parc de bâtiments", difficulty: "très faible", level: .debutant,
          benefits: "Repérer les écarts sans compétence particulière", examples: "Mon comparateur énergétique",
          sources: ["https://parolesdelus.com/actualites/resilience-energetique-mon-comparateur-energetique-le-meilleur-allier-des-collectivites/"]),
        u("suivi-energie-eclairage", "Suivre les consommations d'énergie et l'éclairage public", .energie,
          goal: "Piloter les consommations et moderniser l'éclairage.",
          data: "Données de compteurs, inventaire des points lumineux", schema: "Éclairage extérieur (CNIG)", difficulty: "moyenne", level: .intermediaire,
          benefits: "L'éclairage intelligent peut réduire la consommation de 50 à 75 % (FNCCR)", examples: "Projets « énergie et éclairage » : 44 % des collectivités en 2023, 58 % en 2024",
          sources: ["https://banquedesterritoires.fr/eclairage-public-intelligent-la-fnccr-publie-un-guide-pratique"]),
        u("cartographie-eclairage", "Cartographier les points lumineux et la pollution lumineuse", .energie,
          goal: "Connaître le parc d'éclairage et son impact environnemental.",
          data: "Données techniques et localisation de 771 000 points lumineux", schema: "Éclairage extérieur (CNIG)", difficulty: "moyenne, mutualisée", level: .intermediaire,
          benefits: "Limiter l'impact environnemental de l'éclairage", examples: "France Data Réseau, 7 groupements",
          sources: ["https://fnccr.asso.fr/?p=45162"]),
        u("fuites-reseau-eau", "Prévoir les casses du réseau d'eau et réduire les fuites", .eau,
          goal: "Prioriser le renouvellement des canalisations.",
          data: "Historique des casses, âge et matériau des conduites", difficulty: "élevée (IA)", level: .pionnier,
          benefits: "Programmes de renouvellement optimisés", examples: "5 opérateurs, environ 14 000 km de réseau (France Data Réseau)",
          sources: ["https://fnccr.asso.fr/?p=45162"]),
        u("bornes-recharge", "Inventorier les bornes de recharge électrique (IRVE)", .mobilite,
          goal: "Connaître et publier l'offre de recharge, planifier les zones futures.",
          data: "Bornes et points de charge", schema: "IRVE (schema.data.gouv.fr)", difficulty: "faible à moyenne", level: .debutant,
          benefits: "Meilleur accès des usagers ; planification", examples: "3 syndicats, 850 points (France Data Réseau)",
          sources: ["https://fnccr.asso.fr/?p=45162", "https://github.com/etalab/schema-irve"]),
        u("poteaux-fibre", "Enrichir le patrimoine fibre avec les données des poteaux électriques", .amenagement,
          goal: "Disposer d'un référentiel patrimonial commun.",
          data: "Données des poteaux, normalisées", difficulty: "moyenne (syndicats)", level: .intermediaire,
          benefits: "Référentiels patrimoniaux enrichis", examples: "Syndicats d'énergie du réseau FNCCR",
          sources: ["https://www.actu-environnement.com/ae/news/experimentation-france-data-reseau-39188.php4"]),
        u("tournees-dechets", "Optimiser les tournées de collecte des déchets", .dechets,
          goal: "Collecter quand les conteneurs sont pleins, pas selon un calendrier fixe.",
          data: "Capteurs de remplissage, tournées", difficulty: "moyenne à élevée", level: .intermediaire,
          benefits: "Moins de tournées ; 40 % des collectivités avaient un projet déchets en 2024", examples: "Lorient ; Grand Lyon et Angers (capteurs)",
          sources: ["https://www.avicca.org/actualite/le-cerema-met-liot-au-service-des-villes"]),
        u("depots-sauvages", "Détecter les dépôts sauvages", .dechets,
          goal: "Repérer et traiter plus vite les dépôts sauvages.",
          data: "Signalements, images", difficulty: "élevée", level: .pionnier,
          benefits: "Intervention plus rapide", examples: "Projet retenu en formation-action",
          sources: ["https://www.seminaires-ecommerce.com/2024/01/24/"]),
        u("pilotage-pcaet", "Piloter le plan climat (PCAET)", .environnement,
          goal: "Suivre les indicateurs énergie, gaz à effet de serre et climat du plan.",
          data: "Indicateurs énergie-climat des observatoires régionaux", difficulty: "moyenne", level: .intermediaire,
          benefits: "Suivi des objectifs du plan", examples: "Projet retenu en formation-action",
          sources: ["https://www.seminaires-ecommerce.com/2024/01/24/"]),
        u("observatoire-commerce", "Observatoire du commerce et de l'attractivité", .commerce,
          goal: "Relier fréquentation et vie commerciale du centre-ville.",
          data: "Sirene, fréquentation, horodateurs, stationnement", difficulty: "moyenne", level: .intermediaire,
          benefits: "Une base pour un observatoire du commerce", examples: "Thionville, Saint-Avold, Belfort",
          sources: ["https://banquedesterritoires.fr/quelles-donnees-au-service-de-la-revitalisation-des-centres-villes"]),
        u("vacance-commerciale", "Tableaux de bord de vacance commerciale et de fréquentation", .commerce,
          goal: "Suivre la vacance commerciale et la fréquentation du centre.",
          data: "INSEE, Sit@del, fréquentation", difficulty: "faible, clés en main", level: .debutant,
          benefits: "Suivre l'effet des actions de revitalisation", examples: "Dataviz Cœur de ville et Dataviz PVD (plus de 70 jeux de données)",
          sources: ["https://parolesdelus.com/actualites/avec-dataviz-pvd-les-petites-villes-ont-toutes-les-cartes-en-main/"], platform: "/observatoire"),
        u("stationnement", "Stationnement : cibler le contrôle, suivre la rotation", .mobilite,
          goal: "Améliorer la rotation des places en centre-ville.",
          data: "Horodateurs, verbalisations", schema: "Stationnement (schema.data.gouv.fr)", difficulty: "moyenne", level: .intermediaire,
          benefits: "Meilleure rotation", examples: "Saint-Quentin, Soissons, Tulle, La Roche-sur-Yon",
          sources: ["https://banquedesterritoires.fr/quelles-donnees-au-service-de-la-revitalisation-des-centres-villes"]),
        u("mobilites-douces", "Informer sur les mobilités douces dans l'application municipale", .mobilite,
          goal: "Publier les aménagements et stationnements cyclables.",
          data: "Aménagements et stationnements cyclables", schema: "Aménagements cyclables ; stationnement cyclable", difficulty: "moyenne", level: .intermediaire,
          benefits: "Information des habitants", examples: "Digne-les-Bains",
          sources: ["https://banquedesterritoires.fr/quelles-donnees-au-service-de-la-revitalisation-des-centres-villes"]),
        u("patrimoine-arbore", "Gérer le patrimoine arboré", .environnement,
          goal: "Inventorier et planifier les plantations.",
          data: "Inventaire des arbres", schema: "Arbres urbains", difficulty: "moyenne", level: .intermediaire,
          benefits: "Adaptation au changement climatique", examples: "Saint-Omer (outil de plantation), Fécamp (charte de l'arbre)",
          sources: ["https://banquedesterritoires.fr/donnees-environnementales-six-villes-du-programme-action-coeur-de-ville-temoignent"]),
        u("ilots-chaleur", "Mesurer les îlots de chaleur urbains", .environnement,
          goal: "Localiser les zones les plus chaudes pour adapter la ville.",
          data: "Deux ans de mesures de température", difficulty: "moyenne à élevée", level: .intermediaire,
          benefits: "Atténuation et adaptation", examples: "Vitré",
          sources: ["https://banquedesterritoires.fr/donnees-environnementales-six-villes-du-programme-action-coeur-de-ville-temoignent"]),
        u("logements-vacants", "Observer et remobiliser les logements vacants", .logement,
          goal: "Identifier les logements vacants et contacter leurs propriétaires.",
          data: "LOVAC (Cerema), sur demande", difficulty: "faible à moyenne", level: .debutant,
          benefits: "Remettre des logements sur le marché (1,135 million de logements privés vacants en 2022)", examples: "Zéro Logement Vacant",
          sources: ["https://www.cerema.fr/fr/actualites/lovac-outil-du-cerema-identifier-remobiliser-logements"], platform: "/observatoire"),
        u("deliberations", "Publier automatiquement les délibérations", .ouverture,
          goal: "Respecter l'obligation d'ouverture sans travail manuel.",
          data: "Délibérations", schema: "SCDL Délibérations", difficulty: "faible par mutualisation", level: .debutant,
          benefits: "Conformité à l'ouverture des données", examples: "Mégalis Bretagne, environ 250 communes",
          sources: ["https://banquedesterritoires.fr/lopen-data-local-en-manque-de-locomotives-dans-les-territoires"]),
        u("subventions", "Publier les subventions attribuées", .ouverture,
          goal: "Respecter le décret 2017-779 et rendre les aides transparentes.",
          data: "Conventions de subvention", schema: "SCDL Subventions", difficulty: "faible", level: .debutant,
          benefits: "Obligation légale ; transparence", examples: "Montbéliard",
          sources: ["https://schema.data.gouv.fr/scdl/subventions/"]),
        u("budget", "Ouvrir et visualiser le budget", .ouverture,
          goal: "Rendre le budget lisible par les élus et les habitants.",
          data: "Documents budgétaires", schema: "SCDL Budget", difficulty: "faible à moyenne", level: .debutant,
          benefits: "Transparence ; vues pour les élus", examples: "Quimper Bretagne Occidentale, Caluire-et-Cuire",
          sources: ["https://www.data.gouv.fr/datasets/donnees-essentielles-du-budget-de-la-commune-de-caluire-et-cuire/"]),
        u("marches-publics", "Publier les données essentielles des marchés publics", .ouverture,
          goal: "Respecter l'obligation de publication sur le portail national.",
          data: "Marchés publics", schema: "DECP", difficulty: "faible", level: .debutant,
          benefits: "Conformité (obligatoire depuis le 1er janvier 2024)", examples: "Toutes les collectivités acheteuses",
          sources: ["https://github.com/139bercy/format-commande-publique"]),
        u("catalogue", "Tenir le catalogue des données de la collectivité", .ouverture,
          goal: "Savoir quelles données existent, où, et qui en est responsable.",
          data: "Inventaire des jeux de données", schema: "SCDL Catalogue", difficulty: "faible", level: .debutant,
          benefits: "Inventaire ; alimente le catalogue national", examples: "Givors, La Tour-de-Salvagny",
          sources: ["https://schema.data.gouv.fr/scdl/catalogue/"]),
        u("diagnostic-sante", "Diagnostic territorial de santé", .sante,
          goal: "Objectiver les besoins de santé du territoire.",
          data: "Données de santé et sociales hétérogènes", difficulty: "moyenne", level: .intermediaire,
          benefits: "Priorités de santé partagées", examples: "L'Île-Saint-Denis ; Nièvre (retour à l'emploi et santé)",
          sources: ["https://www.banquedesterritoires.fr/les-strategies-des-territoires-pour-creer-une-culture-de-la-donnee"]),
        u("evaluation-politique-ville", "Évaluer la politique de la ville", .sante,
          goal: "Mesurer l'effet des actions dans les quartiers prioritaires.",
          data: "Bilans obligatoires des bénéficiaires de subventions", difficulty: "moyenne", level: .intermediaire,
          benefits: "Réutiliser l'existant plutôt que créer un nouveau tableau de bord", examples: "Paris Est Marne & Bois (300 actions, 9 quartiers)",
          sources: ["https://www.banquedesterritoires.fr/les-strategies-des-territoires-pour-creer-une-culture-de-la-donnee"]),
        u("mobilite-rurale", "Mobilité du quotidien en milieu rural", .mobilite,
          goal: "Adapter l'offre de transport aux déplacements réels.",
          data: "Données de mobilité", difficulty: "moyenne", level: .intermediaire,
          benefits: "Offre mieux ciblée", examples: "Corrèze, Pyrénées-Atlantiques",
          sources: ["https://www.banquedesterritoires.fr/les-strategies-des-territoires-pour-creer-une-culture-de-la-donnee"]),
        u("tableaux-de-bord-internes", "Tableaux de bord internes de pilotage", .pilotage,
          goal: "Donner aux élus et à la direction des indicateurs à jour.",
          data: "Données internes", difficulty: "faible à moyenne", level: .debutant,
          benefits: "Le résultat le plus fréquent des formations-actions", examples: "Côtes-d'Armor ; subventions des contrats de territoire",
          sources: ["https://banquedesterritoires.fr/data-les-tableaux-de-bord-ont-la-cote-dans-les-collectivites"]),
        u("etat-des-routes", "Diagnostiquer l'état des routes par vidéo", .amenagement,
          goal: "Programmer l'entretien de la voirie là où il est utile.",
          data: "Vidéos embarquées, prévisions de dégradation", difficulty: "moyenne (prestation)", level: .intermediaire,
          benefits: "Budget d'entretien optimisé", examples: "Service proposé par La Poste",
          sources: ["https://www.seminaires-ecommerce.com/2023/11/16/"]),
        u("ia-generative-rh", "Assistant d'IA générative pour les ressources humaines", .pilotage,
          goal: "Répondre aux questions des agents à partir des documents RH.",
          data: "Documents RH", difficulty: "élevée", level: .pionnier,
          benefits: "D'abord en interne, puis pour les habitants", examples: "Antony",
          sources: ["https://smartcitymag.fr/article/1531/"]),
        u("potentiel-enr", "Potentiel d'énergies renouvelables dans le SCoT", .environnement,
          goal: "Localiser le potentiel de production renouvelable.",
          data: "Données de l'observatoire climat-air-énergie", difficulty: "élevée", level: .pionnier,
          benefits: "Planification énergétique", examples: "Vosges Centrales ; plateforme santé-environnement de Nantes",
          sources: ["https://opendatafrance.gitbook.io/dataimpact-usages-des-donnees-environnementales/"]),
        u("equipements-collectifs", "Publier les équipements collectifs, menus, défibrillateurs, adresses", .ouverture,
          goal: "Gains rapides d'ouverture avec les schémas nationaux.",
          data: "Équipements, menus, défibrillateurs, base adresse locale", schema: "SCDL Équipements ; menus collectifs ; DAE ; BAL", difficulty: "faible", level: .debutant,
          benefits: "Conformité ; réutilisation", examples: "Nombreuses communes via leurs plateformes mutualisées",
          sources: ["https://schema.data.gouv.fr/"]),
    ]

    public static func filtered(theme: UseCase.Theme?, level: MaturityLevel?) -> [UseCase] {
        all.filter { (theme == nil || $0.theme == theme) && (level == nil || $0.level <= level!) }
    }
}
