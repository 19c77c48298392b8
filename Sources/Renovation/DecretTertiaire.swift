/// What the décret tertiaire (and, below it, the loi DDADUE) asks of a public building, said on its sheet.
/// The threshold is the one the ranking's `Criterion.decret` counts.
public enum DecretTertiaire {
    /// Floor area from which the décret applies, in m².
    public static let threshold = 1_000.0

    public static func applies(toArea area: Double) -> Bool { area >= threshold }

    /// The building's obligations in one sentence, its area written the French way.
    public static func obligations(area: Double) -> String {
        applies(toArea: area)
            ? "Soumis au décret tertiaire (\(Figures.integer(area)) m² ≥ 1 000 m²) : −40 % d'énergie finale en 2030, −50 % en 2040, −60 % en 2050 par rapport à une année de référence 2010-2019, déclaration annuelle sur OPERAT."
            : "Non soumis au décret tertiaire (moins de 1 000 m²) ; concerné par la loi DDADUE (−1,9 %/an d'énergie finale pour les organismes publics) s'il dépasse 250 m²."
    }
}
